package dev.sessionkit.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sessionkit.store.SessionEnumeration;
import dev.sessionkit.store.SessionRecord;
import dev.sessionkit.store.SessionStore;
import dev.sessionkit.store.SessionStore.SetMode;
import dev.sessionkit.store.SessionStoreException;
import dev.sessionkit.testsupport.redis.LocalRedis;
import dev.sessionkit.testsupport.redis.RedisServers;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * What the store does when Redis goes away, against a private {@code redis-server} process that the test kills,
 * starts again on the same port, or freezes: every operation fails fast with a {@link SessionStoreException} that
 * names neither the session id nor the password, nothing is half-written, and the same store instance works again
 * once Redis is back. The server persists every write ({@code appendfsync always}) so that what survives the kill
 * can be checked.
 */
@Timeout(60)
class RedisFailureTest {

    private static final String PASSWORD = "fail-test-pässword";
    private static final String ID = "very-secret-session-id-4f1c";
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    /** Far above the timeouts, far below anything a user would wait for. */
    private static final Duration BOUND = Duration.ofSeconds(5);

    private LocalRedis server;
    private RedisSessionStore store;

    @BeforeEach
    void start() {
        server = RedisServers.start("--requirepass", PASSWORD, "--appendonly", "yes", "--appendfsync", "always");
        store = RedisSessionStore.builder("redis://:" + PASSWORD.replace("ä", "%C3%A4") + "@" + server.address())
                .connectTimeout(TIMEOUT).readTimeout(TIMEOUT).build();
    }

    @AfterEach
    void stop() {
        try {
            if (store != null) {
                store.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    private static String json(String v) {
        return "{\"cookie\":{\"originalMaxAge\":null,\"expires\":null,\"httpOnly\":true,\"path\":\"/\"},\"v\":\"" + v
                + "\"}";
    }

    private static SessionRecord record(String v) {
        return SessionRecord.of(json(v), null);
    }

    /** Runs an operation that must fail, checks the failure and that it came within the bound. */
    private static SessionStoreException failure(String command, Runnable operation) {
        long started = System.nanoTime();
        SessionStoreException e = catchThrowableOfType(SessionStoreException.class, operation::run);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(e).as("%s while Redis is unavailable", command).isNotNull();
        assertThat(took).as("time to fail").isLessThan(BOUND);
        assertThat(e.getMessage()).startsWith("Redis " + command + " failed: ")
                .doesNotContain(ID, "sess:", PASSWORD, "pässword", "p%C3%A4ssword");
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            assertThat(String.valueOf(cause.getMessage())).as("message of cause %s", cause.getClass())
                    .doesNotContain(ID, PASSWORD, "p%C3%A4ssword");
        }
        return e;
    }

    @Test
    void serverKilled_everyOperationFailsFast_thenSameStoreWorksAfterRestartWithNothingHalfWritten() {
        assertThat(store.set(ID, record("before"), SetMode.IF_ABSENT)).isTrue();
        assertThat(store.set("other", record("before"), SetMode.IF_ABSENT)).isTrue();

        server.kill();

        Map<String, Runnable> operations = Map.of(
                "GET", () -> store.get(ID),
                "GETEX", () -> store.getAndTouch(ID, null),
                "EXPIRE", () -> store.touch(ID, record("x")),
                "DEL", () -> store.destroy("other"),
                "SCAN", () -> enumerationOf(store).ids());
        operations.forEach((command, operation) -> failure(command, operation));
        SessionStoreException onWrite = failure("SET", () -> store.set(ID, record("during"), SetMode.IF_PRESENT));
        failure("SET", () -> store.set("new-during-outage", record("during"), SetMode.IF_ABSENT));
        failure("SCAN", () -> enumerationOf(store).clear());
        failure("SCAN", () -> enumerationOf(store).length());
        assertThat(onWrite.getMessage()).matches("Redis SET failed: JedisConnectionException( \\(\\w+\\))?");

        server.restart();

        assertThat(store.get(ID)).as("the acknowledged write survived, the failed one left no trace")
                .contains(json("before"));
        assertThat(store.get("other")).as("the failed destroy did nothing").contains(json("before"));
        assertThat(store.get("new-during-outage")).isEmpty();
        assertThat(enumerationOf(store).ids()).containsExactlyInAnyOrder(ID, "other");
        assertThat(store.set(ID, record("after"), SetMode.IF_PRESENT)).isTrue();
        assertThat(store.get(ID)).contains(json("after"));
    }

    @Test
    void serverFrozen_readTimesOutWithinBound_thenWorksWhenItAnswersAgain() {
        store.set(ID, record("before"), SetMode.ALWAYS);

        server.pause();
        SessionStoreException e;
        try {
            e = failure("GET", () -> store.get(ID));
        } finally {
            server.resume();
        }

        assertThat(e).hasMessage("Redis GET failed: JedisConnectionException (SocketTimeoutException)");
        assertThat(store.get(ID)).contains(json("before"));
    }

    @Test
    void serverFrozen_everyPooledConnectionBusy_waitForAConnectionIsBoundedToo() throws Exception {
        store.close();
        store = RedisSessionStore.builder("redis://:" + PASSWORD.replace("ä", "%C3%A4") + "@" + server.address())
                .connectTimeout(TIMEOUT).readTimeout(TIMEOUT).maxConnections(8).build();
        store.set(ID, record("before"), SetMode.ALWAYS);
        server.pause();
        List<Thread> threads = new ArrayList<>();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        try {
            long started = System.nanoTime();
            // A pool of 8 connections: 20 callers keep all of them busy while others wait.
            for (int i = 0; i < 20; i++) {
                Thread thread = new Thread(() -> {
                    try {
                        store.get(ID);
                    } catch (SessionStoreException expected) {
                        failures.add(expected);
                    }
                });
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) {
                thread.join(BOUND.toMillis() * 2);
                assertThat(thread.isAlive()).as("a caller still blocked").isFalse();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(BOUND.multipliedBy(2));
        } finally {
            server.resume();
        }

        assertThat(failures).hasSize(20).allSatisfy(failure -> assertThat(failure.getMessage())
                .startsWith("Redis GET failed: ").doesNotContain(ID));
        assertThat(store.get(ID)).contains(json("before"));
    }

    @Test
    void wrongPassword_failsWithoutShowingIt() {
        String wrongPassword = "not-the-password";
        try (RedisSessionStore wrong = RedisSessionStore.builder("redis://:" + wrongPassword + "@"
                + server.address()).connectTimeout(TIMEOUT).readTimeout(TIMEOUT).build()) {

            SessionStoreException e = failure("GET", () -> wrong.get(ID));

            assertThat(e.getMessage()).isEqualTo("Redis GET failed: JedisAccessControlException")
                    .doesNotContain(wrongPassword);
        }
    }

    @Test
    void failure_messageNamesCommandAndClassesOnly() {
        SessionStoreException e = RedisCall.failure("SET", new JedisConnectionException(
                "Failed to connect to host:1 for " + ID, new ConnectException("refused " + Instant.EPOCH)));

        assertThat(e).hasMessage("Redis SET failed: JedisConnectionException (ConnectException)");
        assertThat(e.getCause()).isInstanceOf(JedisConnectionException.class);
    }

    private static SessionEnumeration enumerationOf(SessionStore store) {
        return store.facets().enumeration().orElseThrow();
    }
}
