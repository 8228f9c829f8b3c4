package dev.sessionkit.micronaut;

import dev.sessionkit.store.SessionStore;
import dev.sessionkit.testkit.InMemorySessionStore;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;

/** A store bean for tests that start without the Caffeine module, switched on by {@code test.store-bean}. */
@Factory
@Requires(property = "test.store-bean", value = "true")
final class TestStoreFactory {

    @Singleton
    SessionStore store() {
        return InMemorySessionStore.create(Clock.systemUTC());
    }
}
