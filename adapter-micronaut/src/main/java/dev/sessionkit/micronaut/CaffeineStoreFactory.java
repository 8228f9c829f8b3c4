package dev.sessionkit.micronaut;

import dev.sessionkit.store.SessionStore;
import dev.sessionkit.store.caffeine.CaffeineSessionStore;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * The default store, an in-memory {@link CaffeineSessionStore}, for an application that provides no
 * {@link SessionStore} bean. It exists only when {@code dev.sessionkit:session-store-caffeine} is on the classpath:
 * the adapter's dependency on it is optional, as nothing but the application chooses a store.
 */
@Factory
@Requires(property = SessionKitFactory.ENABLED, notEquals = "false")
@Requires(classes = CaffeineSessionStore.class)
final class CaffeineStoreFactory {

    @Singleton
    @Requires(missingBeans = SessionStore.class)
    SessionStore sessionStore() {
        return CaffeineSessionStore.create();
    }
}
