package dev.sessionkit.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionContext;
import dev.sessionkit.SessionData;
import dev.sessionkit.SessionManager;
import dev.sessionkit.store.PrincipalIndex;
import dev.sessionkit.store.SessionRecord;
import dev.sessionkit.store.SessionStore;
import dev.sessionkit.store.SessionStore.SetMode;
import dev.sessionkit.store.SessionStoreException;
import dev.sessionkit.testkit.InMemoryExchange;
import dev.sessionkit.testsupport.redis.LocalRedis;
import dev.sessionkit.testsupport.redis.LocalRedisSentinel;
import dev.sessionkit.testsupport.redis.RedisServers;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ConnectionFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.PooledConnectionProvider;

/**
 * {@link RedisSessionStore.Builder#replicasToAcknowledge(int, Duration)} against a real Sentinel setup: a master, one
 * replica ({@code --replicaof}) and a Sentinel, the store's client a {@link RedisSentinelClient}. The replica is
 * frozen ({@code SIGSTOP}) to make {@code WAIT} count fewer replicas than asked; each test that freezes it writes the
 * session before and ends it after, so only the ending is left for the replica to confirm: a {@code WAIT} that was
 * not sent, sent on another connection (whose last write the replica already has), or whose answer were ignored
 * would let the operation succeed, and the test fail.
 */
@Timeout(60)
class RedisReplicaAcknowledgementTest {

    private static final Logger LOG = LoggerFactory.getLogger(RedisReplicaAcknowledgementTest.class);
    private static final Pattern CALLS = Pattern.compile("^cmdstat_([a-z|]+):calls=(\\d+)", Pattern.MULTILINE);
    private static final Duration TIMEOUT = Duration.ofMillis(200);
    private static final String SECRET = "keyboard cat keyboard cat keyboard cat";

    private static LocalRedisSentinel servers;
    private static RedisSentinelClient client;
    private static Jedis master;
    private static Jedis replica;

    private String prefix;

    @BeforeAll
    @Timeout(60)
    static void start() {
        servers = RedisServers.startSentinel(1);
        client = RedisSentinelClient.builder().masterName(servers.masterName())
                .sentinels(Set.of(new HostAndPort(servers.sentinel().host(), servers.sentinel().port()))).build();
        master = new Jedis(servers.master().host(), servers.master().port());
        LocalRedis replicaProcess = servers.replicas().get(0);
        replica = new Jedis(replicaProcess.host(), replicaProcess.port());
    }

