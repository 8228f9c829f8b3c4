package dev.sessionkit.benchmarks.load;

import dev.sessionkit.store.SessionStore;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/** The Redis store of {@link MicronautServer}, replacing the adapter's default Caffeine store. */
@Factory
@Requires(property = MicronautServer.REDIS_URL_PROPERTY)
final class MicronautLoadBeans {

    @Singleton
    @Bean(preDestroy = "close")
    RedisStores.Store redis(@Value("${" + MicronautServer.REDIS_URL_PROPERTY + "}") String redisUrl) {
        return RedisStores.create(redisUrl);
    }

    @Singleton
    SessionStore sessionStore(RedisStores.Store redis) {
        return redis.store();
    }
}
