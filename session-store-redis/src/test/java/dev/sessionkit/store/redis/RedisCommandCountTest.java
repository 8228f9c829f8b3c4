package dev.sessionkit.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkit.CookieOptions;
import dev.sessionkit.CookieSigner;
import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionContext;
import dev.sessionkit.SessionData;
import dev.sessionkit.SessionManager;
import dev.sessionkit.store.SessionEnumeration;
import dev.sessionkit.store.SessionRecord;
import dev.sessionkit.store.SessionStore;
import dev.sessionkit.store.SessionStore.SetMode;
import dev.sessionkit.testkit.InMemoryExchange;
import dev.sessionkit.testkit.MutableClock;
import dev.sessionkit.testsupport.redis.LocalRedis;
import dev.sessionkit.testsupport.redis.RedisServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.Slowlog;

/**
 * Proves the commands each operation sends, measured on a private {@code redis-server}: the count of every command
 * from the server's {@code INFO commandstats} before and after the operation (so "nothing else" is checked too), and
 * the exact arguments from the server's {@code SLOWLOG}, which this server records for every command
 * ({@code slowlog-log-slower-than 0}). Only the store's client has the client name {@value #STORE_CLIENT}; the
 * measuring connection's own {@code INFO} is subtracted.
 */
@Timeout(60)
class RedisCommandCountTest {

    private static final Logger LOG = LoggerFactory.getLogger(RedisCommandCountTest.class);
    private static final String STORE_CLIENT = "store-under-test";
    private static final String JSON = "{\"cookie\":{\"originalMaxAge\":null,\"expires\":null,\"httpOnly\":true,"
            + "\"path\":\"/\"},\"n\":1}";
    private static final String SECRET = "keyboard cat keyboard cat keyboard cat";

    private static LocalRedis server;
    private static RedisClient storeClient;
    private static Jedis observer;

    private MutableClock clock;
    private RedisSessionStore store;

    /** What one operation cost on the server. */
    private record Measured(Map<String, Long> commands, List<List<String>> arguments) {
    }

    @BeforeAll
    static void startServer() {
        server = RedisServers.start("--slowlog-log-slower-than", "0", "--slowlog-max-len", "1024");
        storeClient = RedisClient.builder().hostAndPort(server.host(), server.port())
                .clientConfig(DefaultJedisClientConfig.builder().clientName(STORE_CLIENT).build()).build();
        observer = new Jedis(new HostAndPort(server.host(), server.port()), DefaultJedisClientConfig.builder()
                .clientName("observer").build());
    }

