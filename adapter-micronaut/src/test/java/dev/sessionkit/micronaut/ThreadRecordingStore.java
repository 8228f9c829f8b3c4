package dev.sessionkit.micronaut;

import dev.sessionkit.store.SessionEnumeration;
import dev.sessionkit.store.SessionRecord;
import dev.sessionkit.store.SessionStore;
import dev.sessionkit.store.StoreFacets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** A store that notes, for every call, the operation and the name of the thread that made it. */
final class ThreadRecordingStore implements SessionStore {

    private final SessionStore delegate;
    private final List<String> calls = new CopyOnWriteArrayList<>();

    ThreadRecordingStore(SessionStore delegate) {
        this.delegate = delegate;
    }

    /** Every call so far, as {@code operation@thread}. */
    List<String> calls() {
        return List.copyOf(calls);
    }

    void reset() {
        calls.clear();
    }

    private void record(String operation) {
        calls.add(operation + "@" + Thread.currentThread().getName());
    }

    @Override
    public Optional<String> get(String id) {
        record("get");
        return delegate.get(id);
    }

    @Override
    public Optional<String> getAndTouch(String id, Instant expiresAt) {
        record("getAndTouch");
        return delegate.getAndTouch(id, expiresAt);
    }

    @Override
    public boolean set(String id, SessionRecord record, SetMode mode) {
        record("set");
        return delegate.set(id, record, mode);
    }

    @Override
    public void touch(String id, SessionRecord record) {
        record("touch");
        delegate.touch(id, record);
    }

    @Override
    public void destroy(String id) {
        record("destroy");
        delegate.destroy(id);
    }

    @Override
    public Replaced replace(String id, String expected, SessionRecord record) {
        record("replace");
        return delegate.replace(id, expected, record);
    }

    /** The delegate's enumeration, its {@code length} recorded with the rest. */
    @Override
    public StoreFacets facets() {
        SessionEnumeration enumeration = delegate.facets().enumeration().orElseThrow();
        return StoreFacets.none().withEnumeration(new SessionEnumeration() {
            @Override
            public Set<String> ids() {
                return enumeration.ids();
            }

            @Override
            public long length() {
                record("length");
                return enumeration.length();
            }

            @Override
            public void clear() {
                enumeration.clear();
            }
        });
    }
}
