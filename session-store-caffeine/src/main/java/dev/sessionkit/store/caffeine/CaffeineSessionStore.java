package dev.sessionkit.store.caffeine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.sessionkit.store.PrincipalIndex;
import dev.sessionkit.store.SessionEnumeration;
import dev.sessionkit.store.SessionRecord;
import dev.sessionkit.store.SessionStore;
import dev.sessionkit.store.StoreFacets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link SessionStore} in the JVM's heap, backed by a bounded <a href="https://github.com/ben-manes/caffeine">
 * Caffeine</a> cache: the embedded default for a single-instance application.
 *
 * <p>Each record is kept as its JSON text (an immutable {@code String}: requests never share a mutable object) and
 * expires after its own time-to-live, computed at write time by {@link SessionRecord#ttlSeconds}: the seconds until
 * the session cookie expires, rounded up, or {@linkplain Builder#defaultTtl(Duration) the default time-to-live} for a
 * browser-session cookie. Expiry follows the {@linkplain Builder#clock(Clock) clock}.
 *
 * <p>The store holds at most {@linkplain Builder#maximumSize(long) a maximum number} of sessions and
 * {@linkplain Builder#maximumBytes(long) a maximum number of bytes}, so that neither a flood of new sessions nor a
 * few clients growing theirs can exhaust the heap. When it is full, Caffeine evicts the sessions it judges least
 * likely to be used again (a mix of least recently and least frequently used); their users are logged out: their
 * next request starts a new, empty session.
 *
 * <p>Sessions live in this JVM only: they are lost on restart and not shared between instances (use the Redis store
 * for that). Thread-safe; conditional writes ({@link SetMode}) are atomic.
 *
 * <pre>{@code
 * SessionStore store = CaffeineSessionStore.builder()
 *         .maximumSize(50_000)
 *         .defaultTtl(Duration.ofHours(8))
 *         .build();
 * }</pre>
 */
public final class CaffeineSessionStore implements SessionStore {

    private static final long DEFAULT_MAXIMUM_SIZE = 100_000;
    private static final long DEFAULT_MAXIMUM_BYTES = 128L * 1024 * 1024;
    /** What an entry costs beyond its characters: the map node, the entry, the strings' headers. */
    private static final int ENTRY_OVERHEAD = 128;
    private static final Duration DEFAULT_TTL = Duration.ofDays(1);
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /**
     * Ticks and deadlines stay within a quarter of the long range (about 73 years either way of the store's
     * creation), so that neither this class nor Caffeine, which adds durations to ticks, can overflow.
     */
    private static final long MAX_TICKS = Long.MAX_VALUE >> 2;

    /** A stored record: the JSON as written, and when it expires in ticker time. */
    private static final class Entry {
        final String json;
        final long deadline;

        Entry(String json, long deadline) {
            this.json = json;
            this.deadline = deadline;
        }

        @Override
        public String toString() {
            return "Entry{deadline=" + deadline + '}';
        }
    }

    /**
     * Expires each entry at its own deadline. Deriving the duration from an absolute deadline (rather than storing a
     * duration) keeps a refused conditional write, which hands Caffeine back the same entry, from resetting the
     * entry's expiry.
     */
    private static final class DeadlineExpiry implements Expiry<String, Entry> {

        @Override
        public long expireAfterCreate(String key, Entry entry, long currentTime) {
            return Math.max(0, entry.deadline - currentTime);
        }

        @Override
        public long expireAfterUpdate(String key, Entry entry, long currentTime, long currentDuration) {
            return Math.max(0, entry.deadline - currentTime);
        }

        @Override
        public long expireAfterRead(String key, Entry entry, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }

    private final Cache<String, Entry> cache;
    private final Clock clock;
    private final Instant origin;
    private final Duration defaultTtl;
    private final long maximumSize;
    private final long maximumBytes;
    /**
     * Principal to the ids of its sessions, each with the tick it was added at: an entry whose session is gone is
     * dropped when read, once {@link PrincipalIndex#WRITE_GRACE} has passed since its add.
     */
    private final Map<String, Map<String, Long>> principals = new ConcurrentHashMap<>();
    private final StoreFacets facets = StoreFacets.none().withEnumeration(new Enumeration())
            .withPrincipalIndex(new Index());

    private CaffeineSessionStore(Builder builder) {
        this.clock = builder.clock;
        this.origin = clock.instant();
        this.defaultTtl = builder.defaultTtl;
        this.maximumSize = builder.maximumSize;
        this.maximumBytes = builder.maximumBytes;
        // Caffeine bounds by count or by weight, not both: an entry weighs its bytes, but at least bytes / size, so
        // that the weight bound keeps both the bytes and the count within theirs.
        long floor = Math.max(1, maximumBytes / maximumSize);
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maximumBytes)
                .weigher((String id, Entry entry) -> (int) Math.min(Integer.MAX_VALUE,
                        Math.max(floor, bytes(id, entry))))
                .expireAfter(new DeadlineExpiry())
                // clock.millis(), not instant(): Caffeine reads its ticker several times per operation, and an
                // Instant per read was most of the store's allocation.
                .ticker(() -> {
                    long millis = clock.millis();
                    return ticks(Math.floorDiv(millis, 1000L), (int) Math.floorMod(millis, 1000L) * 1_000_000);
                })
                // Maintenance (eviction, expiry) on the calling thread: no background work, and deterministic tests.
                .executor(Runnable::run)
                .build();
    }

    /**
     * Returns a store with the defaults: at most 100,000 sessions, a default time-to-live of one day, and the
     * system clock in UTC.
     *
     * @return a new, empty store
     */
    public static CaffeineSessionStore create() {
        return builder().build();
    }

    /**
     * Returns a builder whose options start at their defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Nanoseconds from the store's creation to {@code instant}, clamped to {@link #MAX_TICKS}. */
    private long ticks(Instant instant) {
        return ticks(instant.getEpochSecond(), instant.getNano());
    }

    /** Ticks of an instant, to the millisecond, as the ticker reads the clock. */
    private long ticks(long epochSecond, int nano) {
        long seconds = epochSecond - origin.getEpochSecond();
        if (seconds > MAX_TICKS / NANOS_PER_SECOND) {
            return MAX_TICKS;
        }
        if (seconds < -MAX_TICKS / NANOS_PER_SECOND) {
            return -MAX_TICKS;
        }
        return seconds * NANOS_PER_SECOND + millisAsNanos(nano) - millisAsNanos(origin.getNano());
    }

    private static long millisAsNanos(int nano) {
        return nano / 1_000_000 * 1_000_000L;
    }

    /**
     * An estimate of an entry's heap bytes: its characters (a JSON of Latin-1 text is one byte a character, other
     * text two) and a fixed overhead.
     */
    static long bytes(String id, Entry entry) {
        return (long) id.length() + 2L * entry.json.length() + ENTRY_OVERHEAD;
    }

    /** The instant of a deadline in ticks. */
    private Instant instant(long deadline) {
        return origin.plusNanos(deadline);
    }

    /** Returns the deadline, in ticks, of a positive time-to-live starting at {@code now}. */
    private long deadline(Instant now, long ttlSeconds) {
        long ttlNanos = ttlSeconds >= MAX_TICKS / NANOS_PER_SECOND ? MAX_TICKS : ttlSeconds * NANOS_PER_SECOND;
        return ticks(now) + ttlNanos;
    }

    /**
     * Returns the JSON of a session.
     *
     * @param id the session id
     * @return the JSON exactly as written, or empty when there is no session under {@code id} or it has expired
     * @throws NullPointerException if {@code id} is null
     */
    @Override
    public Optional<String> get(String id) {
        Entry entry = cache.getIfPresent(Objects.requireNonNull(id, "id"));
        return entry == null ? Optional.empty() : Optional.of(entry.json);
    }

    /**
     * Returns the JSON of a session and extends its time-to-live as {@link #touch} would, in one atomic step. A
     * touch that would move the expiry later by less than a second is not written: time-to-live is whole seconds
     * here as in Redis, and a busy session's reads then stay reads (a write to the cache takes a lock and runs its
     * maintenance). The session then ends up to a second before that touch's expiry.
     *
     * @param id the session id
     * @param expiresAt the new expiry of the session, or {@code null} for a browser-session cookie (the default
     *     time-to-live applies)
     * @return the JSON exactly as written, or empty when there is no session under {@code id} or it has expired
     * @throws NullPointerException if {@code id} is null
     */
    @Override
    public Optional<String> getAndTouch(String id, Instant expiresAt) {
        Objects.requireNonNull(id, "id");
        Instant now = clock.instant();
        long ttl = SessionRecord.ttlSeconds(expiresAt, now, defaultTtl);
        if (ttl <= 0) {
            String[] removed = {null};
            cache.asMap().computeIfPresent(id, (key, current) -> {
                removed[0] = current.json;
                return null;
            });
            return Optional.ofNullable(removed[0]);
        }
        long deadline = deadline(now, ttl);
        Entry current = cache.getIfPresent(id);
        if (current == null) {
            return Optional.empty();
        }
        long later = deadline - current.deadline;
        if (later >= 0 && later < NANOS_PER_SECOND) {
            return Optional.of(current.json);
        }
        Entry touched = cache.asMap().computeIfPresent(id, (key, entry) -> new Entry(entry.json, deadline));
        return touched == null ? Optional.empty() : Optional.of(touched.json);
    }

    /**
     * Writes a session, subject to {@code mode}, atomically; a record whose time-to-live is zero or less deletes the
     * session instead. An expired session counts as absent.
     *
     * @param id the session id
     * @param record the record to write
     * @param mode the condition under which to write
     * @return {@code true} when the record was written (or the session deleted), {@code false} when the condition
     *     did not hold
     * @throws NullPointerException if an argument is null
     */
    @Override
    public boolean set(String id, SessionRecord record, SetMode mode) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(mode, "mode");
        Instant now = clock.instant();
        long ttl = record.ttlSeconds(now, defaultTtl);
        // Encoded outside the map's lock: the JSON of a lazy record is produced by application code.
        Entry replacement = ttl > 0 ? new Entry(record.json(), deadline(now, ttl)) : null;
        boolean[] written = {false};
        cache.asMap().compute(id, (key, current) -> {
            boolean present = current != null;
            if (mode == SetMode.IF_ABSENT && present || mode == SetMode.IF_PRESENT && !present) {
                return current;
            }
            written[0] = true;
            return replacement;
        });
        return written[0];
    }

    /**
     * Writes a loaded session only if the stored record is still exactly {@code expected}: one atomic compute in the
     * map, comparing the JSON strings. An expired record counts as absent.
     *
     * @param id the session id
     * @param expected the record's JSON as the session was loaded (or last written)
     * @param record the record to write; a time-to-live of zero or less deletes the matching record
     * @return written, changed (with the stored record) or gone
     * @throws NullPointerException if an argument is null
     */
    @Override
    public Replaced replace(String id, String expected, SessionRecord record) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(record, "record");
        Instant now = clock.instant();
        long ttl = record.ttlSeconds(now, defaultTtl);
        Entry replacement = ttl > 0 ? new Entry(record.json(), deadline(now, ttl)) : null;
        Replaced[] outcome = {Replaced.gone()};
        cache.asMap().compute(id, (key, current) -> {
            if (current == null) {
                return null;
            }
            if (!current.json.equals(expected)) {
                outcome[0] = Replaced.changed(current.json);
                return current;
            }
            outcome[0] = Replaced.written();
            return replacement;
        });
        return outcome[0];
    }

    /**
     * Returns this store's facets: the enumeration of its sessions and an index of them by principal, in memory
     * beside the records.
     *
     * @return both facets
     */
    @Override
    public StoreFacets facets() {
        return facets;
    }

    /**
     * Sets the expiry of an existing session from the record's expiry, keeping the JSON already stored (the
     * record's JSON is not read). Does nothing when the session does not exist or has expired; deletes it when the
     * time-to-live is zero or less.
     *
     * @param id the session id
     * @param record the session as it is now; only its expiry is used
     * @throws NullPointerException if an argument is null
     */
    @Override
    public void touch(String id, SessionRecord record) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(record, "record");
        Instant now = clock.instant();
        long ttl = record.ttlSeconds(now, defaultTtl);
        if (ttl <= 0) {
            cache.invalidate(id);
            return;
        }
        long deadline = deadline(now, ttl);
        cache.asMap().computeIfPresent(id, (key, current) -> new Entry(current.json, deadline));
    }

    /**
     * Deletes a session. Does nothing when it does not exist.
     *
     * @param id the session id
     * @throws NullPointerException if {@code id} is null
     */
    @Override
    public void destroy(String id) {
        cache.invalidate(Objects.requireNonNull(id, "id"));
    }

    @Override
    public String toString() {
        return "CaffeineSessionStore{maximumSize=" + maximumSize + ", maximumBytes=" + maximumBytes
                + ", defaultTtl=" + defaultTtl
                + ", estimatedSize=" + cache.estimatedSize() + '}';
    }

    /** Ids, count, Caffeine's estimate and clear, over the cache. */
    private final class Enumeration implements SessionEnumeration {

        /** Deletes every session of this store, and its index by principal. */
        @Override
        public void clear() {
            cache.invalidateAll();
            principals.clear();
        }

        /** Counts the live sessions, at most the maximum size; takes time proportional to their number. */
        @Override
        public long length() {
            cache.cleanUp();
            long count = 0;
            for (Entry ignored : cache.asMap().values()) {
                count++;
            }
            return count;
        }

        /** Caffeine's estimate, at once: it may count sessions that have expired and are not yet evicted. */
        @Override
        public OptionalLong estimatedSize() {
            return OptionalLong.of(cache.estimatedSize());
        }

        /** A snapshot of the live sessions' ids; takes time proportional to their number. */
        @Override
        public Set<String> ids() {
            cache.cleanUp();
            Set<String> ids = new HashSet<>();
            for (String id : cache.asMap().keySet()) {
                ids.add(id);
            }
            return Set.copyOf(ids);
        }
    }

    /**
     * The index by principal, in memory beside the records: each principal's entries map an id to the tick it was
     * indexed at. Every read and change of one principal's entries runs in the map's {@code compute} for that
     * principal, so a limit holds however many logins race, and a principal left with no entry is removed without
     * losing a concurrent add.
     */
    private final class Index implements PrincipalIndex {

        /** Newest first; entries indexed at the same tick by id, as Redis orders a sorted set's equal scores. */
        private static final Comparator<Map.Entry<String, Long>> NEWEST_FIRST =
                Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()).reversed();

        private final long grace = WRITE_GRACE.toNanos();

        private boolean gone(Map.Entry<String, Long> indexed, long now) {
            return now - indexed.getValue() >= grace && cache.getIfPresent(indexed.getKey()) == null;
        }

        @Override
        public boolean add(String principal, String id, Instant until, int limit) {
            Objects.requireNonNull(principal, "principal");
            Objects.requireNonNull(id, "id");
            if (limit < 1 || limit > MAX_SESSIONS) {
                throw new IllegalArgumentException("limit must be 1 to " + MAX_SESSIONS + ", was " + limit);
            }
            long now = ticks(clock.instant());
            boolean[] added = {false};
            principals.compute(principal, (key, entries) -> {
                Map<String, Long> ids = entries == null ? new HashMap<>() : entries;
                ids.entrySet().removeIf(indexed -> !indexed.getKey().equals(id) && gone(indexed, now));
                if (ids.size() - (ids.containsKey(id) ? 1 : 0) < limit) {
                    ids.put(id, now);
                    added[0] = true;
                }
                return ids.isEmpty() ? null : ids;
            });
            if (principals.size() > maximumSize) {
                // More principals than sessions can live: most are stale. Drop their entries of sessions gone.
                for (String other : principals.keySet()) {
                    principals.computeIfPresent(other, (key, ids) -> {
                        ids.entrySet().removeIf(indexed -> gone(indexed, now));
                        return ids.isEmpty() ? null : ids;
                    });
                }
            }
            return added[0];
        }

        @Override
        public List<String> endOldest(String principal, int keep) {
            if (keep < 1) {
                throw new IllegalArgumentException("keep must be at least 1, was " + keep);
            }
            List<String> ended = new ArrayList<>();
            principals.computeIfPresent(Objects.requireNonNull(principal, "principal"), (key, ids) -> {
                List<Map.Entry<String, Long>> live = ids.entrySet().stream()
                        .filter(indexed -> cache.getIfPresent(indexed.getKey()) != null)
                        .sorted(NEWEST_FIRST).toList();
                for (Map.Entry<String, Long> old : live.subList(Math.min(keep, live.size()), live.size())) {
                    ended.add(0, old.getKey());
                }
                for (String id : ended) {
                    cache.invalidate(id);
                    ids.remove(id);
                }
                return ids.isEmpty() ? null : ids;
            });
            return ended;
        }

        @Override
        public List<StoredSession> sessionsOf(String principal) {
            List<StoredSession> live = new ArrayList<>();
            long now = ticks(clock.instant());
            principals.computeIfPresent(Objects.requireNonNull(principal, "principal"), (key, ids) -> {
                for (Iterator<Map.Entry<String, Long>> it = ids.entrySet().iterator(); it.hasNext(); ) {
                    Map.Entry<String, Long> indexed = it.next();
                    Entry entry = cache.getIfPresent(indexed.getKey());
                    if (entry != null) {
                        live.add(new StoredSession(indexed.getKey(), entry.json, instant(entry.deadline)));
                    } else if (now - indexed.getValue() >= grace) {
                        it.remove();
                    }
                }
                return ids.isEmpty() ? null : ids;
            });
            return live;
        }

        @Override
        public void endSession(String principal, String id) {
            cache.invalidate(Objects.requireNonNull(id, "id"));
            principals.computeIfPresent(Objects.requireNonNull(principal, "principal"), (key, ids) -> {
                ids.remove(id);
                return ids.isEmpty() ? null : ids;
            });
        }
    }

    /**
     * Configures a {@link CaffeineSessionStore}. Each option has a default, so {@code builder().build()} is the same
     * as {@link CaffeineSessionStore#create()}. Not thread-safe; the store it builds is.
     */
    public static final class Builder {

        private long maximumSize = DEFAULT_MAXIMUM_SIZE;
        private long maximumBytes = DEFAULT_MAXIMUM_BYTES;
        private Duration defaultTtl = DEFAULT_TTL;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * Sets how many sessions the store holds at most; beyond that, sessions are evicted and their users logged
         * out. Memory use is roughly this number times the size of a typical record's JSON. Default: 100,000.
         *
         * @param maximumSize the maximum number of sessions, positive
         * @return this builder
         * @throws IllegalArgumentException if {@code maximumSize} is zero or negative
         */
        public Builder maximumSize(long maximumSize) {
            if (maximumSize <= 0) {
                throw new IllegalArgumentException("maximumSize must be positive, was " + maximumSize);
            }
            this.maximumSize = maximumSize;
            return this;
        }

        /**
         * Sets how many bytes of records the store holds at most, estimated as two bytes a character plus an
         * overhead per session; beyond that, sessions are evicted. With the count bound, it keeps a few clients with
         * large sessions from exhausting the heap. Default: 128 MiB. Each session weighs at least
         * {@code maximumBytes / maximumSize}, so the count bound holds too.
         *
         * @param maximumBytes the maximum, at least 64 KiB
         * @return this builder
         * @throws IllegalArgumentException if {@code maximumBytes} is under 64 KiB
         */
        public Builder maximumBytes(long maximumBytes) {
            if (maximumBytes < 64 * 1024) {
                throw new IllegalArgumentException("maximumBytes must be at least 65536, was " + maximumBytes);
            }
            this.maximumBytes = maximumBytes;
            return this;
        }

        /**
         * Sets the time-to-live of sessions whose cookie has no expiry (browser-session cookies), in whole seconds
         * (a fraction of a second is dropped). Default: one day, as connect-redis.
         *
         * @param defaultTtl the time-to-live, at least one second
         * @return this builder
         * @throws NullPointerException if {@code defaultTtl} is null
         * @throws IllegalArgumentException if {@code defaultTtl} is shorter than one second
         */
        public Builder defaultTtl(Duration defaultTtl) {
            Objects.requireNonNull(defaultTtl, "defaultTtl");
            if (defaultTtl.toSeconds() < 1) {
                throw new IllegalArgumentException("defaultTtl must be at least one second, was " + defaultTtl);
            }
            this.defaultTtl = defaultTtl;
            return this;
        }

        /**
         * Sets the clock that decides when sessions expire; tests pass a clock they move by hand. Default:
         * {@link Clock#systemUTC()}.
         *
         * @param clock the clock
         * @return this builder
         * @throws NullPointerException if {@code clock} is null
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Returns a new, empty store with these options.
         *
         * @return the store
         */
        public CaffeineSessionStore build() {
            return new CaffeineSessionStore(this);
        }
    }
}
