package dev.sessionkit.benchmarks.load;

import dev.sessionkit.store.redis.RedisSessionStore;

/**
 * The Redis store of every SessionKit server, exactly as the store's README configures it, from the URI (its
 * default pool: 64 connections). With the system property {@code benchmarks.redisPool=N} (for example
 * {@code JAVA_OPTS="-Xms1g -Xmx1g -Dbenchmarks.redisPool=8"}), with a pool of N connections instead.
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
        RedisSessionStore.Builder builder = RedisSessionStore.builder(redisUrl);
        String pool = System.getProperty(POOL_PROPERTY);
        if (pool != null && !pool.isBlank()) {
            builder.maxConnections(Integer.parseInt(pool.strip()));
        }
        RedisSessionStore store = builder.build();
        return new Store(store, store);
    }
}
