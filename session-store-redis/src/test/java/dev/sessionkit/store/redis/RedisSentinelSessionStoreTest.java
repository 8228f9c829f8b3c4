package dev.sessionkit.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkit.store.SessionRecord;
import dev.sessionkit.store.SessionStore.SetMode;
import dev.sessionkit.testsupport.redis.LocalRedisSentinel;
import dev.sessionkit.testsupport.redis.RedisServers;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * The store contract through a Sentinel: a master and a {@code redis-server --sentinel} started by the test, and a
 * Jedis {@link RedisSentinelClient} that finds the master by asking the Sentinel. Failover is not exercised.
 */
class RedisSentinelSessionStoreTest extends AbstractRedisStoreTest {

    private static LocalRedisSentinel sentinel;
    private static RedisSentinelClient client;

    @BeforeAll
    @Timeout(60)
    static void startSentinel() {
        sentinel = RedisServers.startSentinel();
        client = RedisSentinelClient.builder()
                .masterName(sentinel.masterName())
                .sentinels(Set.of(new HostAndPort(sentinel.sentinel().host(), sentinel.sentinel().port())))
                .build();
    }

    @AfterAll
    static void stopSentinel() {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            if (sentinel != null) {
                sentinel.close();
            }
        }
    }

    @Override
    UnifiedJedis client() {
        return client;
    }

    @Test
    void client_builtFromSentinel_pointsAtMonitoredMaster() {
        assertThat(client.getCurrentMaster())
                .isEqualTo(new HostAndPort(sentinel.master().host(), sentinel.master().port()));
    }

    @Test
    void roundTrip_throughSentinelClient_landsOnMasterProcess() {
        store().set("s1", SessionRecord.of(json("\"v\":\"é\""), null), SetMode.IF_ABSENT);

        try (Jedis master = new Jedis(sentinel.master().host(), sentinel.master().port())) {
            assertThat(master.get(prefix() + "s1")).isEqualTo(json("\"v\":\"é\""));
        }
        assertThat(store().getAndTouch("s1", null)).contains(json("\"v\":\"é\""));
        store().destroy("s1");
        try (Jedis master = new Jedis(sentinel.master().host(), sentinel.master().port())) {
            assertThat(master.exists(prefix() + "s1")).isFalse();
        }
    }
}
