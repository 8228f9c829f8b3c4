package dev.sessionkit.benchmarks.load;

import dev.sessionkit.store.redis.RedisSessionStore;
import java.net.URI;
import java.time.Duration;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;

/**
 * The Redis store of every SessionKit server. By default exactly as the store's README configures it, from the URI
 * (Jedis's default pool: 8 connections). With the system property {@code benchmarks.redisPool=N} (for example
 * {@code JAVA_OPTS="-Xms1g -Xmx1g -Dbenchmarks.redisPool=64"}), on a client with a pool of N connections instead.
 */
final class RedisStores {

    /** The system property that sets the pool size. */
    static final String POOL_PROPERTY = "benchmarks.redisPool";

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
        String pool = System.getProperty(POOL_PROPERTY);
        if (pool == null || pool.isBlank()) {
            RedisSessionStore store = RedisSessionStore.builder(redisUrl).build();
            return new Store(store, store);
        }
        int size = Integer.parseInt(pool.strip());
        URI uri = URI.create(redisUrl);
        ConnectionPoolConfig poolConfig = new ConnectionPoolConfig();
        poolConfig.setMaxTotal(size);
        poolConfig.setMaxIdle(size);
        poolConfig.setMaxWait(Duration.ofSeconds(2));
        RedisClient client = RedisClient.builder()
                .hostAndPort(new HostAndPort(uri.getHost(), uri.getPort()))
                .clientConfig(DefaultJedisClientConfig.builder()
                        .connectionTimeoutMillis(2000).socketTimeoutMillis(2000).build())
                .poolConfig(poolConfig)
                .build();
        return new Store(RedisSessionStore.create(client), client);
    }
}
