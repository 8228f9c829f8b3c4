package dev.sessionkit.testkit;

import dev.sessionkit.SessionStore;

class InMemorySessionStoreTest extends SessionStoreContract {

    @Override
    protected SessionStore createStore(MutableClock clock) {
        return InMemorySessionStore.create(clock, defaultTtl());
    }
}
