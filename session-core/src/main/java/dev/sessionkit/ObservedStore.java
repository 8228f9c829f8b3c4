package dev.sessionkit;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The store as a manager with listeners calls it: each call timed and reported to {@link SessionEvents}, failures
 * included. Used only when there are listeners, so that a configuration without any calls its store directly.
 */
final class ObservedStore implements SessionStore {

    private final SessionStore store;
    private final SessionEvents events;

    ObservedStore(SessionStore store, SessionEvents events) {
        this.store = store;
        this.events = events;
    }

    private <R> R call(StoreOperation operation, String id, Supplier<R> call) {
        long start = System.nanoTime();
        R result;
        try {
            result = call.get();
        } catch (RuntimeException e) {
            events.storeCall(operation, id, start, e);
            throw e;
        }
        events.storeCall(operation, id, start, null);
        return result;
    }

    private void run(StoreOperation operation, String id, Runnable call) {
        call(operation, id, () -> {
            call.run();
            return null;
        });
    }

    @Override
    public Optional<String> get(String id) {
        return call(StoreOperation.GET, id, () -> store.get(id));
    }

    @Override
    public Optional<String> getAndTouch(String id, Instant expiresAt) {
        return call(StoreOperation.GET_AND_TOUCH, id, () -> store.getAndTouch(id, expiresAt));
    }

    @Override
    public boolean set(String id, SessionRecord record, SetMode mode) {
        return call(StoreOperation.SET, id, () -> store.set(id, record, mode));
    }

    @Override
    public Replaced replace(String id, String expected, SessionRecord record) {
        return call(StoreOperation.REPLACE, id, () -> store.replace(id, expected, record));
    }

    @Override
    public boolean comparesOnReplace() {
        return store.comparesOnReplace();
    }

    @Override
    public void touch(String id, SessionRecord record) {
        run(StoreOperation.TOUCH, id, () -> store.touch(id, record));
    }

    @Override
    public void destroy(String id) {
        run(StoreOperation.DESTROY, id, () -> store.destroy(id));
    }

    @Override
    public void clear() {
        run(StoreOperation.CLEAR, null, store::clear);
    }

    @Override
    public long length() {
        return call(StoreOperation.LENGTH, null, store::length);
    }

    @Override
    public OptionalLong estimatedSize() {
        return store.estimatedSize();
    }

    @Override
    public Set<String> ids() {
        return call(StoreOperation.IDS, null, store::ids);
    }

    @Override
    public boolean indexesPrincipals() {
        return store.indexesPrincipals();
    }

    @Override
    public List<StoredSession> sessionsOf(String principal) {
        return call(StoreOperation.SESSIONS_OF, null, () -> store.sessionsOf(principal));
    }

    @Override
    public void endSession(String principal, String id) {
        run(StoreOperation.END_SESSION, id, () -> store.endSession(principal, id));
    }

    @Override
    public String toString() {
        return store.toString();
    }
}
