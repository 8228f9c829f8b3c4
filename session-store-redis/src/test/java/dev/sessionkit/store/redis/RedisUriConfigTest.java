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
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Stores built from a URI against a private {@code redis-server} that wants a password for the default user and
 * has an ACL user limited to {@code sess:*} keys: the credentials in the URI (percent-encoded) are the ones used,
 * the database index is honoured, {@code rediss://} speaks TLS, and no credential reaches a message.
 */
@Timeout(60)
class RedisUriConfigTest {

    /** Characters that must be percent-encoded in a URI's user information. */
    private static final String DEFAULT_PASSWORD = "p@ss:wörd/1";
    private static final String DEFAULT_PASSWORD_ENCODED = "p%40ss%3Aw%C3%B6rd%2F1";
    private static final String APP_USER = "session-app";
    private static final String APP_PASSWORD = "app-sécret";
    private static final String APP_PASSWORD_ENCODED = "app-s%C3%A9cret";

    private static LocalRedis server;
    private static Jedis admin;

    @BeforeAll
    static void startServer() {
        server = RedisServers.start("--requirepass", DEFAULT_PASSWORD,
                "--user", APP_USER, "on", ">" + APP_PASSWORD, "~sess:*", "+@all");
        admin = new Jedis(new HostAndPort(server.host(), server.port()),
                DefaultJedisClientConfig.builder().password(DEFAULT_PASSWORD).build());
    }

    @AfterAll
    static void stopServer() {
        try {
            if (admin != null) {
                admin.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @BeforeEach
    void emptyServer() {
        admin.flushAll();
    }

    private static SessionRecord record(String v) {
        return SessionRecord.of("{\"v\":\"" + v + "\"}", null);
    }

    private static RedisSessionStore.Builder store(String userInfo, String path) {
        return RedisSessionStore.builder("redis://" + userInfo + "@" + server.address() + path)
                .connectTimeout(Duration.ofSeconds(1)).readTimeout(Duration.ofSeconds(1));
    }

    @Test
    void aclUser_fromUri_authenticatesAsThatUser() {
        try (RedisSessionStore store = store(APP_USER + ":" + APP_PASSWORD_ENCODED, "").build()) {
            assertThat(store.set("s1", record("app"), SetMode.IF_ABSENT)).isTrue();
            assertThat(store.get("s1")).contains("{\"v\":\"app\"}");
            assertThat(enumerationOf(store).ids()).containsExactly("s1");
            enumerationOf(store).clear();
            assertThat(enumerationOf(store).length()).isZero();
        }
    }

    @Test
    void aclUser_keysOutsideItsPattern_areRefusedByRedis() {
        try (RedisSessionStore store = store(APP_USER + ":" + APP_PASSWORD_ENCODED, "").prefix("other:").build()) {

            SessionStoreException e = catchThrowableOfType(SessionStoreException.class,
                    () -> store.set("s1", record("x"), SetMode.ALWAYS));

            assertThat(e).as("the ACL user, not the default user, ran the command").isNotNull()
                    .hasMessage("Redis SET failed: JedisAccessControlException");
        }
    }

    @Test
    void defaultUserPassword_percentEncodedInUri_authenticates() {
        try (RedisSessionStore store = store(":" + DEFAULT_PASSWORD_ENCODED, "").prefix("any:").build()) {
            store.set("s1", record("default"), SetMode.ALWAYS);

            assertThat(admin.get("any:s1")).isEqualTo("{\"v\":\"default\"}");
        }
    }

    @Test
    void databaseIndex_inUriPath_isUsed() {
        try (RedisSessionStore store = store(":" + DEFAULT_PASSWORD_ENCODED, "/3").build()) {
            store.set("s1", record("db3"), SetMode.ALWAYS);
        }

        assertThat(admin.exists("sess:s1")).as("database 0").isFalse();
        admin.select(3);
        try {
            assertThat(admin.get("sess:s1")).isEqualTo("{\"v\":\"db3\"}");
        } finally {
            admin.select(0);
        }
    }

    @Test
    void wrongOrMissingCredentials_failWithoutShowingThem() {
        try (RedisSessionStore wrongUser = store(APP_USER + ":not-" + APP_PASSWORD_ENCODED, "").build();
                RedisSessionStore none = RedisSessionStore.builder(server.uri())
                        .connectTimeout(Duration.ofSeconds(1)).readTimeout(Duration.ofSeconds(1)).build()) {

            SessionStoreException wrong = catchThrowableOfType(SessionStoreException.class, () -> wrongUser.get("s1"));
            SessionStoreException missing = catchThrowableOfType(SessionStoreException.class, () -> none.get("s1"));

            assertThat(wrong).hasMessage("Redis GET failed: JedisAccessControlException");
            assertThat(missing.getMessage()).startsWith("Redis GET failed: ")
                    .doesNotContain(DEFAULT_PASSWORD, APP_PASSWORD, APP_USER);
            assertThat(String.valueOf(wrong.getCause().getMessage())).doesNotContain("sécret", "s%C3%A9cret");
        }
    }

    @Test
    void rediss_againstPlainTextServer_attemptsTlsAndFails() {
        try (RedisSessionStore tls = RedisSessionStore.builder("rediss://:" + DEFAULT_PASSWORD_ENCODED + "@"
                + server.address()).connectTimeout(Duration.ofMillis(300)).readTimeout(Duration.ofMillis(300))
                .build()) {
            long started = System.nanoTime();

            SessionStoreException e = catchThrowableOfType(SessionStoreException.class, () -> tls.get("s1"));

            // The same address and password over redis:// work (defaultUserPassword_…); over rediss:// the client
            // opens with a TLS ClientHello, which a plain-text Redis never answers.
            assertThat(e).isNotNull();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(e.getMessage()).startsWith("Redis GET failed: JedisConnectionException (")
                    .containsAnyOf("SSLException", "SSLHandshakeException", "SocketTimeoutException",
                            "SocketException", "EOFException");
        }
    }

    private static SessionEnumeration enumerationOf(SessionStore store) {
        return store.facets().enumeration().orElseThrow();
    }
}
