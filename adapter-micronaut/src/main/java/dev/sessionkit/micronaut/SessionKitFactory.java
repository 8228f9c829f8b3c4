package dev.sessionkit.micronaut;

import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionData;
import dev.sessionkit.SessionManager;
import dev.sessionkit.event.SessionListener;
import dev.sessionkit.store.SessionStore;
import io.micronaut.context.BeanContext;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.naming.conventions.StringConvention;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The beans of the adapter. An application provides a {@link SessionStore} bean (default: an in-memory Caffeine
 * store, see {@link CaffeineStoreFactory}) and sets {@code sessionkit.*}, or provides a whole {@link SessionConfig}
 * bean, which then wins over both. Every {@link SessionListener} bean (such as the Micrometer metrics of
 * {@link MetricsFactory}) is registered with the configuration made here; a whole {@code SessionConfig} bean has the
 * listeners it was built with.
 */
@Factory
@Requires(property = SessionKitFactory.ENABLED, notEquals = "false")
final class SessionKitFactory {

    /**
     * The property that turns SessionKit off ({@code sessionkit.enabled=false}): no filter, no store, no session
     * argument, as if the module were not on the class path. On by default.
     */
    static final String ENABLED = "sessionkit.enabled";

    private static final String PREFIX = "sessionkit";

    @Singleton
    @Requires(missingBeans = SessionConfig.class)
    SessionConfig<SessionData> sessionConfig(Environment environment, BeanProvider<SessionStore> stores,
                                             BeanProvider<SessionListener> listeners) {
        Map<String, Object> raw = environment.getProperties(PREFIX, StringConvention.RAW);
        Object secret = raw.get("secret");
        Object secrets = raw.get("secrets");
        if (secret == null && secrets == null) {
            throw new ConfigurationException("no session secret configured: set sessionkit.secret (a list, or "
                    + "sessionkit.secrets, for several, oldest first) to a long random string, for example "
                    + "sessionkit.secret: ${SESSION_SECRET}, or provide a SessionConfig bean");
        }
        if (secret != null && secrets != null) {
            throw new ConfigurationException("both sessionkit.secret and sessionkit.secrets are set: set one");
        }
        if (!stores.isPresent()) {
            throw new ConfigurationException("no SessionStore bean: add dev.sessionkit:session-store-caffeine to the "
                    + "application for the in-memory default store, or provide a SessionStore bean (for example a "
                    + "RedisSessionStore from dev.sessionkit:session-store-redis), or a whole SessionConfig bean");
        }
        SessionConfig.Builder<SessionData> builder = SessionConfig.builder().store(stores.get());
        listeners.stream().forEach(builder::listener);
        Object list = secret != null ? secret : secrets;
        if (list instanceof Collection<?> items) {
            builder.secrets(items.stream().map(String::valueOf).toList());
        }
        return builder.properties(options(raw, list instanceof Collection<?>)).build();
    }

    /**
     * The options as core reads them, keyed as in application.yml so that errors name them so. A list-valued secret
     * was applied already; Micronaut also lists a list's items under indexed keys, which are not options.
     */
    private static Map<String, String> options(Map<String, Object> raw, boolean secretsApplied) {
        Map<String, String> options = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : raw.entrySet()) {
            String key = entry.getKey();
            boolean secretKey = key.equals("secret") || key.equals("secrets");
            if (key.contains("[") || entry.getValue() instanceof Map || secretKey && secretsApplied
                    || key.equals("enabled") || key.startsWith("metrics.")) { // the adapter's switches
                continue;
            }
            options.put(key.equals("secrets") ? "secret" : key, text(entry.getValue()));
        }
        return options;
    }

    /**
     * A value as core reads it. Micronaut's YAML loader turns an unquoted timestamp ({@code expires:
     * 2040-01-01T00:00:00Z}) into an {@code OffsetDateTime}, whose {@code toString} drops zero seconds: such a value
     * is given to core as the ISO-8601 instant it stands for.
     */
    private static String text(Object value) {
        if (value instanceof TemporalAccessor time && time.isSupported(ChronoField.INSTANT_SECONDS)) {
            return Instant.from(time).toString();
        }
        return String.valueOf(value);
    }

    // Created at startup, so that a missing secret fails the start. The configuration is looked up by its raw type:
    // an injected SessionConfig<?> would not match a bean registered without type arguments (a runtime singleton).
    @Context
    SessionManager<?> sessionManager(BeanContext beans) {
        SessionConfig<?> config = beans.getBean(SessionConfig.class);
        return SessionManager.create(config);
    }
}
