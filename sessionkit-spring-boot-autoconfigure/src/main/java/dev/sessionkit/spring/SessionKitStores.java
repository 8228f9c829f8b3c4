package dev.sessionkit.spring;

import dev.sessionkit.store.SessionStore;
import dev.sessionkit.store.caffeine.CaffeineSessionStore;
import dev.sessionkit.store.redis.RedisSessionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.core.env.Environment;

/**
 * The store when the application defines none: Redis when {@code sessionkit.redis.url} is set (and
 * {@code session-store-redis} is on the class path), else the in-memory Caffeine store. Each says so in the log.
 */
final class SessionKitStores {

    /** The name of the store bean the auto-configuration defines. */
    static final String BEAN = "sessionKitStore";

    private static final Logger LOG = LoggerFactory.getLogger(SessionKitStores.class);

    private SessionKitStores() {
    }

    /** Whether {@code sessionkit.redis.url} is set to something: a blank value (an unset variable) is not set. */
    static boolean redisUrlSet(Environment environment) {
        String url = environment.getProperty("sessionkit.redis.url");
        return url != null && !url.isBlank();
    }

    /** {@code sessionkit.redis.url} set and not blank. */
    static final class RedisUrlSet implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return redisUrlSet(context.getEnvironment());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "dev.sessionkit.store.redis.RedisSessionStore")
    @Conditional(RedisUrlSet.class)
    static class Redis {

        @Bean(name = BEAN, destroyMethod = "close")
        @ConditionalOnMissingBean(SessionStore.class)
        RedisSessionStore sessionKitStore(Environment environment) {
            Binder binder = Binder.get(environment);
            String url = binder.bind("sessionkit.redis.url", String.class).get();
            RedisSessionStore.Builder builder = RedisSessionStore.builder(url);
            binder.bind("sessionkit.redis.prefix", String.class).ifBound(builder::prefix);
            LOG.info("SessionKit: sessions in Redis (sessionkit.redis.url), shared by every instance");
            return builder.build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "dev.sessionkit.store.caffeine.CaffeineSessionStore")
    static class Caffeine {

        @Bean(name = BEAN)
        @ConditionalOnMissingBean(SessionStore.class)
        CaffeineSessionStore sessionKitStore(Environment environment) {
            if (redisUrlSet(environment)) {
                throw new IllegalStateException("sessionkit.redis.url is set, but session-store-redis is not on the "
                        + "class path: add the dependency dev.sessionkit:session-store-redis");
            }
            LOG.info("SessionKit: sessions in memory (Caffeine): one instance only, lost on restart; set "
                    + "sessionkit.redis.url (with session-store-redis) to keep them in Redis");
            return CaffeineSessionStore.create();
        }
    }
}