    @AfterAll
    static void stopServer() {
        try {
            if (observer != null) {
                observer.close();
            }
            if (storeClient != null) {
                storeClient.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @BeforeEach
    void createStore() {
        observer.flushDB();
        observer.scriptFlush(); // every test starts with an empty script cache: what each write costs is the same
        // whichever test runs first
        clock = MutableClock.fixed();
        store = RedisSessionStore.builder(storeClient).clock(clock).build();
        // Opens the store's pooled connection now (Jedis sends CLIENT SETNAME and CLIENT SETINFO on connect), so
        // that no measurement includes a connection handshake.
        store.get("warm-up");
    }

    private static Map<String, Long> commandStats() {
        Map<String, Long> calls = new TreeMap<>();
        for (String line : observer.info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                String count = line.substring(line.indexOf("calls=") + 6, line.indexOf(',', line.indexOf("calls=")));
                calls.put(name, Long.parseLong(count));
            }
        }
        return calls;
    }

    private static Measured measure(String label, Runnable operation) {
        observer.slowlogReset();
        Map<String, Long> before = commandStats();
        operation.run();
        Map<String, Long> after = commandStats();
        Map<String, Long> delta = new TreeMap<>();
        after.forEach((command, calls) -> {
            long added = calls - before.getOrDefault(command, 0L) - (command.equals("info") ? 1 : 0);
            if (added != 0) {
                delta.put(command, added);
            }
        });
        List<List<String>> arguments = new ArrayList<>();
        List<Slowlog> entries = new ArrayList<>(observer.slowlogGet(1024));
        java.util.Collections.reverse(entries);
        for (Slowlog entry : entries) {
            if (STORE_CLIENT.equals(entry.getClientName())) {
                arguments.add(entry.getArgs());
            }
        }
        LOG.info("{}: {} {}", label, delta, arguments);
        return new Measured(delta, arguments);
    }

    private void put(String id) {
        storeClient.set("sess:" + id, JSON, SetParams.setParams().ex(600));
    }

    private SessionRecord inAnHour() {
        return SessionRecord.of(JSON, clock.instant().plusSeconds(3600));
    }

    @Test
    void get_sendsOneGet() {
        put("a");

        Measured measured = measure("get", () -> assertThat(store.get("a")).contains(JSON));

        assertThat(measured.commands()).containsExactly(Map.entry("get", 1L));
        assertThat(measured.arguments()).containsExactly(List.of("GET", "sess:a"));
    }

    @Test
    void getAndTouch_sendsOneGetexWithTheTtl() {
        put("a");

        Measured measured = measure("getAndTouch",
                () -> assertThat(store.getAndTouch("a", clock.instant().plusSeconds(3600))).contains(JSON));

        assertThat(measured.commands()).containsExactly(Map.entry("getex", 1L));
        assertThat(measured.arguments()).containsExactly(List.of("GETEX", "sess:a", "EX", "3600"));
    }

    @Test
    void getAndTouch_browserSession_sendsOneGetexWithDefaultTtl() {
        put("a");

        Measured measured = measure("getAndTouch(null)", () -> store.getAndTouch("a", null));

        assertThat(measured.arguments()).containsExactly(List.of("GETEX", "sess:a", "EX", "86400"));
        assertThat(measured.commands()).containsExactly(Map.entry("getex", 1L));
    }

    @Test
    void getAndTouch_expiryPassed_sendsOneGetdel() {
        put("a");

        Measured measured = measure("getAndTouch(past)",
                () -> assertThat(store.getAndTouch("a", clock.instant())).contains(JSON));

        assertThat(measured.commands()).containsExactly(Map.entry("getdel", 1L));
        assertThat(measured.arguments()).containsExactly(List.of("GETDEL", "sess:a"));
    }

    @Test
    void getAndTouch_withTtlFunction_sendsGetThenExpire() {
        put("a");
        RedisSessionStore withFunction = RedisSessionStore.builder(storeClient).clock(clock)
                .ttl(record -> Duration.ofMinutes(5)).build();

        Measured measured = measure("getAndTouch(ttl function)", () -> withFunction.getAndTouch("a", null));

        assertThat(measured.commands()).containsExactly(Map.entry("expire", 1L), Map.entry("get", 1L));
        assertThat(measured.arguments()).containsExactly(List.of("GET", "sess:a"), List.of("EXPIRE", "sess:a", "300"));
    }

    @Test
    void setIfAbsent_newId_sendsOneSetExNx() {
        Measured measured = measure("set(IF_ABSENT)",
                () -> assertThat(store.set("a", inAnHour(), SetMode.IF_ABSENT)).isTrue());

        assertThat(measured.commands()).containsExactly(Map.entry("set", 1L));
        assertThat(measured.arguments()).containsExactly(List.of("SET", "sess:a", JSON, "NX", "EX", "3600"));
    }

    @Test
    void setIfPresent_existingId_sendsOneSetExXx() {
        put("a");

        Measured measured = measure("set(IF_PRESENT)",
                () -> assertThat(store.set("a", inAnHour(), SetMode.IF_PRESENT)).isTrue());

        assertThat(measured.commands()).containsExactly(Map.entry("set", 1L));
        assertThat(measured.arguments()).containsExactly(List.of("SET", "sess:a", JSON, "XX", "EX", "3600"));
    }

    @Test
    void setAlways_sendsOneSetEx() {
        Measured measured = measure("set(ALWAYS)",
                () -> assertThat(store.set("a", inAnHour(), SetMode.ALWAYS)).isTrue());

        assertThat(measured.commands()).containsExactly(Map.entry("set", 1L));
        assertThat(measured.arguments()).containsExactly(List.of("SET", "sess:a", JSON, "EX", "3600"));
    }

    @Test
    void setIfPresent_expiryPassed_sendsOneDel() {
        put("a");

        Measured measured = measure("set(IF_PRESENT, past)",
                () -> store.set("a", SessionRecord.of(JSON, clock.instant()), SetMode.IF_PRESENT));

        assertThat(measured.commands()).containsExactly(Map.entry("del", 1L));
        assertThat(measured.arguments()).containsExactly(List.of("DEL", "sess:a"));
    }

    @Test
    void setIfAbsent_expiryPassed_sendsNothing() {
        Measured measured = measure("set(IF_ABSENT, past)",
                () -> store.set("a", SessionRecord.of(JSON, clock.instant()), SetMode.IF_ABSENT));

        assertThat(measured.commands()).isEmpty();
        assertThat(measured.arguments()).isEmpty();
    }

    @Test
    void touch_sendsOneExpireOnly() {
        put("a");

        Measured measured = measure("touch", () -> store.touch("a", inAnHour()));

        assertThat(measured.commands()).containsExactly(Map.entry("expire", 1L));
        assertThat(measured.arguments()).containsExactly(List.of("EXPIRE", "sess:a", "3600"));
    }

    @Test
    void touch_expiryPassed_sendsOneDel() {
        put("a");

        Measured measured = measure("touch(past)", () -> store.touch("a", SessionRecord.of(JSON, clock.instant())));

        assertThat(measured.commands()).containsExactly(Map.entry("del", 1L));
    }

    @Test
    void destroy_sendsOneDel() {
        put("a");

        Measured measured = measure("destroy", () -> store.destroy("a"));

        assertThat(measured.commands()).containsExactly(Map.entry("del", 1L));
        assertThat(measured.arguments()).containsExactly(List.of("DEL", "sess:a"));
    }

    @Test
    void clearLengthIds_fewSessions_sendOneScanEachAndClearScansSessionsThenIndexes() {
        put("a");
        put("b");
        storeClient.set("other:c", "{}");

        Measured length = measure("length", () -> assertThat(enumerationOf(store).length()).isEqualTo(2));
        Measured ids = measure("ids", () -> assertThat(enumerationOf(store).ids()).containsExactlyInAnyOrder("a", "b"));
        Measured clear = measure("clear", () -> enumerationOf(store).clear());

        assertThat(length.commands()).containsExactly(Map.entry("scan", 1L));
        assertThat(length.arguments()).containsExactly(List.of("SCAN", "0", "MATCH", "sess:*", "COUNT", "1000"));
        assertThat(ids.commands()).containsExactly(Map.entry("scan", 1L));
        // clear also deletes the principal indexes of the store: a second SCAN, under their own prefix.
        assertThat(clear.commands()).containsExactly(Map.entry("scan", 2L), Map.entry("unlink", 1L));
        assertThat(clear.arguments()).hasSize(3);
        assertThat(clear.arguments().get(1)).startsWith("UNLINK").containsExactlyInAnyOrder("UNLINK", "sess:a", "sess:b");
        assertThat(clear.arguments().get(2))
                .containsExactly("SCAN", "0", "MATCH", "principals:sess:*", "COUNT", "1000");
        assertThat(storeClient.get("other:c")).isEqualTo("{}");
    }

    // --- whole requests through core: what an application's request costs ---------------------------------------

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
    void requests_throughSessionManager_costOneRoundTripPerReadAndPerWrite() {
        SessionManager<SessionData> manager = SessionManager.create(SessionConfig.builder()
                .store(store).secret(SECRET).clock(clock).build());
        String[] id = new String[1];

        Measured login = measure("request: new session saved", () -> request(manager, null, ctx -> {
            ctx.session().data().put("user", "ada");
            ctx.session().save();
            id[0] = ctx.session().id();
        }));
        String cookie = "connect.sid=s:" + CookieSigner.sign(id[0], SECRET);
        Measured read = measure("request: read only", () -> request(manager, cookie,
                ctx -> assertThat(ctx.session().data().getString("user")).contains("ada")));
        Measured firstWrite = measure("request: changed and saved, script not cached yet", () -> request(manager,
                cookie, ctx -> {
                    ctx.session().data().put("visits", 1);
                    ctx.session().save();
                }));
        Measured write = measure("request: changed and saved", () -> request(manager, cookie, ctx -> {
            ctx.session().data().put("visits", 2);
            ctx.session().save();
        }));

        assertThat(login.commands()).containsExactly(Map.entry("set", 1L));
        assertThat(login.arguments().get(0)).startsWith("SET", "sess:" + id[0]).endsWith("NX", "EX", "86400");
        assertThat(read.commands()).containsExactly(Map.entry("getex", 1L));
        // The save of a loaded session is one script call, a compare-and-set: INFO counts the GET and SET it runs.
        assertThat(write.arguments()).as("commands the client sent").hasSize(2);
        assertThat(write.arguments().get(1)).startsWith("EVALSHA").contains("sess:" + id[0]).endsWith("86400");
        assertThat(write.commands()).containsExactly(Map.entry("evalsha", 1L), Map.entry("get", 1L),
                Map.entry("getex", 1L), Map.entry("set", 1L));
        assertThat(firstWrite.arguments()).as("EVALSHA answered NOSCRIPT, then EVAL").hasSize(3);
        assertThat(firstWrite.commands()).containsEntry("evalsha", 1L).containsEntry("eval", 1L);
    }

    /**
     * Issue 13: a save that finds the record changed since its load costs one script call more per retry; the
     * script's reply carries the stored record, so the merge needs no extra read.
     */
    @Test
    void requests_concurrentSaves_conflictCostsOneScriptCallPerRetry() {
        SessionManager<SessionData> manager = SessionManager.create(SessionConfig.builder()
                .store(store).secret(SECRET).clock(clock).build());
        String[] id = new String[1];
        request(manager, null, ctx -> {
            ctx.session().data().put("user", "victim").put("role", "admin");
            ctx.session().save();
            id[0] = ctx.session().id();
        });
        String cookie = "connect.sid=s:" + CookieSigner.sign(id[0], SECRET);
        request(manager, cookie, ctx -> ctx.session().save()); // loads the script into the server's cache
        InMemoryExchange stale = new InMemoryExchange();
        stale.cookie(cookie);
        SessionContext<SessionData> b = manager.open(stale);
        assertThat(b.session().data().getString("role")).contains("admin");

        Measured dropRole = measure("request: role removed and saved", () -> request(manager, cookie, ctx -> {
            ctx.session().data().remove("role");
            ctx.session().save();
        }));
        Measured staleSave = measure("save of a request that loaded before the role was removed", () -> {
            b.session().data().put("cart", "3 items");
            b.session().save();
        });
        b.commit();
        b.end(false);

        assertThat(dropRole.commands()).containsExactly(Map.entry("evalsha", 1L), Map.entry("get", 1L),
                Map.entry("getex", 1L), Map.entry("set", 1L));
        assertThat(staleSave.arguments()).as("two script calls: changed, then written").hasSize(2);
        assertThat(staleSave.commands()).containsExactly(Map.entry("evalsha", 2L), Map.entry("get", 2L),
                Map.entry("set", 1L));
        assertThat(storeClient.get("sess:" + id[0])).contains("\"cart\":\"3 items\"").doesNotContain("role");
    }

    /**
     * The lifetime rules in commands (issue 11): without rolling a read is one GET, since reads do not extend a
     * session whose cookie has an expiry; with rolling one GETEX; a session whose own lifetime differs from the
     * configured one costs one EXPIRE more, at once; an expired record a GET and a DEL, and is never served.
     */
    @Test
    void requests_lifetimeRules_costOneCommandPerReadInTheCommonCase() {
        SessionManager<SessionData> fixed = SessionManager.create(SessionConfig.builder().store(store).secret(SECRET)
                .clock(clock).cookie(CookieOptions.builder().maxAge(Duration.ofHours(1)).build()).build());
        SessionManager<SessionData> rolling = SessionManager.create(SessionConfig.builder().store(store)
                .secret(SECRET).clock(clock).rolling(true)
                .cookie(CookieOptions.builder().maxAge(Duration.ofHours(1)).build()).build());
        String[] ids = new String[2];
        request(fixed, null, ctx -> {
            ctx.session().save();
            ids[0] = ctx.session().id();
        });
        request(fixed, null, ctx -> {
            ctx.session().cookie().maxAge(Duration.ofMinutes(15)); // a lifetime of its own, as at an admin login
            ctx.session().save();
            ids[1] = ctx.session().id();
        });
        String usual = "connect.sid=s:" + CookieSigner.sign(ids[0], SECRET);
        String own = "connect.sid=s:" + CookieSigner.sign(ids[1], SECRET);

        Measured read = measure("request: read, maxAge without rolling", () -> request(fixed, usual,
                ctx -> assertThat(ctx.session().isNew()).isFalse()));
        Measured rolled = measure("request: read, maxAge with rolling", () -> request(rolling, usual,
                ctx -> assertThat(ctx.session().isNew()).isFalse()));
        Measured shorter = measure("request: read, a 15-minute session under a rolling 1-hour configuration",
                () -> request(rolling, own, ctx -> assertThat(ctx.session().isNew()).isFalse()));
        clock.advance(Duration.ofMinutes(61));
        Measured expired = measure("request: read, stored expiry passed", () -> request(fixed, usual,
                ctx -> assertThat(ctx.session().isNew()).isTrue()));

        assertThat(read.commands()).containsExactly(Map.entry("get", 1L));
        assertThat(rolled.commands()).containsExactly(Map.entry("getex", 1L));
        assertThat(rolled.arguments().get(0)).endsWith("EX", "3600");
        assertThat(shorter.commands()).containsExactly(Map.entry("expire", 1L), Map.entry("getex", 1L));
        assertThat(shorter.arguments().get(1)).endsWith("900");
        assertThat(expired.commands()).containsExactly(Map.entry("del", 1L), Map.entry("get", 1L));
    }

    /**
     * Issue 12: a session with a principal, under the demo's idle and absolute timeouts, costs what any session
     * costs: 0 commands untouched, 1 read, 2 read and write. Only the save that sets the principal differs: one
     * EVALSHA whose script adds the index entry, sent before the SET that writes the session, so that no live session
     * is ever missing from the index (INFO counts the commands the script runs too). Listing the principal's sessions
     * is one ZRANGE and one pipeline of a GET and a PTTL per session; ending one a DEL and a ZREM.
     */
    @Test
    void requests_sessionWithPrincipal_costWhatOtherSessionsCost() {
        SessionManager<SessionData> manager = SessionManager.create(SessionConfig.builder().store(store)
                .secret(SECRET).clock(clock).idleTimeout(Duration.ofMinutes(30))
                .absoluteTimeout(Duration.ofHours(12)).build());
        Consumer<SessionContext<SessionData>> login = ctx -> {
            ctx.session().regenerate();
            ctx.session().data().put("user", "ada");
            ctx.session().principal("ada");
            ctx.session().label("Firefox on Linux");
            ctx.session().save();
        };
        Measured firstLogin = measure("request: first login on this server (script not cached yet)",
                () -> request(manager, null, login));
        String[] id = new String[1];
        Measured loginRequest = measure("request: login, principal set", () -> request(manager, null, ctx -> {
            login.accept(ctx);
            id[0] = ctx.session().id();
        }));
        String cookie = "connect.sid=s:" + CookieSigner.sign(id[0], SECRET);
        request(manager, cookie, ctx -> ctx.session().save()); // loads the save script into the server's cache
        Measured untouched = measure("request: session with principal, untouched", () -> request(manager, cookie,
                ctx -> { }));
        Measured read = measure("request: session with principal, read", () -> request(manager, cookie,
                ctx -> assertThat(ctx.session().principal()).contains("ada")));
        Measured write = measure("request: session with principal, read and written", () -> request(manager, cookie,
                ctx -> {
                    ctx.session().data().put("visits", 2);
                    ctx.session().save();
                }));
        Measured list = measure("request: list the principal's 2 sessions", () -> request(manager, cookie,
                ctx -> assertThat(ctx.session().sessionsOfPrincipal()).hasSize(2)));
        Measured endOthers = measure("request: end the principal's other session", () -> request(manager, cookie,
                ctx -> assertThat(ctx.session().endOtherSessions()).isEqualTo(1)));

        assertThat(firstLogin.commands()).containsEntry("evalsha", 1L).containsEntry("eval", 1L);
        assertThat(loginRequest.arguments()).as("commands the client sent: the index entry first, then the write")
                .hasSize(2);
        assertThat(loginRequest.arguments().get(0)).startsWith("EVALSHA");
        assertThat(loginRequest.arguments().get(1)).startsWith("SET").contains("NX");
        assertThat(loginRequest.commands()).containsEntry("evalsha", 1L).containsEntry("set", 1L)
                .containsEntry("zadd", 1L).doesNotContainKeys("eval", "getex", "get");
        assertThat(untouched.commands()).isEmpty();
        assertThat(read.commands()).containsExactly(Map.entry("getex", 1L));
        assertThat(read.arguments().get(0)).endsWith("EX", "1800");
        assertThat(write.arguments()).as("commands the client sent: GETEX, EVALSHA").hasSize(2);
        assertThat(write.commands()).containsExactly(Map.entry("evalsha", 1L), Map.entry("get", 1L),
                Map.entry("getex", 1L), Map.entry("set", 1L));
        assertThat(list.commands()).containsExactly(Map.entry("get", 2L), Map.entry("getex", 1L),
                Map.entry("pttl", 2L), Map.entry("zrange", 1L));
        assertThat(endOthers.commands()).as("the list, then a DEL and a ZREM for the other session")
                .containsExactly(Map.entry("del", 1L), Map.entry("get", 2L), Map.entry("getex", 1L),
                        Map.entry("pttl", 2L), Map.entry("zrange", 1L), Map.entry("zrem", 1L));
    }

    /**
     * In the last idle period before the absolute deadline the read's assumed time-to-live (the idle timeout) goes
     * past the deadline: one EXPIRE more puts it back, so the key never outlives the absolute deadline.
     */
    @Test
    void requests_nearTheAbsoluteDeadline_readCapsTheTimeToLiveAtIt() {
        SessionManager<SessionData> manager = SessionManager.create(SessionConfig.builder().store(store)
                .secret(SECRET).clock(clock).idleTimeout(Duration.ofMinutes(30))
                .absoluteTimeout(Duration.ofHours(12)).build());
        String[] id = new String[1];
        request(manager, null, ctx -> {
            ctx.session().save();
            id[0] = ctx.session().id();
        });
        String cookie = "connect.sid=s:" + CookieSigner.sign(id[0], SECRET);
        clock.advance(Duration.ofHours(11).plusMinutes(50));

        Measured read = measure("request: read 10 minutes before the absolute deadline", () -> request(manager, cookie,
                ctx -> assertThat(ctx.session().isNew()).isFalse()));
        clock.advance(Duration.ofMinutes(10));
        Measured over = measure("request: read at the absolute deadline", () -> request(manager, cookie,
                ctx -> assertThat(ctx.session().isNew()).isTrue()));

        assertThat(read.commands()).containsExactly(Map.entry("expire", 1L), Map.entry("getex", 1L));
        assertThat(read.arguments().get(1)).endsWith("600");
        assertThat(over.commands()).as("read, found over, deleted").containsExactly(Map.entry("del", 1L),
                Map.entry("getex", 1L));
        assertThat(storeClient.exists("sess:" + id[0])).isFalse();
    }

    private static SessionEnumeration enumerationOf(SessionStore store) {
        return store.facets().enumeration().orElseThrow();
    }
}
