package dev.sessionkit.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.sessionkit.store.SessionRecord;
import dev.sessionkit.store.SessionStore.SetMode;
import dev.sessionkit.testkit.MutableClock;
import dev.sessionkit.testsupport.postgres.LocalPostgres;
import dev.sessionkit.testsupport.postgres.PostgresServers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code expire} on a server whose {@code timezone} is not UTC (America/New_York), read and written through JDBC
 * sessions in yet another zone (Asia/Kolkata, set on each pooled connection, as PgJDBC sets the JVM's). Node's
 * {@code pg} leaves its sessions in the server's zone, so "a Node session" here is a connection set to it, and
 * "connect-pg-simple's SQL" is its statements with its parameters (epoch seconds).
 */
@Timeout(120)
class PostgresTimeZoneTest {

    private static final String SERVER_ZONE = "America/New_York";
    private static final String JDBC_ZONE = "Asia/Kolkata";
    /** In winter: New York is UTC-5, Kolkata UTC+5:30. */
    private static final Instant EXPIRES = Instant.parse("2030-01-02T04:04:05Z");

    private static LocalPostgres server;
    private static HikariDataSource javaSessions;
    private static HikariDataSource nodeSessions;

    @BeforeAll
    static void start() {
        server = PostgresServers.start(Map.of("timezone", SERVER_ZONE));
        javaSessions = TestDatabase.pool(server.jdbcUrl(), 1, "SET TIME ZONE '" + JDBC_ZONE + "'");
        nodeSessions = TestDatabase.pool(server.jdbcUrl(), 2, "SET TIME ZONE '" + SERVER_ZONE + "'");
    }

    @AfterAll
    static void stop() {
        try {
            for (HikariDataSource pool : new HikariDataSource[] {javaSessions, nodeSessions}) {
                if (pool != null) {
                    pool.close();
                }
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    private static String one(javax.sql.DataSource dataSource, String query, Object... params) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(query)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            if (!statement.execute()) {
                return null;
            }
            try (ResultSet rows = statement.getResultSet()) {
                return rows.next() ? rows.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PostgresSessionStore store(String table, MutableClock clock, ZoneId zone) {
        return PostgresSessionStore.builder(javaSessions).tableName(table).createTableIfMissing(true)
                .pruneInterval(Duration.ZERO).timeZone(zone).clock(clock).build();
    }

    @Test
    void theSessionsDiffer_theServerIsNewYork_theJdbcSessionsKolkata() {
        assertThat(one(nodeSessions, "SELECT setting FROM pg_file_settings WHERE name = 'timezone' AND applied"))
                .isEqualTo(SERVER_ZONE);
        assertThat(one(javaSessions, "SHOW TimeZone")).isEqualTo(JDBC_ZONE);
    }

    @Test
    void storeWrites_nodeSessionReadsTheInstant() {
        String table = TestDatabase.uniqueTable();
        MutableClock clock = MutableClock.fixed();
        store(table, clock, ZoneId.of(SERVER_ZONE)).set("s1", SessionRecord.of("{\"v\":1}", EXPIRES), SetMode.ALWAYS);

        assertThat(one(nodeSessions, "SELECT expire::text FROM " + Sql.quote(table)))
                .as("New York's wall clock, as connect-pg-simple would have written it").isEqualTo("2030-01-01 23:04:05");
        assertThat(one(nodeSessions, "SELECT extract(epoch FROM expire::timestamptz)::bigint FROM " + Sql.quote(table)))
                .isEqualTo(Long.toString(EXPIRES.getEpochSecond()));
        assertThat(one(nodeSessions, "SELECT count(*) FROM " + Sql.quote(table) + " WHERE expire >= to_timestamp(?)",
                EXPIRES.getEpochSecond() - 1)).as("live for connect-pg-simple's get a second before").isEqualTo("1");
        assertThat(one(nodeSessions, "SELECT count(*) FROM " + Sql.quote(table) + " WHERE expire >= to_timestamp(?)",
                EXPIRES.getEpochSecond() + 1)).as("gone for it a second after").isEqualTo("0");
        TestDatabase.drop(javaSessions, table);
    }

    @Test
    void nodeWrites_storeSeesItExpireAtTheSameInstant() {
        String table = TestDatabase.uniqueTable();
        MutableClock clock = MutableClock.at(EXPIRES.minusSeconds(1));
        PostgresSessionStore store = store(table, clock, ZoneId.of(SERVER_ZONE));
        store.get("create the table");
        one(nodeSessions, "INSERT INTO " + Sql.quote(table) + " (sess, expire, sid) SELECT ?::json, to_timestamp(?), ?"
                + " ON CONFLICT (sid) DO UPDATE SET sess=?::json, expire=to_timestamp(?) RETURNING sid",
                "{\"v\":\"node\"}", EXPIRES.getEpochSecond(), "n1", "{\"v\":\"node\"}", EXPIRES.getEpochSecond());

        assertThat(store.get("n1")).as("a second before").contains("{\"v\":\"node\"}");
        clock.advance(Duration.ofSeconds(2));
        assertThat(store.get("n1")).as("a second after").isEmpty();
        TestDatabase.drop(javaSessions, table);
    }

    /** Why the zone is an option: a store that takes New York's wall clock for UTC ends its sessions five hours early. */
    @Test
    void storeInAnotherZoneThanTheServers_isOffByTheDifference() {
        String table = TestDatabase.uniqueTable();
        MutableClock clock = MutableClock.at(EXPIRES.minus(Duration.ofHours(5)).minusSeconds(1));
        PostgresSessionStore utc = store(table, clock, ZoneId.of("UTC"));
        utc.get("create the table");
        one(nodeSessions, "INSERT INTO " + Sql.quote(table) + " (sess, expire, sid) SELECT ?::json, to_timestamp(?), ?",
                "{\"v\":\"node\"}", EXPIRES.getEpochSecond(), "n1");

        assertThat(utc.get("n1")).isPresent();
        clock.advance(Duration.ofSeconds(2));
        assertThat(utc.get("n1")).as("live for another five hours, yet over for a store in the wrong zone").isEmpty();
        TestDatabase.drop(javaSessions, table);
    }

    /** The store's own writes and reads agree whatever the JDBC session's zone: the zone is named in each statement. */
    @Test
    void storeWritesAndReads_sameInstantWhateverTheJdbcSessionsZone() {
        String table = TestDatabase.uniqueTable();
        MutableClock clock = MutableClock.at(EXPIRES.minusSeconds(1));
        PostgresSessionStore store = store(table, clock, ZoneId.of(SERVER_ZONE));
        store.set("s1", SessionRecord.of("{\"v\":1}", EXPIRES), SetMode.ALWAYS);
        TestDatabase.execute(javaSessions, "SET TIME ZONE 'Pacific/Auckland'"); // the pool's one connection
        try {
            assertThat(store.get("s1")).isPresent();
            assertThat(store.facets().principalIndex().orElseThrow().add("ada", "s1", null, 1)).isTrue();
            assertThat(store.facets().principalIndex().orElseThrow().sessionsOf("ada")).singleElement()
                    .satisfies(stored -> assertThat(stored.expiresAt()).isEqualTo(EXPIRES));
            clock.advance(Duration.ofSeconds(1));
            assertThat(store.get("s1")).as("at the instant itself: over").isEmpty();
        } finally {
            TestDatabase.execute(javaSessions, "SET TIME ZONE '" + JDBC_ZONE + "'");
            TestDatabase.drop(javaSessions, table);
        }
    }
}
