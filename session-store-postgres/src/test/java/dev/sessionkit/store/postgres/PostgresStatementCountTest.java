package dev.sessionkit.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkit.CookieSigner;
import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionContext;
import dev.sessionkit.SessionData;
import dev.sessionkit.SessionManager;
import dev.sessionkit.store.SessionRecord;
import dev.sessionkit.store.SessionStore.SetMode;
import dev.sessionkit.testkit.InMemoryExchange;
import dev.sessionkit.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the statements each operation and each request sends, at the JDBC boundary ({@link CountingDataSource}):
 * one per operation, and per request through core 0 when the session is not used, 1 to read it, 2 to read and change
 * it, 1 to create one.
 */
@Timeout(60)
class PostgresStatementCountTest {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresStatementCountTest.class);
    private static final String SECRET = "keyboard cat keyboard cat keyboard cat";
    private static final String JSON = PostgresSessionStoreTest.json("\"n\":1");

    private final CountingDataSource counting = new CountingDataSource(TestDatabase.shared());
    private final MutableClock clock = MutableClock.fixed();
    private String table;
    private PostgresSessionStore store;

    @BeforeEach
    void createStore() {
        table = TestDatabase.uniqueTable();
        store = PostgresSessionStore.builder(counting).tableName(table).createTableIfMissing(true)
                .pruneInterval(Duration.ZERO).clock(clock).build();
        store.get("warm-up"); // creates the tables: not part of any measurement
        counting.take();
    }

    @AfterEach
    void dropTables() {
        store.close();
        TestDatabase.drop(TestDatabase.shared(), table);
    }

    private List<String> measure(String label, Runnable operation) {
        counting.take();
        operation.run();
        List<String> statements = counting.take();
        LOG.info("{}: {} statement(s)", label, statements.size());
        return statements;
    }

    private SessionRecord inAnHour() {
        return SessionRecord.of(JSON, clock.instant().plusSeconds(3600));
    }

    @Test
    void eachOperation_isOneStatement() {
        assertThat(measure("set(IF_ABSENT)", () -> store.set("a", inAnHour(), SetMode.IF_ABSENT)))
                .singleElement().asString().startsWith("INSERT INTO").contains("ON CONFLICT (sid) DO UPDATE");
        assertThat(measure("get", () -> store.get("a"))).singleElement().asString().startsWith("SELECT sess::text");
        assertThat(measure("getAndTouch", () -> store.getAndTouch("a", clock.instant().plusSeconds(7200))))
                .singleElement().asString().contains("UPDATE").contains("SELECT s.sess::text");
        assertThat(measure("replace", () -> store.replace("a", JSON, inAnHour()))).singleElement().asString()
                .contains("FOR UPDATE OF s");
        assertThat(measure("set(IF_PRESENT)", () -> store.set("a", inAnHour(), SetMode.IF_PRESENT)))
                .singleElement().asString().startsWith("UPDATE");
        assertThat(measure("set(ALWAYS)", () -> store.set("a", inAnHour(), SetMode.ALWAYS))).hasSize(1);
        assertThat(measure("touch", () -> store.touch("a", inAnHour()))).hasSize(1);
        assertThat(measure("destroy", () -> store.destroy("a"))).singleElement().asString().startsWith("DELETE");
        assertThat(measure("set(IF_ABSENT, past)", () -> store.set("a", SessionRecord.of(JSON, clock.instant()),
                SetMode.IF_ABSENT))).isEmpty();
    }

    @Test
    void principalIndex_addIsOneTransaction_endSessionOneStatement() {
        var index = store.facets().principalIndex().orElseThrow();

        assertThat(measure("principal index add", () -> index.add("ada", "a", null, 2)))
                .containsExactly(statementsOfAdd());
        assertThat(measure("principal index endSession", () -> index.endSession("ada", "a"))).hasSize(1);
    }

    private String[] statementsOfAdd() {
        return new String[] {"SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", addSql(), "COMMIT"};
    }

    private String addSql() {
        return new Sql(null, table, table + "_principal", "UTC").add;
    }

    private String request(SessionManager<SessionData> manager, String cookie,
            Consumer<SessionContext<SessionData>> handler) {
        InMemoryExchange exchange = new InMemoryExchange();
        if (cookie != null) {
            exchange.cookie(cookie);
        }
        SessionContext<SessionData> context = manager.open(exchange);
        try {
            handler.accept(context);
            context.commit();
        } finally {
            context.end(false);
        }
        return exchange.setCookie();
    }

    @Test
    void requests_throughSessionManager_zeroUntouchedOneReadTwoReadAndWrite() {
        SessionManager<SessionData> manager = SessionManager.create(SessionConfig.builder()
                .store(store).secret(SECRET).clock(clock).build());
        String[] id = new String[1];

        List<String> login = measure("request: new session saved", () -> request(manager, null, ctx -> {
            ctx.session().data().put("user", "ada");
            ctx.session().save();
            id[0] = ctx.session().id();
        }));
        String cookie = "connect.sid=s:" + CookieSigner.sign(id[0], SECRET);
        List<String> untouched = measure("request: session not used", () -> request(manager, cookie, ctx -> { }));
        List<String> read = measure("request: read only", () -> request(manager, cookie,
                ctx -> assertThat(ctx.session().data().getString("user")).contains("ada")));
        List<String> write = measure("request: read and changed", () -> request(manager, cookie, ctx -> {
            ctx.session().data().put("visits", 1);
            ctx.session().save();
        }));
        LOG.info("statements per request: untouched {}, read {}, read+write {}, new session {}", untouched.size(),
                read.size(), write.size(), login.size());

        assertThat(untouched).isEmpty();
        assertThat(read).hasSize(1);
        assertThat(write).hasSize(2);
        assertThat(write.get(1)).contains("FOR UPDATE OF s"); // the compare-and-set
        assertThat(login).singleElement().asString().startsWith("INSERT INTO");
    }
}
