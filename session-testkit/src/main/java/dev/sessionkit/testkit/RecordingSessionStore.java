package dev.sessionkit.testkit;

import dev.sessionkit.store.PrincipalIndex;
import dev.sessionkit.store.SessionEnumeration;
import dev.sessionkit.store.SessionRecord;
import dev.sessionkit.store.SessionStore;
import dev.sessionkit.store.SessionStoreException;
import dev.sessionkit.store.StoreFacets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Wraps a {@link SessionStore}, records every call, and can be made to fail like a store whose server is down. For
 * tests that prove which store calls a request makes (for example none, for a request that never uses its session).
 * Thread-safe.
 */
public final class RecordingSessionStore implements SessionStore {

    /**
     * One recorded call.
     *
     * @param operation {@code get}, {@code getAndTouch}, {@code set}, {@code replace}, {@code touch}, {@code destroy};
     *     of the facets {@code clear}, {@code length}, {@code ids}, {@code index}, {@code sessionsOf}, {@code endSession}
     * @param id the session id, or {@code null} for the operations without one
     * @param mode the condition of a {@code set}, else {@code null}
     */
    public record Call(String operation, String id, SetMode mode) {
    }

    private final SessionStore delegate;
    private final StoreFacets facets;
    private final List<Call> calls = new ArrayList<>();
    private volatile boolean failing;

    private RecordingSessionStore(SessionStore delegate) {
        this.delegate = delegate;
        this.facets = delegate.facets().map(Enumeration::new, Index::new); // the same object on every call
    }

    /**
     * Returns a recording wrapper.
     *
     * @param delegate the store that does the work
     * @return the wrapper
     */
    public static RecordingSessionStore wrap(SessionStore delegate) {
        return new RecordingSessionStore(Objects.requireNonNull(delegate, "delegate"));
    }

    /**
     * Makes every later call throw {@link SessionStoreException} (without reaching the delegate), or stops that.
     *
     * @param failing whether calls fail
     */
    public void failing(boolean failing) {
        this.failing = failing;
    }

    /**
     * Returns the calls recorded so far.
     *
     * @return a snapshot, oldest first
     */
    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /**
     * Returns the names of the operations recorded so far, for example {@code [get, touch]}.
     *
     * @return a snapshot, oldest first
     */
    public synchronized List<String> operations() {
        return calls.stream().map(Call::operation).toList();
    }

    /** Forgets the recorded calls. */
    public synchronized void reset() {
        calls.clear();
    }

    private synchronized void record(String operation, String id, SetMode mode) {
        calls.add(new Call(operation, id, mode));
    }

    private void before(String operation, String id, SetMode mode) {
        record(operation, id, mode);
        if (failing) {
            throw new SessionStoreException("store unavailable (simulated by RecordingSessionStore)");
        }
    }

    @Override
    public Optional<String> get(String id) {
        before("get", id, null);
        return delegate.get(id);
    }

    @Override
    public Optional<String> getAndTouch(String id, Instant expiresAt) {
        before("getAndTouch", id, null);
        return delegate.getAndTouch(id, expiresAt);
    }

    @Override
    public boolean set(String id, SessionRecord record, SetMode mode) {
        before("set", id, mode);
        return delegate.set(id, record, mode);
    }

    @Override
    public Replaced replace(String id, String expected, SessionRecord record) {
        before("replace", id, null);
        return delegate.replace(id, expected, record);
    }

    @Override
    public void touch(String id, SessionRecord record) {
        before("touch", id, null);
        delegate.touch(id, record);
    }

    @Override
    public void destroy(String id) {
        before("destroy", id, null);
        delegate.destroy(id);
    }

    /**
     * Returns the delegate's facets, their calls recorded (and failing) like the store's own.
     *
     * @return the recorded facets
     */
    @Override
    public StoreFacets facets() {
        return facets;
    }

    @Override
    public String toString() {
        return "RecordingSessionStore{" + delegate + '}';
    }

    private final class Enumeration implements SessionEnumeration {
        private final SessionEnumeration enumeration;

        Enumeration(SessionEnumeration enumeration) {
            this.enumeration = enumeration;
        }

        @Override
        public Set<String> ids() {
            before("ids", null, null);
            return enumeration.ids();
        }

        @Override
        public long length() {
            before("length", null, null);
            return enumeration.length();
        }

        @Override
        public OptionalLong estimatedSize() {
            return enumeration.estimatedSize();
        }

        @Override
        public void clear() {
            before("clear", null, null);
            enumeration.clear();
        }
    }

    private final class Index implements PrincipalIndex {
        private final PrincipalIndex index;

        Index(PrincipalIndex index) {
            this.index = index;
        }

        @Override
        public boolean add(String principal, String id, Instant until, int limit) {
            before("index", id, null);
            return index.add(principal, id, until, limit);
        }

        @Override
        public List<String> endOldest(String principal, int keep) {
            before("endOldest", null, null);
            return index.endOldest(principal, keep);
        }

        @Override
        public List<StoredSession> sessionsOf(String principal) {
            before("sessionsOf", null, null);
            return index.sessionsOf(principal);
        }

        @Override
        public void endSession(String principal, String id) {
            before("endSession", id, null);
            index.endSession(principal, id);
        }
    }
}
