package dev.sessionkit.benchmarks.load;

import dev.sessionkit.store.redis.RedisSessionStore;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * The Redis store of every SessionKit server, exactly as the store's README configures it. A {@code redis://} URI
 * makes a store that owns its client (its default pool: 64 connections); with the system property
 * {@code benchmarks.redisPool=N} (for example {@code JAVA_OPTS="-Xms1g -Xmx1g -Dbenchmarks.redisPool=8"}), with a
 * pool of N connections instead. The fault run's topologies have URIs of their own:
 * {@code redis-sentinel://host:port,host:port/<master name>} (a {@link RedisSentinelClient}) and
 * {@code redis-cluster://host:port,host:port} (a {@link RedisClusterClient}). With the system property
 * {@code benchmarks.replicasToAcknowledge=N:MILLIS}, the store waits for N replicas, MILLIS at most, after each write
 * that ends a session ({@code RedisSessionStore.Builder.replicasToAcknowledge}), and with
 * {@code benchmarks.acknowledgeEverySave=true} as well, after every save.
 */
final class RedisStores {

    /** The system property that sets the pool size. */
    static final String POOL_PROPERTY = "benchmarks.redisPool";
    /** The system property that turns on {@code replicasToAcknowledge}: {@code replicas:timeoutMillis}. */
    static final String ACKNOWLEDGE_PROPERTY = "benchmarks.replicasToAcknowledge";
    /** The system property that makes saves wait for the replicas too: {@code true}. */
    static final String EVERY_SAVE_PROPERTY = "benchmarks.acknowledgeEverySave";

    private RedisStores() {
    }

    /** A store and what closes it: the store when it owns its client, else the client. */
    record Store(RedisSessionStore store, AutoCloseable closer) implements AutoCloseable {
        @Override
        public void close() {
            Closing.quietly(closer);
        }
    }

    static Store create(String redisUrl) {
        UnifiedJedis client = topologyClient(redisUrl);
        RedisSessionStore.Builder builder = client == null ? RedisSessionStore.builder(redisUrl)
                : RedisSessionStore.builder(client);
        String pool = System.getProperty(POOL_PROPERTY);
        if (client == null && pool != null && !pool.isBlank()) {
            builder.maxConnections(Integer.parseInt(pool.strip()));
        }
        String acknowledge = System.getProperty(ACKNOWLEDGE_PROPERTY);
        if (acknowledge != null && !acknowledge.isBlank()) {
            String[] parts = acknowledge.strip().split(":");
            builder.replicasToAcknowledge(Integer.parseInt(parts[0]), Duration.ofMillis(Long.parseLong(parts[1])));
            builder.acknowledgeEverySave(Boolean.getBoolean(EVERY_SAVE_PROPERTY));
        }
        RedisSessionStore store = builder.build();
        return new Store(store, client == null ? store : client);
    }

    /** The client of a Sentinel or Cluster URI; {@code null} for a {@code redis://} one. */
    private static UnifiedJedis topologyClient(String redisUrl) {
        URI uri = URI.create(redisUrl);
        String scheme = uri.getScheme();
        if (!"redis-sentinel".equals(scheme) && !"redis-cluster".equals(scheme)) {
            return null;
        }
        Set<HostAndPort> nodes = new LinkedHashSet<>();
        for (String node : uri.getAuthority().split(",")) {
            nodes.add(HostAndPort.from(node));
        }
        // The same pool size as a store built from a URI (Jedis's own default is 8).
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(64);
        pool.setMaxIdle(64);
        // As the URI form bounds it (to its 2 s read timeout): Jedis's pools wait for a free connection forever by
        // default, and in a fail-over every connection can be stuck on the dead primary at once.
        pool.setMaxWait(Duration.ofSeconds(2));
        if ("redis-cluster".equals(scheme)) {
            // Jedis retries a command through a fail-over for up to about 10 s by default, as long as the fault run's
            // clients wait: a request making two store calls could then hang. Bounded at 3 s, a call that cannot be
            // served fails (503) while the clients still wait; the store README advises the same.
            return RedisClusterClient.builder().nodes(nodes).poolConfig(pool)
                    .maxTotalRetriesDuration(Duration.ofSeconds(3)).build();
        }
        return RedisSentinelClient.builder().masterName(uri.getPath().substring(1)).sentinels(nodes)
                .poolConfig(pool).build();
    }
}
