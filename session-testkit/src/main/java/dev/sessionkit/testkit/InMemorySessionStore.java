package dev.sessionkit.testkit;

import dev.sessionkit.SessionRecord;
import dev.sessionkit.SessionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A {@link SessionStore} in a map, driven by a {@link Clock}, for tests. Unbounded: use the Caffeine store in
 * applications. Thread-safe.
 */
public final class InMemorySessionStore implements SessionStore {

    private static final class Entry {
        final String json;
        final Instant expiresAt;

        Entry(String json, Instant expiresAt) {
            this.json = json;
            this.expiresAt = expiresAt;
        }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> principals = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration defaultTtl;

    private InMemorySessionStore(Clock clock, Duration defaultTtl) {
        this.clock = clock;
        this.defaultTtl = defaultTtl;
    }

    /**
     * Returns a store with a time-to-live of one day for records without an expiry.
     *
     * @param clock the clock that decides expiry
     * @return the store
     */
    public static InMemorySessionStore create(Clock clock) {
        return create(clock, Duration.ofDays(1));
    }

    /**
     * Returns a store.
     *
     * @param clock the clock that decides expiry
     * @param defaultTtl the time-to-live of records without an expiry
     * @return the store
     */
    public static InMemorySessionStore create(Clock clock, Duration defaultTtl) {
        return new InMemorySessionStore(Objects.requireNonNull(clock, "clock"),
                Objects.requireNonNull(defaultTtl, "defaultTtl"));
    }

    private boolean live(Entry entry) {
        return entry != null && clock.instant().isBefore(entry.expiresAt);
    }

    @Override
    public Optional<String> get(String id) {
        Entry entry = entries.get(id);
        return live(entry) ? Optional.of(entry.json) : Optional.empty();
    }

    @Override
    public boolean set(String id, SessionRecord record, SetMode mode) {
        Instant now = clock.instant();
        long ttl = record.ttlSeconds(now, defaultTtl);
        boolean[] done = {false};
        entries.compute(id, (key, old) -> {
            boolean present = live(old);
            if (mode == SetMode.IF_ABSENT && present || mode == SetMode.IF_PRESENT && !present) {
                return old;
            }
            done[0] = true;
            return ttl <= 0 ? null : new Entry(record.json(), now.plusSeconds(ttl));
        });
        if (done[0] && ttl > 0) {
            record.indexedPrincipal().ifPresent(principal ->
                    principals.computeIfAbsent(principal, key -> ConcurrentHashMap.newKeySet()).add(id));
        }
        return done[0];
    }

    /** A compare-and-set by content inside the map: atomic with other writes of the same id. */
    @Override
    public Replaced replace(String id, String expected, SessionRecord record) {
        Instant now = clock.instant();
        long ttl = record.ttlSeconds(now, defaultTtl);
        Replaced[] outcome = {Replaced.gone()};
        entries.compute(id, (key, old) -> {
            if (!live(old)) {
                return null;
            }
            if (!old.json.equals(expected)) {
                outcome[0] = Replaced.changed(old.json);
                return old;
            }
            outcome[0] = Replaced.written();
            return ttl <= 0 ? null : new Entry(record.json(), now.plusSeconds(ttl));
        });
        if (outcome[0].outcome() == Replaced.Outcome.WRITTEN && ttl > 0) {
            record.indexedPrincipal().ifPresent(principal ->
                    principals.computeIfAbsent(principal, key -> ConcurrentHashMap.newKeySet()).add(id));
        }
        return outcome[0];
    }

    @Override
    public boolean comparesOnReplace() {
        return true;
    }

    @Override
    public boolean indexesPrincipals() {
        return true;
    }

    @Override
    public List<StoredSession> sessionsOf(String principal) {
        Set<String> ids = principals.getOrDefault(Objects.requireNonNull(principal, "principal"), Set.of());
        List<StoredSession> live = new ArrayList<>();
        for (String id : ids) {
            Entry entry = entries.get(id);
            if (live(entry)) {
                live.add(new StoredSession(id, entry.json, entry.expiresAt));
            } else {
                ids.remove(id);
            }
        }
        return live;
    }

    @Override
    public void endSession(String principal, String id) {
        entries.remove(id);
        principals.getOrDefault(principal, new HashSet<>()).remove(id);
    }

    @Override
    public void touch(String id, SessionRecord record) {
        Instant now = clock.instant();
        long ttl = record.ttlSeconds(now, defaultTtl);
        entries.computeIfPresent(id, (key, old) -> {
            if (!live(old) || ttl <= 0) {
                return null;
            }
            return new Entry(old.json, now.plusSeconds(ttl));
        });
    }

    @Override
    public void destroy(String id) {
        entries.remove(id);
    }

    @Override
    public void clear() {
        entries.clear();
        principals.clear();
    }

    @Override
    public long length() {
        return entries.values().stream().filter(this::live).count();
    }

    @Override
    public Set<String> ids() {
        return entries.entrySet().stream().filter(e -> live(e.getValue())).map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public String toString() {
        return "InMemorySessionStore{size=" + entries.size() + '}';
    }
}
