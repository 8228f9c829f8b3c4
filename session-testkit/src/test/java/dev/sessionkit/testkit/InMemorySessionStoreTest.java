package dev.sessionkit.testkit;

import dev.sessionkit.store.SessionStore;

class InMemorySessionStoreTest extends SessionStoreContract implements EnumeratedIndexContract {

    @Override
    protected SessionStore createStore(MutableClock clock) {
        return InMemorySessionStore.create(clock, defaultTtl());
    }
}
