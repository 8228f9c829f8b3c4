package dev.sessionkit;

import dev.sessionkit.store.PrincipalIndex;
import dev.sessionkit.store.SessionRecord;
import dev.sessionkit.store.SessionStore;
import dev.sessionkit.store.SessionStoreException;
import dev.sessionkit.store.StoreFacets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A store for core's own tests: records in a map that expire by a clock, every call recorded, and a switch that
 * makes calls fail as a store that is down does. Synchronised, as tests drive it from one thread at a time.
 */
final class FakeStore implements SessionStore {

    record Call(String operation, String id, SetMode mode) {
    }

    private record Entry(String json, Instant expiresAt) {
    }

    private final Map<String, Entry> entries = new HashMap<>();
    private final Map<String, java.util.Set<String>> index = new HashMap<>();
    private final StoreFacets withIndex = StoreFacets.none().withPrincipalIndex(new Index());
    private StoreFacets facets = withIndex;
    private final List<Call> calls = new ArrayList<>();
    private final Clock clock;
    private boolean failing;

    FakeStore(Clock clock) {
        this.clock = clock;
    }

    /** Makes the store one without a principal index, as third-party stores are by default. */
    synchronized void withoutIndex() {
        facets = StoreFacets.none();
    }

    /** When the record under an id expires, without recording a call. */
    synchronized Instant expiryOf(String id) {
        Entry entry = entries.get(id);
        return entry == null ? null : entry.expiresAt;
    }

    synchronized void failing(boolean failing) {
        this.failing = failing;
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    synchronized List<String> operations() {
        return calls.stream().map(Call::operation).toList();
    }

    synchronized void reset() {
        calls.clear();
    }

    /** The live record under an id, without recording a call. */
    synchronized Optional<String> peek(String id) {
        Entry entry = entries.get(id);
        return entry != null && clock.instant().isBefore(entry.expiresAt) ? Optional.of(entry.json) : Optional.empty();
    }

    /** Stores a record for a day, without recording a call. */
    synchronized void put(String id, String json) {
        entries.put(id, new Entry(json, clock.instant().plus(Duration.ofDays(1))));
    }

    synchronized void remove(String id) {
        entries.remove(id);
    }

    synchronized int size() {
        entries.values().removeIf(e -> !clock.instant().isBefore(e.expiresAt));
        return entries.size();
    }

    /** Runs before each recorded operation: another writer acting just before the store does. */
    interface Hook {
        void before(String operation, String id);
    }

    private Hook hook;

    synchronized void before(Hook hook) {
        this.hook = hook;
    }

    private void call(String operation, String id, SetMode mode) {
        if (hook != null) {
            hook.before(operation, id);
        }
        calls.add(new Call(operation, id, mode));
        if (failing) {
            throw new SessionStoreException("store unavailable (simulated)");
        }
    }

    @Override
    public synchronized Optional<String> get(String id) {
        call("get", id, null);
        return peek(id);
    }

    @Override
    public synchronized Optional<String> getAndTouch(String id, Instant expiresAt) {
        call("getAndTouch", id, null);
        Optional<String> json = peek(id);
        json.ifPresent(found -> expire(id, found, SessionRecord.ttlSeconds(expiresAt, clock.instant(), Duration.ofDays(1))));
        return json;
    }

    @Override
    public synchronized boolean set(String id, SessionRecord record, SetMode mode) {
        call("set", id, mode);
        boolean present = peek(id).isPresent();
        if (mode == SetMode.IF_ABSENT && present || mode == SetMode.IF_PRESENT && !present) {
            return false;
        }
        writeAndIndex(id, record);
        return true;
    }

    private void writeAndIndex(String id, SessionRecord record) {
        expire(id, record.json(), record.ttlSeconds(clock.instant(), Duration.ofDays(1)));
    }

    /** A compare-and-set by content. */
    @Override
    public synchronized Replaced replace(String id, String expected, SessionRecord record) {
        call("replace", id, null);
        Optional<String> current = peek(id);
        if (current.isEmpty()) {
            return Replaced.gone();
        }
        if (!current.get().equals(expected)) {
            return Replaced.changed(current.get());
        }
        writeAndIndex(id, record);
        return Replaced.written();
    }

    @Override
    public synchronized StoreFacets facets() {
        return facets;
    }

    /** The principal index, its calls recorded as {@code index}, {@code sessionsOf} and {@code endSession}. */
    private final class Index implements PrincipalIndex {
        @Override
        public boolean add(String principal, String id, Instant until, int limit) {
            synchronized (FakeStore.this) {
                call("index", id, null);
                java.util.Set<String> ids = index.computeIfAbsent(principal, k -> new java.util.LinkedHashSet<>());
                ids.removeIf(other -> !other.equals(id) && peek(other).isEmpty());
                if (ids.size() - (ids.contains(id) ? 1 : 0) >= limit) {
                    return false;
                }
                ids.add(id);
                return true;
            }
        }

        /** Ends the oldest sessions by insertion order. */
        @Override
        public List<String> endOldest(String principal, int keep) {
            synchronized (FakeStore.this) {
                call("endOldest", principal, null);
                List<String> live = index.getOrDefault(principal, new java.util.LinkedHashSet<>()).stream()
                        .filter(id -> peek(id).isPresent()).toList();
                List<String> ended = new ArrayList<>(live.subList(0, Math.max(0, live.size() - keep)));
                ended.forEach(id -> {
                    entries.remove(id);
                    index.get(principal).remove(id);
                });
                return ended;
            }
        }

        @Override
        public List<StoredSession> sessionsOf(String principal) {
            synchronized (FakeStore.this) {
                call("sessionsOf", principal, null);
                List<StoredSession> live = new ArrayList<>();
                java.util.Set<String> ids = index.getOrDefault(principal, new java.util.LinkedHashSet<>());
                ids.removeIf(id -> peek(id).isEmpty()); // lazily, as a real store drops entries of sessions gone
                for (String id : ids) {
                    live.add(new StoredSession(id, peek(id).orElseThrow(), entries.get(id).expiresAt));
                }
                return live;
            }
        }

        @Override
        public void endSession(String principal, String id) {
            synchronized (FakeStore.this) {
                call("endSession", id, null);
                entries.remove(id);
                index.getOrDefault(principal, new java.util.LinkedHashSet<>()).remove(id);
            }
        }
    }

    @Override
    public synchronized void touch(String id, SessionRecord record) {
        call("touch", id, null);
        peek(id).ifPresent(json -> expire(id, json, record.ttlSeconds(clock.instant(), Duration.ofDays(1))));
    }

    private void expire(String id, String json, long ttlSeconds) {
        if (ttlSeconds <= 0) {
            entries.remove(id);
        } else {
            entries.put(id, new Entry(json, clock.instant().plusSeconds(ttlSeconds)));
        }
    }

    @Override
    public synchronized void destroy(String id) {
        call("destroy", id, null);
        entries.remove(id);
    }
}
