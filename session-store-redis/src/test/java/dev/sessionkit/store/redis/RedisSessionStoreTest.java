package dev.sessionkit.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkit.store.SessionRecord;
import dev.sessionkit.store.SessionStore.SetMode;
import dev.sessionkit.store.SessionStoreException;
import dev.sessionkit.testsupport.redis.RedisServers;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/** The store contract against a standalone Redis ({@link RedisServers#standalone()}), and the builder's rules. */
class RedisSessionStoreTest extends AbstractRedisStoreTest {

    private static URI uri;
    private static RedisClient client;

    @BeforeAll
    @Timeout(60)
    static void connect() {
        uri = RedisServers.standalone();
        client = RedisClient.create(uri);
    }

    @AfterAll
    static void disconnect() {
        if (client != null) {
            client.close();
        }
    }

    @Override
    UnifiedJedis client() {
        return client;
    }

    // --- a store that owns its client ---------------------------------------------------------------------------

    @Test
    void builderFromUri_storeWorksAndCloseClosesItsClient() {
        RedisSessionStore store = RedisSessionStore.builder(uri.toString()).prefix(prefix()).build();
        store.set("s1", SessionRecord.of(json("\"v\":1"), null), SetMode.ALWAYS);
        assertThat(store.get("s1")).contains(json("\"v\":1"));

        store.close();

        assertThatThrownBy(() -> store.get("s1")).isInstanceOf(SessionStoreException.class)
                .hasMessage("Redis GET failed: JedisException (IllegalStateException)");
        assertThat(client.get(prefix() + "s1")).as("the application's client is unaffected").isNotNull();
    }

    @Test
    void create_defaults_prefixSessAndOneDayTtl() {
        RedisSessionStore store = RedisSessionStore.create(client);

        assertThat(store).hasToString("RedisSessionStore{prefix=sess:, defaultTtl=PT24H, client=RedisClient}");
        store.close();
        assertThat(client.ping()).isEqualTo("PONG");
    }

    @Test
    void toString_storeFromUriWithPassword_showsNoUri() {
        RedisSessionStore store = RedisSessionStore.builder("redis://user:hunter2@127.0.0.1:1").build();

        assertThat(store.toString()).doesNotContain("hunter2", "user", "127.0.0.1")
                .isEqualTo("RedisSessionStore{prefix=sess:, defaultTtl=PT24H, client=RedisClient}");
        store.close();
    }

    // --- builder rules ------------------------------------------------------------------------------------------

    @Test
    void builder_nullClient_throwsNullPointerNamingIt() {
        assertThatThrownBy(() -> RedisSessionStore.builder((UnifiedJedis) null))
                .isInstanceOf(NullPointerException.class).hasMessage("client");
    }

    @Test
    void builder_nullUri_throwsNullPointerNamingIt() {
        assertThatThrownBy(() -> RedisSessionStore.builder((String) null))
                .isInstanceOf(NullPointerException.class).hasMessage("uri");
        assertThatThrownBy(() -> RedisSessionStore.builder((URI) null))
                .isInstanceOf(NullPointerException.class).hasMessage("uri");
    }

