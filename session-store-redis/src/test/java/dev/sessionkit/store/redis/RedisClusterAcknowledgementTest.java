package dev.sessionkit.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkit.store.PrincipalIndex;
import dev.sessionkit.store.SessionRecord;
import dev.sessionkit.store.SessionStore.SetMode;
import dev.sessionkit.store.SessionStoreException;
import dev.sessionkit.testsupport.redis.LocalRedis;
import dev.sessionkit.testsupport.redis.LocalRedisCluster;
import dev.sessionkit.testsupport.redis.RedisServers;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * {@link RedisSessionStore.Builder#replicasToAcknowledge(int, Duration)} on a Redis Cluster of 3 masters with a
 * replica each: the {@code WAIT} must reach the master that owns the session's key, on the connection that wrote it.
 * Freezing that master's replica ({@code SIGSTOP}) makes the ending fail; freezing another master's replica does not;
 * {@code INFO commandstats} shows the {@code WAIT} on the owner and on no other node.
 */
@Timeout(120)
class RedisClusterAcknowledgementTest {

    private static final Pattern WAIT_CALLS = Pattern.compile("cmdstat_wait:calls=(\\d+)");
    private static final Duration TIMEOUT = Duration.ofMillis(200);

    private static LocalRedisCluster cluster;
    private static RedisClusterClient client;

    private String prefix;

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

    @BeforeEach
    void prefix() {
        prefix = TestKeys.uniquePrefix();
    }

    @AfterEach
    void deleteKeys() {
        TestKeys.delete(client, prefix);
        TestKeys.delete(client, SessionWriter.prefix(prefix));
    }

    private RedisSessionStore store(boolean acknowledged) {
        RedisSessionStore.Builder builder = RedisSessionStore.builder(client).prefix(prefix);
        return acknowledged ? builder.replicasToAcknowledge(1, TIMEOUT).build() : builder.build();
    }

    private static SessionRecord record() {
        return SessionRecord.of("{\"cookie\":{\"originalMaxAge\":null,\"expires\":null,\"httpOnly\":true,"
                + "\"path\":\"/\"},\"v\":1}", null);
    }

    /** The node that owns a key's slot, as the client's slot cache says. */
    private static LocalRedis owner(String key) {
        HostAndPort address;
        try (Connection connection = client.getConnectionFromSlot(JedisClusterCRC16.getSlot(key))) {
            address = connection.getHostAndPort();
        }
        return node(address.getPort());
    }

    private static LocalRedis node(int port) {
        return cluster.nodes().stream().filter(node -> node.port() == port).findFirst().orElseThrow();
    }

    /** A master's replica, from the master's {@code INFO replication}. */
    private static LocalRedis replicaOf(LocalRedis master) {
        try (Jedis jedis = new Jedis(master.host(), master.port())) {
            Matcher matcher = Pattern.compile("slave0:ip=[^,]+,port=(\\d+)").matcher(jedis.info("replication"));
            assertThat(matcher.find()).as("%s has a replica", master.address()).isTrue();
            return node(Integer.parseInt(matcher.group(1)));
        }
    }

    private static Map<Integer, Long> waits() {
        Map<Integer, Long> waits = new HashMap<>();
        for (LocalRedis node : cluster.nodes()) {
            try (Jedis jedis = new Jedis(node.host(), node.port())) {
                Matcher matcher = WAIT_CALLS.matcher(jedis.info("commandstats"));
                waits.put(node.port(), matcher.find() ? Long.parseLong(matcher.group(1)) : 0);
            }
        }
        return waits;
    }

    private static <T> T frozen(LocalRedis replica, Supplier<T> action) {
        replica.pause(); // well under cluster-node-timeout (5 s): no node is marked failed
        try {
            return action.get();
        } finally {
            replica.resume();
        }
    }

    @Test
    void destroy_waitGoesToTheKeysOwnerOnly() {
        RedisSessionStore store = store(true);
        store.set("s1", record(), SetMode.IF_ABSENT);
        LocalRedis owner = owner(prefix + "s1");
        Map<Integer, Long> before = waits();

        store.destroy("s1");

        Map<Integer, Long> after = waits();
        for (LocalRedis node : cluster.nodes()) {
            long sent = after.get(node.port()) - before.get(node.port());
            assertThat(sent).as("WAITs on %s", node.address()).isEqualTo(node == owner ? 1 : 0);
        }
        try (Jedis replica = new Jedis(replicaOf(owner).host(), replicaOf(owner).port())) {
            replica.readonly();
            assertThat(replica.exists(prefix + "s1")).as("WAIT returned once the replica had the DEL").isFalse();
        }
    }

    @Test
    void destroy_ownersReplicaFrozen_fails_otherReplicaFrozen_succeeds_optionOff_succeeds() {
        RedisSessionStore acknowledged = store(true);
        RedisSessionStore plain = store(false);
        acknowledged.set("s1", record(), SetMode.IF_ABSENT);
        acknowledged.set("s3", record(), SetMode.IF_ABSENT);
        LocalRedis owner = owner(prefix + "s1");
        LocalRedis ownersReplica = replicaOf(owner);
        String elsewhere = "s2";
        for (int i = 0; owner(prefix + elsewhere) == owner; i++) {
            elsewhere = "s2-" + i; // a session on another master
        }
        String other = elsewhere;
        acknowledged.set(other, record(), SetMode.IF_ABSENT);

        assertThatThrownBy(() -> frozen(ownersReplica, () -> {
            acknowledged.destroy("s1");
            return null;
        })).isInstanceOf(SessionStoreException.class).hasMessageContaining("not acknowledged")
                .hasMessageNotContaining(prefix);
        frozen(ownersReplica, () -> {
            acknowledged.destroy(other); // its WAIT goes to its own master, whose replica is not frozen
            plain.destroy("s3"); // without the option, the frozen replica does not matter
            return null;
        });
        assertThat(client.exists(prefix + other)).isFalse();
        assertThat(client.exists(prefix + "s3")).isFalse();
    }

    @Test
    void endOldest_onCluster_failsWhenTheEndedSessionsReplicasAreFrozen() {
        RedisSessionStore store = store(true);
        PrincipalIndex index = store.facets().principalIndex().orElseThrow();
        for (String id : new String[] {"a", "b", "c"}) {
            index.add("ada", id, null, 10);
            store.set(id, record(), SetMode.IF_ABSENT);
        }
        List<LocalRedis> replicas = cluster.nodes().stream().filter(node -> !isMaster(node)).toList();
        assertThat(replicas).hasSize(3);

        replicas.forEach(LocalRedis::pause);
        try {
            assertThatThrownBy(() -> index.endOldest("ada", 1)).isInstanceOf(SessionStoreException.class)
                    .hasMessageContaining("not acknowledged");
        } finally {
            replicas.forEach(LocalRedis::resume);
        }
    }

    /**
     * A node that stops answering mid-pipeline: the {@code ClusterPipeline} logs the failure and leaves the replies
     * unset, and the store must still fail with its own exception (the adapters' 503), not the client's
     * {@code IllegalStateException} (a 500). Found by the fault run on a Cluster.
     */
    @Test
    void destroy_ownerStopsAnswering_failsWithTheStoresException() {
        try (RedisClusterClient impatient = RedisClusterClient.builder().nodes(ClusterNodes.of(cluster))
                .clientConfig(DefaultJedisClientConfig.builder().socketTimeoutMillis(300).build()).build()) {
            RedisSessionStore store = RedisSessionStore.builder(impatient).prefix(prefix)
                    .replicasToAcknowledge(1, Duration.ofMillis(100)).build();
            store.set("s1", record(), SetMode.IF_ABSENT);
            store.set("s2", record(), SetMode.IF_ABSENT);
            store.destroy("s2"); // a pooled connection to s1's node... if s2 lives there; s1's own set opened one
            LocalRedis owner = owner(prefix + "s1");

            owner.pause(); // well under cluster-node-timeout (5 s)
            try {
                assertThatThrownBy(() -> store.destroy("s1")).isInstanceOf(SessionStoreException.class)
                        .hasMessageStartingWith("Redis ").hasMessageNotContaining(prefix);
            } finally {
                owner.resume();
            }
        }
    }

    private static boolean isMaster(LocalRedis node) {
        try (Jedis jedis = new Jedis(node.host(), node.port())) {
            return "master".equals(String.valueOf(jedis.role().get(0)));
        }
    }
}
