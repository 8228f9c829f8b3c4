package dev.sessionkit.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkit.store.SessionEnumeration;
import dev.sessionkit.store.SessionRecord;
import dev.sessionkit.store.SessionStore;
import dev.sessionkit.store.SessionStore.SetMode;
import dev.sessionkit.store.SessionStoreException;
import dev.sessionkit.testkit.EnumeratedIndexContract;
import dev.sessionkit.testkit.MutableClock;
import dev.sessionkit.testkit.SessionStoreContract;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The store contract and both facet contracts against a real PostgreSQL, each test on a table of its own (created by
 * the store: {@code createTableIfMissing}), and the table's layout as connect-pg-simple has it.
 *
 * <p>Time: the store compares {@code expire} with its own clock, passed into each statement as connect-pg-simple
 * passes Node's, so the contract's {@link MutableClock} moves time for PostgreSQL too; nothing sleeps.
 */
@Timeout(120)
class PostgresSessionStoreTest extends SessionStoreContract implements EnumeratedIndexContract {

    private String table;

    static DataSource dataSource() {
        return TestDatabase.shared();
    }

    @Override
    protected SessionStore createStore(MutableClock clock) {
        table = TestDatabase.uniqueTable();
        return PostgresSessionStore.builder(dataSource()).tableName(table).createTableIfMissing(true)
                .pruneInterval(Duration.ZERO).defaultTtl(defaultTtl()).clock(clock).build();
    }

    @AfterEach
    void dropTables() {
        TestDatabase.drop(dataSource(), table);
    }

    static String json(String data) {
        return "{\"cookie\":{\"originalMaxAge\":null,\"expires\":null,\"httpOnly\":true,\"path\":\"/\"}," + data + "}";
    }

