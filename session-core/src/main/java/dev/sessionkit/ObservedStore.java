package dev.sessionkit;

import dev.sessionkit.event.StoreOperation;
import dev.sessionkit.store.PrincipalIndex;
import dev.sessionkit.store.SessionEnumeration;
import dev.sessionkit.store.SessionRecord;
import dev.sessionkit.store.SessionStore;
import dev.sessionkit.store.StoreFacets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The store as a manager with listeners calls it: each call, facets included, timed and reported to
 * {@link SessionEvents}, failures too. Used only when there are listeners, so that a configuration without any calls
 * its store directly.
 */
final class ObservedStore implements SessionStore {

    private final SessionStore store;
    private final SessionEvents events;
    private final StoreFacets facets;

    ObservedStore(SessionStore store, SessionEvents events) {
        this.store = store;
        this.events = events;
        this.facets = store.facets().map(Enumeration::new, Index::new);
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
    public void touch(String id, SessionRecord record) {
        run(StoreOperation.TOUCH, id, () -> store.touch(id, record));
    }

    @Override
    public void destroy(String id) {
        run(StoreOperation.DESTROY, id, () -> store.destroy(id));
    }

    @Override
    public StoreFacets facets() {
        return facets;
    }

    @Override
    public String toString() {
        return store.toString();
    }

    private final class Enumeration implements SessionEnumeration {
        private final SessionEnumeration enumeration;

        Enumeration(SessionEnumeration enumeration) {
            this.enumeration = enumeration;
        }

        @Override
        public Set<String> ids() {
            return call(StoreOperation.IDS, null, enumeration::ids);
        }

        @Override
        public long length() {
            return call(StoreOperation.LENGTH, null, enumeration::length);
        }

        @Override
        public OptionalLong estimatedSize() {
            return enumeration.estimatedSize();
        }

        @Override
        public void clear() {
            run(StoreOperation.CLEAR, null, enumeration::clear);
        }
    }

    private final class Index implements PrincipalIndex {
        private final PrincipalIndex index;

        Index(PrincipalIndex index) {
            this.index = index;
        }

        @Override
        public boolean add(String principal, String id, Instant until, int limit) {
            return call(StoreOperation.INDEX_ADD, id, () -> index.add(principal, id, until, limit));
        }

        @Override
        public List<String> endOldest(String principal, int keep) {
            return call(StoreOperation.END_OLDEST, null, () -> index.endOldest(principal, keep));
        }

        @Override
        public List<StoredSession> sessionsOf(String principal) {
            return call(StoreOperation.SESSIONS_OF, null, () -> index.sessionsOf(principal));
        }

        @Override
        public void endSession(String principal, String id) {
            run(StoreOperation.END_SESSION, id, () -> index.endSession(principal, id));
        }
    }
}
