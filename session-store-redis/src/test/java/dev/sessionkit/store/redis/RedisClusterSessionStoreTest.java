package dev.sessionkit.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkit.store.SessionRecord;
import dev.sessionkit.store.SessionStore.SetMode;
import dev.sessionkit.testsupport.redis.LocalRedis;
import dev.sessionkit.testsupport.redis.LocalRedisCluster;
import dev.sessionkit.testsupport.redis.RedisServers;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The store contract against a Redis Cluster started by the test from the {@code redis-server} binary: 3 masters,
 * each with one replica, so that {@code clear}/{@code length}/{@code ids} are also shown to scan the masters only.
 */
class RedisClusterSessionStoreTest extends AbstractRedisStoreTest {

    private static final Pattern SCAN_CALLS = Pattern.compile("cmdstat_scan:calls=(\\d+)");

    private static LocalRedisCluster cluster;
    private static RedisClusterClient client;

    @BeforeAll
    @Timeout(120)
    static void startCluster() {
        cluster = RedisServers.startCluster(3, 1);
        client = RedisClusterClient.builder().nodes(ClusterNodes.of(cluster)).build();
    }

    @AfterAll
    static void stopCluster() {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Override
    UnifiedJedis client() {
        return client;
    }

    private static Jedis direct(LocalRedis node) {
        return new Jedis(node.host(), node.port());
    }

    private static boolean isMaster(LocalRedis node) {
        try (Jedis jedis = direct(node)) {
            return "master".equals(String.valueOf(jedis.role().get(0)));
        }
    }

    private static long scanCalls(LocalRedis node) {
        try (Jedis jedis = direct(node)) {
            Matcher matcher = SCAN_CALLS.matcher(jedis.info("commandstats"));
            return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
        }
    }

    /** The keys under the prefix that one node holds, asked of that node alone. */
    private Set<String> keysOn(LocalRedis node) {
        Set<String> keys = new HashSet<>();
        try (Jedis jedis = direct(node)) {
            String cursor = "0";
            do {
                ScanResult<String> result = jedis.scan(cursor, new ScanParams().count(1000));
                result.getResult().stream().filter(key -> key.startsWith(prefix())).forEach(keys::add);
                cursor = result.getCursor();
            } while (!cursor.equals("0"));
        }
        return keys;
    }

    @Test
    void cluster_asStarted_hasThreeMastersAndThreeReplicas() {
        long masters = cluster.nodes().stream().filter(RedisClusterSessionStoreTest::isMaster).count();

        assertThat(cluster.nodes()).hasSize(6);
        assertThat(masters).isEqualTo(3);
        assertThat(client.getClusterNodes().keySet()).as("Jedis knows the replicas too, so the store must skip them")
                .containsExactlyInAnyOrderElementsOf(cluster.addresses());
    }

    @Test
    void enumeration_sessionsSpreadOverEveryMaster_findsAndClearsThemAll() {
        for (int i = 0; i < 60; i++) {
            store().set("spread-" + i, SessionRecord.of(json("\"i\":" + i), null), SetMode.IF_ABSENT);
        }
        Map<String, Integer> perMaster = new HashMap<>();
        for (LocalRedis node : cluster.nodes()) {
            if (isMaster(node)) {
                perMaster.put(node.address(), keysOn(node).size());
            }
        }
        assertThat(perMaster).as("keys per master").hasSize(3).allSatisfy((node, keys) -> assertThat(keys).isPositive());
        assertThat(perMaster.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(60);

        assertThat(enumerationOf(store()).length()).isEqualTo(60);
        assertThat(enumerationOf(store()).ids()).hasSize(60).contains("spread-0", "spread-59");
        enumerationOf(store()).clear();

        for (LocalRedis node : cluster.nodes()) {
            assertThat(keysOn(node)).as("keys left on %s", node.address()).isEmpty();
        }
    }

    @Test
    void ids_clusterWithReplicas_scansMastersOnly() {
        store().set("s1", SessionRecord.of(json("\"v\":1"), null), SetMode.ALWAYS);
        List<LocalRedis> nodes = cluster.nodes();
        Map<String, Long> before = new HashMap<>();
        for (LocalRedis node : nodes) {
            before.put(node.address(), scanCalls(node));
        }

        assertThat(enumerationOf(store()).ids()).containsExactly("s1");

        for (LocalRedis node : nodes) {
            long scans = scanCalls(node) - before.get(node.address());
            if (isMaster(node)) {
                assertThat(scans).as("SCANs on master %s", node.address()).isEqualTo(1);
            } else {
                assertThat(scans).as("SCANs on replica %s", node.address()).isZero();
            }
        }
    }
}