    private List<List<String>> rows(String query) {
        try (Connection connection = dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(query);
             ResultSet rows = statement.executeQuery()) {
            List<List<String>> result = new ArrayList<>();
            while (rows.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                    row.add(rows.getString(i));
                }
                result.add(row);
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private String quoted() {
        return Sql.quote(table);
    }

    // --- the table, as connect-pg-simple has it ------------------------------------------------------------------

    @Test
    void createTableIfMissing_makesConnectPgSimplesTable() {
        store().get("nothing");

        assertThat(rows("SELECT column_name, data_type, is_nullable, datetime_precision FROM information_schema.columns"
                + " WHERE table_name = '" + table + "' ORDER BY ordinal_position")).containsExactly(
                java.util.Arrays.asList("sid", "character varying", "NO", null),
                java.util.Arrays.asList("sess", "json", "NO", null),
                List.of("expire", "timestamp without time zone", "NO", "6"));
        assertThat(rows("SELECT indexdef FROM pg_indexes WHERE tablename = '" + table + "' ORDER BY indexname"))
                .extracting(row -> row.get(0)).containsExactlyInAnyOrder(
                        "CREATE INDEX \"IDX_" + table + "_expire\" ON public." + quoted() + " USING btree (expire)",
                        "CREATE UNIQUE INDEX \"" + table + "_pkey\" ON public." + quoted() + " USING btree (sid)");
    }

    @Test
    void createTableIfMissing_tableMadeByConnectPgSimple_isUsedAsItIs_noSecondIndex() {
        String theirs = table + "-theirs";
        TestDatabase.execute(dataSource(), "CREATE TABLE " + Sql.quote(theirs) + " (\"sid\" varchar NOT NULL COLLATE"
                + " \"default\", \"sess\" json NOT NULL, \"expire\" timestamp(6) NOT NULL);"
                + " ALTER TABLE " + Sql.quote(theirs) + " ADD CONSTRAINT \"pk-" + theirs.hashCode() + "\" PRIMARY KEY"
                + " (\"sid\") NOT DEFERRABLE INITIALLY IMMEDIATE;"
                + " CREATE INDEX \"IDX-" + theirs.hashCode() + "\" ON " + Sql.quote(theirs) + " (\"expire\")");
        try {
            SessionStore store = PostgresSessionStore.builder(dataSource()).tableName(theirs).createTableIfMissing(true)
                    .pruneInterval(Duration.ZERO).clock(clock()).build();
            store.set("s1", SessionRecord.of(json("\"v\":1"), null), SetMode.IF_ABSENT);

            assertThat(store.get("s1")).contains(json("\"v\":1"));
            assertThat(rows("SELECT count(*) FROM pg_indexes WHERE tablename = '" + theirs + "'"))
                    .containsExactly(List.of("2"));
            assertThat(rows("SELECT to_regclass('" + Sql.quote(theirs + "_principal") + "') IS NOT NULL"))
                    .as("the principal index's table is added").containsExactly(List.of("t"));
        } finally {
            TestDatabase.drop(dataSource(), theirs);
        }
    }

    @Test
    void set_writesTheRecordAsJsonTextAndExpireAsConnectPgSimpleDoes() {
        store().set("s1", SessionRecord.of(json("\"v\":\"Zoë\""), clock().instant().plusMillis(90_500)),
                SetMode.ALWAYS);

        assertThat(rows("SELECT sid, sess::text, expire::text, extract(epoch FROM expire AT TIME ZONE 'UTC')::bigint"
                + " FROM " + quoted())).containsExactly(List.of("s1", json("\"v\":\"Zoë\""), "2030-01-02 03:05:36",
                Long.toString(clock().instant().plusSeconds(91).getEpochSecond())));
    }

    @Test
    void getAndTouch_sameExpiry_writesNoNewRowVersion() {
        store().set("s1", SessionRecord.of(json("\"v\":1"), clock().instant().plusSeconds(600)), SetMode.ALWAYS);
        String version = rows("SELECT xmin::text FROM " + quoted()).get(0).get(0);

        assertThat(store().getAndTouch("s1", clock().instant().plusSeconds(600))).contains(json("\"v\":1"));
        assertThat(rows("SELECT xmin::text FROM " + quoted()).get(0).get(0)).as("not written").isEqualTo(version);

        assertThat(store().getAndTouch("s1", clock().instant().plusSeconds(601))).contains(json("\"v\":1"));
        assertThat(rows("SELECT xmin::text FROM " + quoted()).get(0).get(0)).as("moved: written").isNotEqualTo(version);
    }

    @Test
    void setIfAbsent_expiredRowNotYetPruned_isReplaced() {
        store().set("s1", SessionRecord.of(json("\"v\":1"), clock().instant().plusSeconds(5)), SetMode.ALWAYS);
        advanceTime(Duration.ofSeconds(6));

        assertThat(store().set("s1", SessionRecord.of(json("\"v\":2"), null), SetMode.IF_ABSENT)).isTrue();

        assertThat(rows("SELECT sess::text FROM " + quoted())).containsExactly(List.of(json("\"v\":2")));
    }

    @Test
    void prune_deletesExpiredRowsOnly_inBatches() {
        PostgresSessionStore store = (PostgresSessionStore) store();
        for (int i = 0; i < 5; i++) {
            store.set("short-" + i, SessionRecord.of(json("\"v\":1"), clock().instant().plusSeconds(10)), SetMode.ALWAYS);
        }
        store.set("long", SessionRecord.of(json("\"v\":2"), clock().instant().plusSeconds(600)), SetMode.ALWAYS);
        assertThat(store.prune()).as("nothing has expired yet").isZero();

        advanceTime(Duration.ofSeconds(11));

        assertThat(store.prune()).isEqualTo(5);
        assertThat(rows("SELECT sid FROM " + quoted())).containsExactly(List.of("long"));
    }

    @Test
    void pruneJob_runsInTheBackground_andStopsWithTheStore() throws Exception {
        MutableClock clock = clock();
        PostgresSessionStore store = PostgresSessionStore.builder(dataSource()).tableName(table)
                .createTableIfMissing(true).pruneInterval(Duration.ofSeconds(1)).pruneBatchSize(2).clock(clock).build();
        for (int i = 0; i < 5; i++) {
            store.set("short-" + i, SessionRecord.of(json("\"v\":1"), clock.instant().plusSeconds(10)), SetMode.ALWAYS);
        }
        advanceTime(Duration.ofSeconds(11)); // expiry is the clock's; the job's own interval is real time

        // Two more runs: the second of them began after the clock moved (the first may have read it before).
        long runs = store.pruneRuns();
        assertThat(store.awaitPruneRuns(runs + 2, Duration.ofSeconds(20))).as("the job ran within 20 s").isTrue();
        assertThat(rows("SELECT sid FROM " + quoted())).as("pruned in batches of 2").isEmpty();

        List<Thread> job = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("sessionkit-postgres-prune")).toList();
        assertThat(job).as("this store's job, the only one in these tests").hasSize(1)
                .allSatisfy(thread -> assertThat(thread.isDaemon()).isTrue());
        store.close();
        job.get(0).join(5_000);
        assertThat(job.get(0).isAlive()).as("stopped by close()").isFalse();
    }

    @Test
    void schemaAndNamesNeedingQuotes_areUsedExactlyAsGiven() {
        String schema = "Sessions \"Schema\"-" + table.hashCode();
        TestDatabase.execute(dataSource(), "CREATE SCHEMA " + Sql.quote(schema));
        try {
            SessionStore store = PostgresSessionStore.builder(dataSource()).schemaName(schema).tableName("sess;ion")
                    .createTableIfMissing(true).pruneInterval(Duration.ZERO).clock(clock()).build();
            store.set("s1", SessionRecord.of(json("\"v\":1"), null), SetMode.IF_ABSENT);
            store.facets().principalIndex().orElseThrow().add("ada", "s1", null, 5);

            assertThat(rows("SELECT sid FROM " + Sql.quote(schema) + ".\"sess;ion\"")).containsExactly(List.of("s1"));
            assertThat(store.facets().principalIndex().orElseThrow().sessionsOf("ada")).hasSize(1);
        } finally {
            TestDatabase.execute(dataSource(), "DROP SCHEMA " + Sql.quote(schema) + " CASCADE");
        }
    }

    @Test
    void missingTable_withoutCreateTableIfMissing_isAStoreExceptionWithoutDetails() {
        SessionStore store = PostgresSessionStore.builder(dataSource()).tableName("no such table")
                .pruneInterval(Duration.ZERO).build();

        assertThatThrownBy(() -> store.get("secret-session-id")).isInstanceOf(SessionStoreException.class)
                .hasMessage("PostgreSQL get failed: PSQLException (SQLState 42P01)");
    }

    @Test
    void estimatedSize_afterAnalyse_isTheTablesRows() {
        SessionEnumeration enumeration = store().facets().enumeration().orElseThrow();
        for (int i = 0; i < 10; i++) {
            store().set("s" + i, SessionRecord.of(json("\"v\":1"), null), SetMode.ALWAYS);
        }
        TestDatabase.execute(dataSource(), "ANALYZE " + quoted());

        assertThat(enumeration.estimatedSize()).hasValue(10);
    }

    // --- builder rules -------------------------------------------------------------------------------------------

    @Test
    void builder_badValues_failFastNamingThem() {
        PostgresSessionStore.Builder builder = PostgresSessionStore.builder(dataSource());
        assertThatThrownBy(() -> PostgresSessionStore.builder(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("dataSource");
        assertThatThrownBy(() -> builder.tableName(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tableName");
        assertThatThrownBy(() -> builder.schemaName("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schemaName");
        assertThatThrownBy(() -> builder.timeZone(ZoneOffset.ofHours(5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("+05:00");
        assertThatThrownBy(() -> builder.defaultTtl(Duration.ofMillis(999))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.pruneInterval(Duration.ofMillis(500)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.pruneBatchSize(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toString_showsOptionsNotTheDataSource() {
        PostgresSessionStore store = PostgresSessionStore.builder(dataSource()).schemaName("app")
                .timeZone(ZoneId.of("Asia/Kolkata")).pruneInterval(Duration.ZERO).build();

        assertThat(store).hasToString("PostgresSessionStore{table=\"app\".\"session\", defaultTtl=PT24H, "
                + "timeZone=Asia/Kolkata, pruneInterval=PT0S}");
        store.close();
    }
}
