package dev.sessionkit.testkit;

import dev.sessionkit.store.PrincipalIndex;
import dev.sessionkit.store.SessionEnumeration;
import dev.sessionkit.store.SessionRecord;
import dev.sessionkit.store.SessionStore;
import dev.sessionkit.store.StoreFacets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A {@link SessionStore} in a map, driven by a {@link Clock}, for tests, with both facets (enumeration and the
 * principal index). Unbounded: use the Caffeine store in applications. Thread-safe.
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
    private final Map<String, Map<String, Instant>> principals = new ConcurrentHashMap<>();
    private final StoreFacets facets = StoreFacets.none().withEnumeration(new Enumeration())
            .withPrincipalIndex(new Index());
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
        return outcome[0];
    }

    @Override
    public StoreFacets facets() {
        return facets;
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
    public String toString() {
        return "InMemorySessionStore{size=" + entries.size() + '}';
    }

    /** Ids, count and clear over the map. */
    private final class Enumeration implements SessionEnumeration {
        @Override
        public Set<String> ids() {
            return entries.entrySet().stream().filter(e -> live(e.getValue())).map(Map.Entry::getKey)
                    .collect(Collectors.toUnmodifiableSet());
        }

        @Override
        public long length() {
            return entries.values().stream().filter(InMemorySessionStore.this::live).count();
        }

        @Override
        public void clear() {
            entries.clear();
            principals.clear();
        }
    }

    /**
     * Principal to its sessions' ids and when each was added: an entry whose session does not exist is dropped when
     * read, once {@link PrincipalIndex#WRITE_GRACE} has passed since its add (its write may still be on its way).
     * Every change holds the store's index lock, so limits hold under races.
     */
    private final class Index implements PrincipalIndex {

        private boolean gone(String id, Instant added, Instant now) {
            return !live(entries.get(id)) && !now.isBefore(added.plus(WRITE_GRACE));
        }

        @Override
        public synchronized boolean add(String principal, String id, Instant until, int limit) {
            Objects.requireNonNull(id, "id");
            if (limit < 1 || limit > MAX_SESSIONS) {
                throw new IllegalArgumentException("limit must be 1 to " + MAX_SESSIONS + ", was " + limit);
            }
            Instant now = clock.instant();
            Map<String, Instant> ids = principals.computeIfAbsent(Objects.requireNonNull(principal, "principal"),
                    key -> new ConcurrentHashMap<>());
            ids.entrySet().removeIf(e -> !e.getKey().equals(id) && gone(e.getKey(), e.getValue(), now));
            if (ids.size() - (ids.containsKey(id) ? 1 : 0) >= limit) {
                return false;
            }
            ids.put(id, now);
            return true;
        }

        @Override
        public synchronized List<String> endOldest(String principal, int keep) {
            Map<String, Instant> ids = principals.getOrDefault(Objects.requireNonNull(principal, "principal"),
                    Map.of());
            List<String> live = ids.entrySet().stream().filter(e -> live(entries.get(e.getKey())))
                    .sorted(Map.Entry.<String, Instant>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                    .map(Map.Entry::getKey).toList();
            List<String> ended = new ArrayList<>(live.subList(0, Math.max(0, live.size() - keep)));
            for (String id : ended) {
                entries.remove(id);
                ids.remove(id);
            }
            return ended;
        }

        @Override
        public synchronized List<StoredSession> sessionsOf(String principal) {
            Map<String, Instant> ids = principals.getOrDefault(Objects.requireNonNull(principal, "principal"),
                    Map.of());
            Instant now = clock.instant();
            List<StoredSession> found = new ArrayList<>();
            for (Map.Entry<String, Instant> indexed : ids.entrySet()) {
                Entry entry = entries.get(indexed.getKey());
                if (live(entry)) {
                    found.add(new StoredSession(indexed.getKey(), entry.json, entry.expiresAt));
                } else if (gone(indexed.getKey(), indexed.getValue(), now)) {
                    ids.remove(indexed.getKey());
                }
            }
            return found;
        }

        @Override
        public synchronized void endSession(String principal, String id) {
            entries.remove(id);
            principals.getOrDefault(principal, new HashMap<>()).remove(id);
        }
    }
}