    @Test
    void builder_uriWithOtherScheme_throwsWithoutShowingPassword() {
        assertThatThrownBy(() -> RedisSessionStore.builder("http://admin:hunter2@cache:6379"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("uri must start with redis:// or rediss://, was http://***@cache:6379");
    }

    @Test
    void builder_uriWithoutHost_throws() {
        assertThatThrownBy(() -> RedisSessionStore.builder("redis:///0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("uri must name a host, was redis:///0");
    }

    @Test
    void builder_malformedUri_throwsWithoutEchoingIt() {
        assertThatThrownBy(() -> RedisSessionStore.builder("redis://u:pa ss@host"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("uri is not a valid URI (")
                .message().doesNotContain("pa ss");
    }

    @Test
    void prefix_nullOrEmpty_isRefused() {
        assertThatThrownBy(() -> RedisSessionStore.builder(client).prefix(null))
                .isInstanceOf(NullPointerException.class).hasMessage("prefix");
        assertThatThrownBy(() -> RedisSessionStore.builder(client).prefix(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("prefix must not be empty: clear() would delete every key");
    }

    @Test
    void defaultTtl_underOneSecondOrNull_isRefused() {
        assertThatThrownBy(() -> RedisSessionStore.builder(client).defaultTtl(Duration.ofMillis(999)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("defaultTtl must be at least one second, was PT0.999S");
        assertThatThrownBy(() -> RedisSessionStore.builder(client).defaultTtl(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("defaultTtl must be at least one second, was PT-1S");
        assertThatThrownBy(() -> RedisSessionStore.builder(client).defaultTtl(null))
                .isInstanceOf(NullPointerException.class).hasMessage("defaultTtl");
    }

    @Test
    void ttlAndClock_null_areRefused() {
        assertThatThrownBy(() -> RedisSessionStore.builder(client).ttl(null))
                .isInstanceOf(NullPointerException.class).hasMessage("ttl");
        assertThatThrownBy(() -> RedisSessionStore.builder(client).clock(null))
                .isInstanceOf(NullPointerException.class).hasMessage("clock");
    }

    @Test
    void timeouts_outOfRange_areRefused() {
        assertThatThrownBy(() -> RedisSessionStore.builder(uri).connectTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("connectTimeout must be between 1 ms and 2147483647 ms, was PT0S");
        assertThatThrownBy(() -> RedisSessionStore.builder(uri).readTimeout(Duration.ofDays(30)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("readTimeout must be between 1 ms and 2147483647 ms, was PT720H");
        assertThatThrownBy(() -> RedisSessionStore.builder(uri).readTimeout(null))
                .isInstanceOf(NullPointerException.class).hasMessage("readTimeout");
    }

    @Test
    void build_timeoutsWithApplicationsClient_isRefused() {
        RedisSessionStore.Builder builder = RedisSessionStore.builder(client).readTimeout(Duration.ofSeconds(1));

        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("connectTimeout, readTimeout and maxConnections apply only to a store built "
                        + "from a URI");
        assertThatThrownBy(RedisSessionStore.builder(client).maxConnections(4)::build)
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> RedisSessionStore.builder(uri).maxConnections(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxConnections must be at least 1, was 0");
    }

    @Test
    void maxConnections_boundsTheConnectionsAStoreOpens() throws Exception {
        long before = connectedClients();
        try (RedisSessionStore store = RedisSessionStore.builder(uri).prefix(prefix()).maxConnections(3).build()) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
            try {
                java.util.List<java.util.concurrent.Callable<Object>> calls = new java.util.ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    calls.add(() -> {
                        for (int n = 0; n < 50; n++) {
                            store.get("s" + n);
                        }
                        return null;
                    });
                }
                for (java.util.concurrent.Future<Object> done
                        : pool.invokeAll(calls, 60, java.util.concurrent.TimeUnit.SECONDS)) {
                    done.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(connectedClients() - before).as("connections opened by the store").isBetween(1L, 3L);
        }
    }

    private long connectedClients() {
        for (String line : client.info("clients").split("\r?\n")) {
            if (line.startsWith("connected_clients:")) {
                return Long.parseLong(line.substring("connected_clients:".length()).trim());
            }
        }
        throw new AssertionError("INFO clients has no connected_clients");
    }

    @Test
    void operations_nullArguments_throwNullPointerNamingThem() {
        RedisSessionStore store = RedisSessionStore.builder(client).prefix(prefix()).build();
        SessionRecord record = SessionRecord.of("{}", null);

        assertThatThrownBy(() -> store.get(null)).isInstanceOf(NullPointerException.class).hasMessage("id");
        assertThatThrownBy(() -> store.set("s", null, SetMode.ALWAYS)).hasMessage("record");
        assertThatThrownBy(() -> store.set("s", record, null)).hasMessage("mode");
        assertThatThrownBy(() -> store.touch("s", null)).hasMessage("record");
        assertThatThrownBy(() -> store.destroy(null)).hasMessage("id");
    }

    @Test
    void set_ttlFunctionReturnsNull_throwsNullPointer() {
        RedisSessionStore store = RedisSessionStore.builder(client).prefix(prefix()).ttl(record -> null).build();

        assertThatThrownBy(() -> store.set("s", SessionRecord.of("{}", null), SetMode.ALWAYS))
                .isInstanceOf(NullPointerException.class).hasMessage("the ttl function returned null");
    }

    @Test
    void set_expiryCenturiesAhead_isCappedAndKept() {
        RedisSessionStore store = RedisSessionStore.builder(client).prefix(prefix()).clock(clock()).build();

        store.set("s1", SessionRecord.of("{}", clock().instant().plus(Duration.ofDays(365L * 500))), SetMode.ALWAYS);

        assertThat(client.ttl(prefix() + "s1")).isBetween(Integer.MAX_VALUE - 1L, (long) Integer.MAX_VALUE);
    }

    @Test
    void glob_everySpecialCharacter_isEscaped() {
        assertThat(KeyScan.glob("a*b?c[d]e\\f:")).isEqualTo("a\\*b\\?c\\[d\\]e\\\\f:");
        assertThat(KeyScan.glob("sess:")).isEqualTo("sess:");
    }
}