    @AfterAll
    static void stop() {
        try {
            for (AutoCloseable closeable : new AutoCloseable[] {replica, master, client}) {
                if (closeable != null) {
                    closeable.close();
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            if (servers != null) {
                servers.close();
            }
        }
    }

    @BeforeEach
    void prefix() {
        prefix = TestKeys.uniquePrefix();
    }

    @AfterEach
    void deleteKeys() {
        TestKeys.delete(client, prefix);
        TestKeys.delete(client, SessionWriter.prefix(prefix));
    }

    private RedisSessionStore store(UnifiedJedis jedis, boolean acknowledged, boolean everySave) {
        RedisSessionStore.Builder builder = RedisSessionStore.builder(jedis).prefix(prefix);
        if (acknowledged) {
            builder.replicasToAcknowledge(1, TIMEOUT).acknowledgeEverySave(everySave);
        }
        return builder.build();
    }

    private static SessionRecord record(String data) {
        return SessionRecord.of("{\"cookie\":{\"originalMaxAge\":null,\"expires\":null,\"httpOnly\":true,\"path\":\"/\"},"
                + data + "}", null);
    }

    private static Map<String, Long> calls(Jedis server) {
        Map<String, Long> calls = new LinkedHashMap<>();
        Matcher matcher = CALLS.matcher(server.info("commandstats"));
        while (matcher.find()) {
            calls.put(matcher.group(1), Long.parseLong(matcher.group(2)));
        }
        return calls;
    }

    /** The {@code WAIT}s the master received while {@code operation} ran. */
    private static long waitsDuring(Runnable operation) {
        long before = calls(master).getOrDefault("wait", 0L);
        operation.run();
        return calls(master).getOrDefault("wait", 0L) - before;
    }

    private static <T> T withReplicaFrozen(java.util.function.Supplier<T> action) {
        LocalRedis process = servers.replicas().get(0);
        process.pause();
        try {
            return action.get();
        } finally {
            process.resume();
        }
    }

    @Test
    void destroy_replicaUp_succeedsWithOneWaitAndTheReplicaHasTheDelete() {
        RedisSessionStore store = store(client, true, false);
        store.set("s1", record("\"v\":1"), SetMode.IF_ABSENT);

        long waits = waitsDuring(() -> store.destroy("s1"));

        assertThat(waits).isEqualTo(1);
        assertThat(master.exists(prefix + "s1")).isFalse();
        assertThat(replica.exists(prefix + "s1")).as("WAIT returned once the replica had the DEL").isFalse();
    }

    @Test
    void destroy_replicaFrozen_failsWithinAboutTheTimeout_whileWithoutTheOptionItSucceeds() {
        RedisSessionStore acknowledged = store(client, true, false);
        RedisSessionStore plain = store(client, false, false);
        acknowledged.set("s1", record("\"v\":1"), SetMode.IF_ABSENT);
        acknowledged.set("s2", record("\"v\":2"), SetMode.IF_ABSENT);

        long[] elapsed = new long[1];
        Throwable failure = withReplicaFrozen(() -> {
            long start = System.nanoTime();
            Throwable thrown = null;
            try {
                acknowledged.destroy("s1");
            } catch (RuntimeException e) {
                thrown = e;
            }
            elapsed[0] = (System.nanoTime() - start) / 1_000_000;
            plain.destroy("s2"); // the same write without the option: no WAIT, no failure
            return thrown;
        });

        LOG.info("acknowledged destroy with the replica frozen failed after {} ms: {}", elapsed[0],
                failure == null ? null : failure.getMessage());
        assertThat(failure).isInstanceOf(SessionStoreException.class)
                .hasMessageContaining("not acknowledged by 1 replica(s) within 200 ms")
                .hasMessageNotContaining("s1").hasMessageNotContaining(prefix);
        assertThat(elapsed[0]).as("ms until it failed").isBetween(TIMEOUT.toMillis() - 20, 1_500L);
        assertThat(master.exists(prefix + "s1")).as("the DEL stands on the primary: only the claim failed").isFalse();
        assertThat(master.exists(prefix + "s2")).isFalse();
    }

    @Test
    void endSessionAndEndOldest_replicaFrozen_fail() {
        RedisSessionStore store = store(client, true, false);
        PrincipalIndex index = store.facets().principalIndex().orElseThrow();
        for (String id : new String[] {"a", "b", "c"}) {
            index.add("ada", id, null, 10);
            store.set(id, record("\"n\":1"), SetMode.IF_ABSENT);
        }

        assertThatThrownBy(() -> withReplicaFrozen(() -> {
            index.endSession("ada", "a");
            return null;
        })).isInstanceOf(SessionStoreException.class).hasMessageContaining("not acknowledged");
        assertThatThrownBy(() -> withReplicaFrozen(() -> index.endOldest("ada", 1)))
                .isInstanceOf(SessionStoreException.class).hasMessageContaining("not acknowledged");
    }

    @Test
    void changeIdsDelete_replicaFrozen_fails() {
        RedisSessionStore store = store(client, true, false);
        SessionRecord stored = record("\"v\":1");
        store.set("s1", stored, SetMode.IF_ABSENT);

        // What core sends for changeId/regenerate's compare-and-set delete: the record read, expired at the epoch.
        assertThatThrownBy(() -> withReplicaFrozen(
                () -> store.replace("s1", stored.json(), SessionRecord.of(stored.json(), Instant.EPOCH))))
                .isInstanceOf(SessionStoreException.class).hasMessageContaining("not acknowledged");
    }

    @Test
    void save_replicaFrozen_failsOnlyWithEverySave() {
        RedisSessionStore ends = store(client, true, false);
        RedisSessionStore saves = store(client, true, true);

        withReplicaFrozen(() -> ends.set("by-default", record("\"v\":1"), SetMode.IF_ABSENT));
        assertThatThrownBy(() -> withReplicaFrozen(() -> saves.set("every-save", record("\"v\":1"),
                SetMode.IF_ABSENT))).isInstanceOf(SessionStoreException.class).hasMessageContaining("not acknowledged");
    }

    /** What each operation sends WAIT for, counted on the master with the option off, on, and on for every save. */
    @Test
    void commandStats_waitIsSentExactlyForTheCoveredOperations() {
        Map<String, Long> off = waitsPerOperation(store(client, false, false));
        Map<String, Long> ends = waitsPerOperation(store(client, true, false));
        Map<String, Long> everySave = waitsPerOperation(store(client, true, true));
        LOG.info("WAITs per operation: off {}, on {}, on with every save {}", off, ends, everySave);

        assertThat(off).allSatisfy((operation, waits) -> assertThat(waits).as(operation).isZero());
        assertThat(ends).containsExactlyEntriesOf(expected(1, 0));
        assertThat(everySave).containsExactlyEntriesOf(expected(1, 1));
    }

    private static Map<String, Long> expected(long ends, long saves) {
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("set (new session)", saves);
        expected.put("index add", 0L);
        expected.put("get", 0L);
        expected.put("getAndTouch", 0L);
        expected.put("touch", 0L);
        expected.put("replace (save)", saves);
        expected.put("replace (changeId's delete)", ends);
        expected.put("destroy", ends);
        expected.put("endSession", ends);
        expected.put("endOldest (ends one)", ends);
        return expected;
    }

    private Map<String, Long> waitsPerOperation(RedisSessionStore store) {
        TestKeys.delete(client, prefix);
        TestKeys.delete(client, SessionWriter.prefix(prefix));
        PrincipalIndex index = store.facets().principalIndex().orElseThrow();
        SessionRecord first = record("\"v\":1");
        SessionRecord second = record("\"v\":2");
        Instant later = Instant.now().plusSeconds(600);
        Map<String, Long> waits = new LinkedHashMap<>();
        waits.put("set (new session)", waitsDuring(() -> store.set("s1", first, SetMode.IF_ABSENT)));
        waits.put("index add", waitsDuring(() -> index.add("ada", "s1", null, 10)));
        waits.put("get", waitsDuring(() -> store.get("s1")));
        waits.put("getAndTouch", waitsDuring(() -> store.getAndTouch("s1", later)));
        waits.put("touch", waitsDuring(() -> store.touch("s1", first)));
        waits.put("replace (save)", waitsDuring(() -> store.replace("s1", first.json(), second)));
        waits.put("replace (changeId's delete)", waitsDuring(
                () -> store.replace("s1", second.json(), SessionRecord.of(second.json(), Instant.EPOCH))));
        store.set("s2", first, SetMode.IF_ABSENT);
        waits.put("destroy", waitsDuring(() -> store.destroy("s2")));
        for (String id : new String[] {"s3", "s4", "s5"}) {
            index.add("ada", id, null, 10);
            store.set(id, first, SetMode.IF_ABSENT);
        }
        waits.put("endSession", waitsDuring(() -> index.endSession("ada", "s3")));
        waits.put("endOldest (ends one)", waitsDuring(() -> assertThat(index.endOldest("ada", 1)).hasSize(1)));
        return waits;
    }

    private static String request(SessionManager<SessionData> manager, String cookie,
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

    private static String cookieOf(String setCookie) {
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    /**
     * What core asks of the store, through whole requests: a login with a principal, "log out other sessions",
     * changeId, regenerate and a logout each send the WAITs of their endings, and a logout with the replica frozen
     * fails with the store's exception (the adapters' 503).
     */
    @Test
    void requestsThroughCore_eachEndingWaits_andAFrozenReplicaFailsTheLogout() {
        SessionManager<SessionData> manager = SessionManager.create(SessionConfig.builder()
                .store(store(client, true, false)).secret(SECRET).build());
        Consumer<SessionContext<SessionData>> login = ctx -> {
            ctx.session().regenerate();
            ctx.session().principal("ada");
            ctx.session().save();
        };
        String[] cookies = new String[2];
        long loginWaits = waitsDuring(() -> cookies[0] = cookieOf(request(manager, null, login)));
        cookies[1] = cookieOf(request(manager, null, login));
        long endOthers = waitsDuring(() -> request(manager, cookies[0],
                ctx -> assertThat(ctx.session().endOtherSessions()).isEqualTo(1)));
        String[] moved = new String[1];
        // A save of a loaded session first: the compare-and-set script is then in the server's cache (a call that
        // finds it missing sends the script again, with a WAIT of its own).
        assertThat(waitsDuring(() -> request(manager, cookies[0], ctx -> {
            ctx.session().data().put("n", 1);
            ctx.session().save();
        }))).as("a save does not wait by default").isZero();
        long changeId = waitsDuring(() -> moved[0] = cookieOf(request(manager, cookies[0], ctx -> {
            ctx.session().changeId();
            ctx.session().save();
        })));
        String[] regenerated = new String[1];
        long regenerate = waitsDuring(() -> regenerated[0] = cookieOf(request(manager, moved[0], login)));
        long logout = waitsDuring(() -> request(manager, regenerated[0], ctx -> ctx.session().destroy()));
        LOG.info("WAITs per request: login {}, end other sessions {}, changeId {}, regenerate {}, logout {}",
                loginWaits, endOthers, changeId, regenerate, logout);

        assertThat(loginWaits).isZero();
        assertThat(endOthers).isEqualTo(1);
        assertThat(changeId).as("the compare-and-set delete, then the index entry's endSession").isEqualTo(2);
        assertThat(regenerate).isEqualTo(1);
        assertThat(logout).isEqualTo(1);

        String last = cookieOf(request(manager, null, login));
        assertThatThrownBy(() -> withReplicaFrozen(() -> request(manager, last, ctx -> ctx.session().destroy())))
                .isInstanceOf(SessionStoreException.class).hasMessageContaining("not acknowledged");
    }

    /**
     * Round trips, counted on the client's own socket (each read from Redis after a write to it): the WAIT rides in
     * the write's pipeline, so an acknowledged destroy or save is still one.
     */
    @Test
    void roundTrips_waitAddsNone() {
        HostAndPort address = new HostAndPort(servers.master().host(), servers.master().port());
        RoundTrips trips = new RoundTrips(address);
        try (UnifiedJedis counted = new UnifiedJedis(new PooledConnectionProvider(
                new ConnectionFactory(trips, DefaultJedisClientConfig.builder().build())), 1, Duration.ofSeconds(2))) {
            RedisSessionStore plain = store(counted, false, false);
            RedisSessionStore acknowledged = store(counted, true, true);
            plain.get("warm-up"); // the connection's handshake, before anything is counted

            Map<String, long[]> measured = new LinkedHashMap<>();
            measured.put("set, off", measure(trips, () -> plain.set("s1", record("\"v\":1"), SetMode.IF_ABSENT)));
            measured.put("set, on", measure(trips, () -> acknowledged.set("s2", record("\"v\":1"), SetMode.IF_ABSENT)));
            measured.put("destroy, off", measure(trips, () -> plain.destroy("s1")));
            measured.put("destroy, on", measure(trips, () -> acknowledged.destroy("s2")));
            measured.forEach((operation, tripsAndWaits) -> LOG.info("{}: {} round trip(s), {} WAIT(s)", operation,
                    tripsAndWaits[0], tripsAndWaits[1]));

            assertThat(measured).allSatisfy((operation, tripsAndWaits) ->
                    assertThat(tripsAndWaits[0]).as("round trips of " + operation).isEqualTo(1));
            assertThat(measured.get("destroy, on")[1]).isEqualTo(1);
            assertThat(measured.get("set, on")[1]).isEqualTo(1);
            assertThat(measured.get("destroy, off")[1]).isZero();
        }
    }

    private static long[] measure(RoundTrips trips, Runnable operation) {
        long before = trips.count();
        long waits = waitsDuring(operation);
        return new long[] {trips.count() - before, waits};
    }

    @Test
    void builder_refusesWhatCannotWork() {
        assertThatThrownBy(() -> RedisSessionStore.builder(client).replicasToAcknowledge(0, TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedisSessionStore.builder(client).replicasToAcknowledge(1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("for ever");
        assertThatThrownBy(() -> RedisSessionStore.builder(client).acknowledgeEverySave(true).build())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> RedisSessionStore.builder(servers.master().uri())
                .replicasToAcknowledge(1, Duration.ofSeconds(2)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("shorter than readTimeout");
        try (RedisSessionStore fromUri = RedisSessionStore.builder(servers.master().uri())
                .replicasToAcknowledge(1, TIMEOUT).build()) {
            SessionStore store = fromUri;
            store.set("uri", record("\"v\":1"), SetMode.IF_ABSENT);
            assertThat(waitsDuring(() -> store.destroy("uri"))).isEqualTo(1);
        }
    }
}
