package dev.sessionkit.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.sessionkit.store.PrincipalIndex;
import dev.sessionkit.store.SessionRecord;
import dev.sessionkit.store.SessionStore.Replaced;
import dev.sessionkit.store.SessionStore.SetMode;
import dev.sessionkit.store.SessionStoreException;
import dev.sessionkit.testsupport.postgres.LocalPostgres;
import dev.sessionkit.testsupport.postgres.PostgresServers;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the store does when PostgreSQL goes away or the pool has no connection to give, against a private cluster the
 * test stops and starts on the same port: every operation fails within a bound with a {@link SessionStoreException}
 * that names neither the session id nor the data, nothing is half-written, and the same store works again once the
 * database is back, without a restart.
 */
@Timeout(120)
class PostgresFailureTest {

    private static final String ID = "very-secret-session-id-4f1c";
    private static final String DATA = "{\"cookie\":{\"path\":\"/\"},\"card\":\"4111-secret\"}";
    private static final Duration BOUND = Duration.ofSeconds(5);

    private LocalPostgres server;
    private HikariDataSource pool;
    private PostgresSessionStore store;

    @BeforeEach
    void start() {
        server = PostgresServers.start(Map.of());
        pool = TestDatabase.pool(server.jdbcUrl(), 2);
        pool.setConnectionTimeout(500);
        store = PostgresSessionStore.builder(pool).createTableIfMissing(true).pruneInterval(Duration.ZERO).build();
    }

    @AfterEach
    void stop() {
        try {
            store.close();
            pool.close();
        } finally {
            server.close();
        }
    }

    private static void failsFast(ThrowingCallable operation) {
        long start = System.nanoTime();
        assertThatThrownBy(operation).isInstanceOf(SessionStoreException.class)
                .message().matches("PostgreSQL [a-zA-Z ]+ failed: [A-Za-z]+( \\(SQLState [0-9A-Z]{5}\\))?")
                .doesNotContain(ID, "4111", "secret", "127.0.0.1");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
    }

    /**
     * Runs {@code operation} until it succeeds: the pool (HikariCP here) opens new connections in the background once
     * the server is back, and until then the store answers as while it was down, with a store exception.
     */
    private static <T> T onceThePoolReconnects(java.util.function.Supplier<T> operation) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return operation.get();
            } catch (SessionStoreException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }

    @Test
    void databaseDown_everyOperationFailsFast_thenTheSameStoreRecovers() {
        SessionRecord record = SessionRecord.of(DATA, null);
        assertThat(store.set(ID, record, SetMode.IF_ABSENT)).isTrue();
        PrincipalIndex index = store.facets().principalIndex().orElseThrow();

        server.stop();

        List<ThrowingCallable> operations = List.of(
                () -> store.get(ID),
                () -> store.getAndTouch(ID, null),
                () -> store.set(ID, SessionRecord.of("{\"v\":2}", null), SetMode.ALWAYS),
                () -> store.replace(ID, DATA, SessionRecord.of("{\"v\":3}", null)),
                () -> store.touch(ID, record),
                () -> store.destroy(ID),
                () -> index.add("ada", ID, null, 2),
                () -> index.sessionsOf("ada"),
                () -> index.endOldest("ada", 1),
                () -> store.facets().enumeration().orElseThrow().length());
        operations.forEach(PostgresFailureTest::failsFast);

        server.start();

        assertThat(onceThePoolReconnects(() -> store.get(ID)))
                .as("nothing written while it was down, and the same store works again").contains(DATA);
        assertThat(store.replace(ID, DATA, SessionRecord.of("{\"v\":4}", null))).isEqualTo(Replaced.written());
        assertThat(index.add("ada", ID, null, 2)).isTrue();
    }

    @Test
    void poolExhausted_isAStoreException_andPassesWhenAConnectionIsFree() throws Exception {
        store.set(ID, SessionRecord.of(DATA, null), SetMode.IF_ABSENT);
        Connection first = pool.getConnection();
        Connection second = pool.getConnection();

        failsFast(() -> store.get(ID));

        first.close();
        second.close();
        assertThat(store.get(ID)).contains(DATA);
    }

    @Test
    void sqlError_inTheIndexTransaction_rollsBackAndLeavesTheConnectionUsable() {
        store.set(ID, SessionRecord.of(DATA, null), SetMode.IF_ABSENT);
        TestDatabase.execute(pool, "ALTER TABLE \"session_principal\" ADD CONSTRAINT no_ada CHECK (principal <> 'ada')");

        failsFast(() -> store.facets().principalIndex().orElseThrow().add("ada", ID, null, 2));

        assertThat(store.facets().principalIndex().orElseThrow().add("bo", ID, null, 2)).isTrue();
        assertThat(store.get(ID)).contains(DATA);
    }
}
