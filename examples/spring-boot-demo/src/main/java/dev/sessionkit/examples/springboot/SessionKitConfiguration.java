package dev.sessionkit.examples.springboot;

import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionData;
import dev.sessionkit.servlet.SessionFilter;
import dev.sessionkit.store.SessionStore;
import dev.sessionkit.store.caffeine.CaffeineSessionStore;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Wires SessionKit into Spring: the store, the {@code sessionkit.*} properties read by core's string options
 * ({@link SessionConfig.Builder#properties(Map)}, the same keys as web.xml init-params), the filter, and the
 * {@code Session} controller parameter.
 */
@Configuration(proxyBeanMethods = false)
class SessionKitConfiguration implements WebMvcConfigurer {

    private static final Logger LOG = LoggerFactory.getLogger(SessionKitConfiguration.class);

    @Bean
    SessionStore sessionStore() {
        return CaffeineSessionStore.create();
    }

    @Bean
    SessionConfig<SessionData> sessionConfig(Environment environment, SessionStore store) {
        // Every sessionkit.* key, nested ones as "cookie.max-age": core checks names and values, and fails the start
        // naming the key.
        Map<String, String> options = new LinkedHashMap<>(Binder.get(environment)
                .bind("sessionkit", Bindable.mapOf(String.class, String.class)).orElse(Map.of()));
        String secret = options.get("secret");
        if (secret == null || secret.isBlank()) {
            options.put("secret", randomSecret());
        }
        return SessionConfig.builder().store(store).properties(options).build();
    }

    @Bean
    FilterRegistrationBean<SessionFilter> sessionFilter(SessionConfig<SessionData> config) {
        FilterRegistrationBean<SessionFilter> registration = new FilterRegistrationBean<>(new SessionFilter(config));
        registration.addUrlPatterns("/*");
        // Early, as Spring Session's filter: ahead of Spring Security and anything else that may use the session.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 50);
        return registration;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new SessionArgumentResolver());
    }

    /** A random secret for this run (the in-memory store's sessions end with the process anyway), said in a WARN. */
    private static String randomSecret() {
        byte[] random = new byte[48];
        new SecureRandom().nextBytes(random);
        LOG.warn("SESSION_SECRET is not set: signing cookies with a random secret made for this run, so sessions end "
                + "when the demo stops (as the in-memory store's do). To keep them, set one: "
                + "export SESSION_SECRET=\"$(openssl rand -base64 48)\"");
        return Base64.getEncoder().encodeToString(random);
    }
}
