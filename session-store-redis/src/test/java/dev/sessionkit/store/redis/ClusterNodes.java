package dev.sessionkit.store.redis;

import dev.sessionkit.testsupport.redis.LocalRedis;
import dev.sessionkit.testsupport.redis.LocalRedisCluster;
import java.util.HashSet;
import java.util.Set;
import redis.clients.jedis.HostAndPort;

/** A test Cluster's nodes as Jedis addresses them, for {@code RedisClusterClient.builder().nodes(...)}. */
final class ClusterNodes {

    private ClusterNodes() {
    }

    static Set<HostAndPort> of(LocalRedisCluster cluster) {
        Set<HostAndPort> nodes = new HashSet<>();
        for (LocalRedis node : cluster.nodes()) {
            nodes.add(new HostAndPort(node.host(), node.port()));
        }
        return nodes;
    }
}
