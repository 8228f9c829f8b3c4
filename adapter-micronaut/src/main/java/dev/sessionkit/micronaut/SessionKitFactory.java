package dev.sessionkit.micronaut;

import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionData;
import dev.sessionkit.SessionManager;
import dev.sessionkit.SessionStore;
import dev.sessionkit.store.caffeine.CaffeineSessionStore;
import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * The beans of the adapter. An application provides a {@link SessionStore} bean (default: an in-memory Caffeine
 * store) and sets {@code sessionkit.*}, or provides a whole {@link SessionConfig} bean, which then wins over both.
 */
@Factory
final class SessionKitFactory {

    @Singleton
    @Requires(missingBeans = SessionStore.class)
    SessionStore sessionStore() {
        return CaffeineSessionStore.create();
    }

    @Singleton
    @Requires(missingBeans = SessionConfig.class)
    SessionConfig<SessionData> sessionConfig(SessionKitProperties properties, SessionStore store) {
        if (properties.secret == null && properties.secrets == null) {
            throw new IllegalStateException("no session secret configured: set sessionkit.secret (or "
                    + "sessionkit.secrets, oldest first) to a long random string, for example "
                    + "sessionkit.secret: ${SESSION_SECRET}, or provide a SessionConfig bean");
        }
        if (properties.secret != null && properties.secrets != null) {
            throw new IllegalStateException("both sessionkit.secret and sessionkit.secrets are set: set one");
        }
        SessionConfig.Builder<SessionData> builder = SessionConfig.builder().store(store);
        if (properties.secrets != null) {
            builder.secrets(properties.secrets);
        }
        return builder.properties(properties.options()).build();
    }

    // Created at startup, so that a missing secret fails the start. The configuration is looked up by its raw type:
    // an injected SessionConfig<?> would not match a bean registered without type arguments (a runtime singleton).
    @Context
    SessionManager<?> sessionManager(BeanContext beans) {
        SessionConfig<?> config = beans.getBean(SessionConfig.class);
        return SessionManager.create(config);
    }
}
