package dev.sessionkit.store.redis;

import static dev.sessionkit.store.redis.RedisCall.call;

import dev.sessionkit.store.PrincipalIndex;
import dev.sessionkit.store.SessionEnumeration;
import dev.sessionkit.store.SessionRecord;
import dev.sessionkit.store.SessionStore;
import dev.sessionkit.store.SessionStoreException;
import dev.sessionkit.store.StoreFacets;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * A {@link SessionStore} in Redis, through a Jedis {@link UnifiedJedis}: a standalone {@link RedisClient}, a
 * Sentinel-backed {@code RedisSentinelClient} or a {@link RedisClusterClient}. For applications that run several
 * instances and share their sessions, with each other and with Node services.
 *
 * <p>Records are in connect-redis's layout, shared with express-session + connect-redis: the key is
 * {@linkplain Builder#prefix(String) the prefix} ({@code sess:}) and the session id, the value the express-session
 * JSON in UTF-8, the time-to-live the seconds until the session expires, rounded up, or
 * {@linkplain Builder#defaultTtl(Duration) the default} (one day) when nothing bounds it, unless
 * {@linkplain Builder#ttl(Function) a function} computes it; zero or less deletes the record.
 *
 * <p>Each operation is one command, one round trip, atomic on the server; each method names its command. Never
 * {@code KEYS}, {@code FLUSHDB} or {@code RENAME}. Requires Redis 6.2 or later ({@code GETEX}, {@code GETDEL}).
 * Every client failure becomes a {@link SessionStoreException} naming the command and the kind of failure, never a
 * key, an id or a credential; a failed command was applied entirely or not at all (one that timed out may still be
 * applied later). The client reconnects by itself once Redis is back.
 *
 * <p>Thread-safe, as {@link UnifiedJedis} is. A store built {@linkplain #builder(String) from a URI} owns its client
 * and {@link #close() closes} it; a store built {@linkplain #builder(UnifiedJedis) from a client} leaves it to its
 * owner. Methods throw {@link NullPointerException} for a {@code null} argument.
 *
 * <pre>{@code
 * RedisSessionStore store = RedisSessionStore.builder("redis://localhost:6379").build();
 * }</pre>
 */
public final class RedisSessionStore implements SessionStore, AutoCloseable {

    private final UnifiedJedis jedis;
    private final boolean ownsClient;
    private final String prefix;
    private final KeyScan scan;
    private final SessionWriter writer;
    private final Duration defaultTtl;
    private final Function<? super SessionRecord, Duration> ttl;
    private final Clock clock;
    private final PoolWatch pool;
    private final StoreFacets facets = StoreFacets.none().withEnumeration(new Enumeration())
            .withPrincipalIndex(new Index());

    private RedisSessionStore(Builder builder, UnifiedJedis jedis, boolean ownsClient, PoolWatch pool) {
        this.jedis = jedis;
        this.ownsClient = ownsClient;
        this.pool = pool;
        this.prefix = builder.prefix;
        this.scan = new KeyScan(jedis, builder.prefix, SessionWriter.prefix(builder.prefix));
        this.writer = new SessionWriter(jedis, builder.prefix, builder.clock, KeyScan.isCluster(jedis),
                builder.tombstones == null ? 0 : builder.tombstones.toSeconds(), builder.acknowledgement());
        this.defaultTtl = builder.defaultTtl;
        this.ttl = builder.ttl;
        this.clock = builder.clock;
    }

    /**
     * Returns a store with the defaults on a client the application already has (which the store never closes).
     *
     * @param client the Jedis client: a {@link RedisClient}, a {@code RedisSentinelClient} or a
     *     {@link RedisClusterClient}
     * @return the store
     */
    public static RedisSessionStore create(UnifiedJedis client) {
        return builder(client).build();
    }

    /**
     * Returns a builder for a store on a client the application already has and keeps owning: the store never
     * closes it. Use this for Sentinel and Cluster, and for any client setting the URI form does not offer (pool
     * size, TLS trust material, RESP3, client-side caching).
     *
     * @param client the Jedis client: a {@link RedisClient}, a {@code RedisSentinelClient} or a
     *     {@link RedisClusterClient} (for a Cluster it must be one of {@link RedisClusterClient} and the
     *     deprecated {@link JedisCluster}, so that {@code clear}/{@code length}/{@code ids} can reach every master)
     * @return a new builder
     */
    public static Builder builder(UnifiedJedis client) {
        return new Builder(Objects.requireNonNull(client, "client"), null);
    }

    /**
     * Returns a builder for a store that creates, owns and {@linkplain #close() closes} a standalone client for a
     * URI: {@code redis://[[user]:password@]host[:port][/database]} or {@code rediss://…} for TLS (trusting the
     * JVM's default trust store, and checking that the certificate names the host). Credentials are
     * percent-decoded; the port defaults to 6379. {@link Builder#connectTimeout(Duration)},
     * {@link Builder#readTimeout(Duration)} and {@link Builder#maxConnections(int)} set up its client.
     *
     * @param uri the server's URI
     * @return a new builder
     * @throws IllegalArgumentException if {@code uri} is not a {@code redis://} or {@code rediss://} URI with a host
     */
    public static Builder builder(String uri) {
        return new Builder(null, UriClient.parse(uri));
    }

    /**
     * Returns a builder for a store that creates, owns and closes a standalone client for a URI; see
     * {@link #builder(String)}.
     *
     * @param uri the server's URI
     * @return a new builder
     * @throws IllegalArgumentException if {@code uri} is not a {@code redis://} or {@code rediss://} URI with a host
     */
    public static Builder builder(URI uri) {
        return new Builder(null, UriClient.check(uri));
    }

    private String key(String id) {
        return prefix + Objects.requireNonNull(id, "id");
    }

    /** The record's time-to-live in whole seconds; zero or less means delete. */
    private long ttlSeconds(SessionRecord record) {
        if (ttl == null) {
            return record.ttlSeconds(clock.instant(), defaultTtl);
        }
        Duration computed = ttl.apply(record);
        if (computed == null) {
            throw new NullPointerException("the ttl function returned null");
        }
        return SessionRecord.ttlSeconds(computed);
    }

    /** The watch on the connection pool of a store built from a URI; {@link PoolWatch#NONE} otherwise. */
    PoolWatch poolWatch() {
        return pool;
    }

    /** {@inheritDoc} In Redis: {@code GET key}. */
    @Override
    public Optional<String> get(String id) {
        String key = key(id);
        pool.check();
        return writer.get(key);
    }

    /**
     * {@inheritDoc} In Redis, one command: {@code GETEX key EX ttl}, or {@code GETDEL key} when the ttl is not
     * positive. With a {@linkplain Builder#ttl(Function) ttl function}, which needs the record, it is the SPI's
     * default: {@code GET}, then {@code EXPIRE} (or {@code DEL}), two round trips and not atomic.
     */
    @Override
    public Optional<String> getAndTouch(String id, Instant expiresAt) {
        String key = key(id);
        pool.check();
        return ttl != null ? SessionStore.super.getAndTouch(id, expiresAt) // GET, then EXPIRE: the function needs it
                : writer.getAndExpire(key, SessionRecord.ttlSeconds(expiresAt, clock.instant(), defaultTtl));
    }

    /**
     * {@inheritDoc} In Redis, one command: {@code SET key json EX ttl}, {@code NX} for {@link SetMode#IF_ABSENT} and
     * {@code XX} for {@link SetMode#IF_PRESENT}; with a principal to index, one script that also adds the index entry
     * (on a Cluster, a second command). A ttl that is not positive sends {@code DEL key} instead (nothing for
     * {@code IF_ABSENT}).
     */
    @Override
    public boolean set(String id, SessionRecord record, SetMode mode) {
        String key = key(id);
        pool.check();
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(mode, "mode");
        long seconds = ttlSeconds(record);
        if (seconds <= 0) {
            // Nothing to create for a new id; otherwise delete, and IF_PRESENT tells whether there was a record.
            return mode == SetMode.IF_ABSENT || call("DEL", () -> jedis.del(key)) > 0 || mode == SetMode.ALWAYS;
        }
        return writer.save(key, record, mode, seconds);
    }

    /**
     * {@inheritDoc} In Redis: one script call ({@code EVALSHA}; {@code EVAL} when the server's script cache lacks
     * it) that reads the key, compares the SHA-1 of its bytes with the expected record's and writes only when they
     * match, on the one key (so also on a Cluster).
     */
    @Override
    public Replaced replace(String id, String expected, SessionRecord record) {
        String key = key(id);
        pool.check();
        Objects.requireNonNull(expected, "expected");
        return writer.replace(key, expected, Objects.requireNonNull(record, "record"), ttlSeconds(record));
    }

    /**
     * {@inheritDoc} In Redis: {@code EXPIRE key ttl}, which does nothing when the session does not exist, or
     * {@code DEL key} when the ttl is not positive. The record's JSON is not read (unless a ttl function reads it).
     */
    @Override
    public void touch(String id, SessionRecord record) {
        String key = key(id);
        pool.check();
        writer.expire(key, ttlSeconds(Objects.requireNonNull(record, "record")));
    }

    /**
     * {@inheritDoc} In Redis: {@code DEL key}; with {@linkplain Builder#replicasToAcknowledge(int, Duration)
     * acknowledgement}, followed by {@code WAIT} in the same pipeline.
     */
    @Override
    public void destroy(String id) {
        String key = key(id);
        pool.check();
        writer.destroy(key);
    }

    /**
     * Returns this store's facets: the enumeration of its sessions ({@code SCAN} with the prefix, on every master of a
     * Cluster) and the index by principal (a sorted set per principal).
     *
     * @return both facets
     */
    @Override
    public StoreFacets facets() {
        return facets;
    }

    /**
     * Closes the client if this store created it (built from a URI); a client passed to
     * {@link #builder(UnifiedJedis)} is left open for its owner. Operations after {@code close} throw
     * {@link SessionStoreException}.
     */
    @Override
    public void close() {
        if (ownsClient) {
            jedis.close();
        }
    }

    @Override
    public String toString() {
        return "RedisSessionStore{prefix=" + prefix + ", defaultTtl=" + defaultTtl
                + (ttl == null ? "" : ", ttl=function") + ", client=" + jedis.getClass().getSimpleName() + '}';
    }

    /** Ids, count and clear: SCAN with the prefix, on every master of a Cluster. Never KEYS or FLUSHDB. */
    private final class Enumeration implements SessionEnumeration {

        /**
         * Deletes every session under this store's prefix, and the principals' indexes, and nothing else: {@code SCAN}
         * with the prefix, {@code UNLINK}ing each batch of keys found. Not atomic: sessions created while it runs may
         * survive it. Takes time proportional to the size of the database.
         */
        @Override
        public void clear() {
            scan.unlinkAll();
        }

        @Override
        public long length() {
            return scan.keys().size();
        }

        @Override
        public Set<String> ids() {
            return scan.keys().stream().map(key -> key.substring(prefix.length()))
                    .collect(Collectors.toUnmodifiableSet());
        }
    }

    /**
     * The index by principal: a sorted set per principal, {@code principals:<prefix>{<principal>}}, added to by one
     * script call, read with {@code ZRANGE}, one pipeline of {@code GET} and {@code PTTL}, and a {@code ZREM} of
     * entries whose session is gone; an ended session is a {@code DEL} and a {@code ZREM}.
     */
    private final class Index implements PrincipalIndex {

        @Override
        public boolean add(String principal, String id, Instant until, int limit) {
            if (limit < 1 || limit > MAX_SESSIONS) {
                throw new IllegalArgumentException("limit must be 1 to " + MAX_SESSIONS + ", was " + limit);
            }
            pool.check();
            return writer.index(Objects.requireNonNull(principal, "principal"), Objects.requireNonNull(id, "id"),
                    until, limit);
        }

        @Override
        public List<String> endOldest(String principal, int keep) {
            if (keep < 1) {
                throw new IllegalArgumentException("keep must be at least 1, was " + keep);
            }
            pool.check();
            return writer.endOldest(Objects.requireNonNull(principal, "principal"), keep);
        }

        @Override
        public List<StoredSession> sessionsOf(String principal) {
            return writer.sessionsOf(Objects.requireNonNull(principal, "principal"));
        }

        @Override
        public void endSession(String principal, String id) {
            writer.end(Objects.requireNonNull(principal, "principal"), Objects.requireNonNull(id, "id"));
        }
    }

    /**
     * Configures a {@link RedisSessionStore}. Each option has a default; the connection options apply only to a store
     * built from a URI. A {@code null} argument throws {@link NullPointerException}. Not thread-safe; the store it
     * builds is.
     */
    public static final class Builder {

        private final UnifiedJedis client;
        private final URI uri;
        private String prefix = "sess:"; // connect-redis's defaults
        private Duration defaultTtl = Duration.ofDays(1);
        private Function<? super SessionRecord, Duration> ttl;
        private Duration tombstones;
        private Clock clock = Clock.systemUTC();
        private int replicas;
        private Duration acknowledgeTimeout;
        private boolean everySave;
        private final UriClient.Settings connection = new UriClient.Settings();

        private Builder(UnifiedJedis client, URI uri) {
            this.client = client;
            this.uri = uri;
        }

        /**
         * Sets the text put before each session id to make its key; no separator is added. Use the same prefix as
         * the connect-redis stores that share the sessions. {@code clear}, {@code length} and {@code ids} see only
         * the keys under it. Default: {@code sess:}, connect-redis's default.
         *
         * @param prefix the key prefix, not empty (an empty prefix would make {@code clear} delete every key)
         * @return this builder
         * @throws IllegalArgumentException if {@code prefix} is empty
         */
        public Builder prefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            if (prefix.isEmpty()) {
                throw new IllegalArgumentException("prefix must not be empty: clear() would delete every key");
            }
            this.prefix = prefix;
            return this;
        }

        /**
         * Leaves a tombstone for each session SessionKit ends (a logout, a regenerate's delete, a session ended from
         * another device), so that a save by another service that loaded the session before it ended cannot bring it
         * back for SessionKit: connect-redis's save is a {@code SET} without {@code XX}, so an express request in
         * flight during a logout writes the session again. The tombstone, {@code {<prefix><id>}:ended}, lives in
         * the session key's own Cluster slot for {@code lifetime}; while it exists, a load finds no session and
         * deletes what was written back. Each read is then one script call ({@code EVALSHA}) instead of
         * {@code GETEX}, still one round trip. Default: off. A Node service does not honour tombstones: see the
         * README for what that leaves.
         *
         * @param lifetime how long a tombstone lives: longer than any request of another service takes, such as
         *     five minutes; at least one second
         * @return this builder
         * @throws IllegalArgumentException if {@code lifetime} is shorter than one second
         */
        public Builder tombstones(Duration lifetime) {
            Objects.requireNonNull(lifetime, "lifetime");
            if (lifetime.toSeconds() < 1) {
                throw new IllegalArgumentException("tombstones must live at least one second, was " + lifetime);
            }
            this.tombstones = lifetime;
            return this;
        }

        /**
         * Makes the writes that end a session wait until {@code replicas} replicas have them, so that a fail-over
         * (a replica promoted after the primary died) cannot undo a logout the application confirmed: each is
         * followed by Redis's {@code WAIT replicas timeout}, sent in the same pipeline on the same connection (on a
         * Cluster, to the primary that owns the session's key), so it adds no round trip; the reply comes once the
         * replicas confirmed, or after {@code timeout}. The writes covered: {@link #destroy} (a logout, an expired
         * session's delete), the index's {@code endSession} (ending another of the principal's sessions) and
         * {@code endOldest} (the sessions a login over the limit ends), and the compare-and-set delete of
         * {@code changeId} / regenerate. Saves wait too only with {@link #acknowledgeEverySave(boolean)}.
         *
         * <p>When fewer replicas confirm in time, the operation fails with a {@link SessionStoreException} (the
         * adapters answer 503) and nothing is claimed: the write may still stand on the primary, and reach the
         * replicas later, but the user is told it failed (a logout tried again is harmless). {@code WAIT} makes a
         * loss unlikely, not impossible: Redis replicates asynchronously, and a replica that confirmed may still
         * not be the one promoted. Default: off (no {@code WAIT} is sent).
         *
         * @param replicas the replicas that must confirm, at least 1
         * @param timeout how long the primary waits for them, at least 1 ms; for a store built from a URI, shorter
         *     than its {@link #readTimeout(Duration)} (a client given to {@link #builder(UnifiedJedis)} must have a
         *     socket timeout longer than it too)
         * @return this builder
         * @throws IllegalArgumentException if {@code replicas} is less than 1 or {@code timeout} under 1 ms
         */
        public Builder replicasToAcknowledge(int replicas, Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (replicas < 1) {
                throw new IllegalArgumentException("replicas must be at least 1, was " + replicas);
            }
            if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("timeout must be 1 ms to " + Integer.MAX_VALUE + " ms (WAIT 0 "
                        + "would block for ever), was " + timeout);
            }
            this.replicas = replicas;
            this.acknowledgeTimeout = timeout;
            return this;
        }

        /**
         * Makes every save wait for the replicas of {@link #replicasToAcknowledge(int, Duration)} as well: a new
         * session's {@code SET} and a loaded session's compare-and-set write are each followed by {@code WAIT} in
         * the same pipeline, and fail (503) when the replicas do not confirm in time. Reads, touches
         * ({@code EXPIRE}, {@code GETEX}) and the index's additions do not wait (on a single primary, a save's
         * {@code WAIT} also covers the index entry written before it). Default: off, only the writes that end
         * sessions wait.
         *
         * @param everySave whether saves wait too
         * @return this builder
         */
        public Builder acknowledgeEverySave(boolean everySave) {
            this.everySave = everySave;
            return this;
        }

        private SessionWriter.Acknowledgement acknowledgement() {
            return replicas == 0 ? SessionWriter.Acknowledgement.NONE
                    : new SessionWriter.Acknowledgement(replicas, acknowledgeTimeout.toMillis(), everySave);
        }

        /**
         * Sets the time-to-live of sessions whose cookie has no expiry (browser-session cookies), in whole seconds
         * (a fraction of a second is dropped). Default: one day, as connect-redis.
         *
         * @param defaultTtl the time-to-live, at least one second
         * @return this builder
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
         * Sets a function that computes each record's time-to-live, replacing the rule "until the session expires,
         * else the default time-to-live", as connect-redis's {@code ttl} option does when it is a function. The
         * result is rounded up to whole seconds; zero or less deletes the record. It runs on the thread of the store
         * operation and must not return {@code null}; it makes {@link #getAndTouch} two round trips. Default: none.
         *
         * @param ttl the function, given the record being written or touched
         * @return this builder
         */
        public Builder ttl(Function<? super SessionRecord, Duration> ttl) {
            this.ttl = Objects.requireNonNull(ttl, "ttl");
            return this;
        }

        /**
         * Sets the clock that time-to-live is computed with (Redis expires keys by its own clock); tests pass a
         * clock they move by hand. Default: {@link Clock#systemUTC()}.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets how long opening a connection may take, for a store built from a URI. Default: 2 seconds (Jedis's
         * default).
         *
         * @param connectTimeout the timeout, at least one millisecond
         * @return this builder
         * @throws IllegalArgumentException if it is under 1 ms or over {@link Integer#MAX_VALUE} ms
         */
        public Builder connectTimeout(Duration connectTimeout) {
            connection.connectTimeout(connectTimeout);
            return this;
        }

        /**
         * Sets how long a command may wait for its reply, and for a free pooled connection, for a store built from
         * a URI. Default: 2 seconds (Jedis's default).
         *
         * @param readTimeout the timeout, at least one millisecond
         * @return this builder
         * @throws IllegalArgumentException if it is under 1 ms or over {@link Integer#MAX_VALUE} ms
         */
        public Builder readTimeout(Duration readTimeout) {
            connection.readTimeout(readTimeout);
            return this;
        }

        /**
         * Sets how many connections the pool of a store built from a URI keeps at most: the number of store calls
         * that can run at once. A call that finds them all busy waits for one, up to the
         * {@link #readTimeout(Duration)}, then fails (503). Default: 64 (Jedis's own default is 8).
         *
         * <p>Size it to the requests that use the session at the same moment, not to the server's threads: a store
         * call holds a connection for one round trip (about 0.1 ms on a local network), so 64 connections serve far
         * more than 64 concurrent requests unless Redis is slow. When calls queue, the store logs a WARN (at most
         * one a minute) with the mean wait, and commons-pool2's JMX bean
         * ({@code org.apache.commons.pool2:type=GenericObjectPool}) shows {@code NumWaiters} and
         * {@code MeanBorrowWaitTimeMillis}. Each connection costs Redis about 20 KB; mind its {@code maxclients}
         * (10,000) across all instances.
         *
         * @param maxConnections at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code maxConnections} is less than 1
         */
        public Builder maxConnections(int maxConnections) {
            connection.maxConnections(maxConnections);
            return this;
        }

        /**
         * Returns a store with these options; for a URI, creates its client (connections open on first use).
         *
         * @return the store
         * @throws IllegalStateException if a timeout or the pool size was set on a builder for an existing client
         *     (configure that client instead), if {@link #acknowledgeEverySave(boolean)} was set without
         *     {@link #replicasToAcknowledge(int, Duration)}, or if, from a URI, the acknowledgement's timeout is not
         *     shorter than the {@link #readTimeout(Duration)}
         */
        public RedisSessionStore build() {
            if (everySave && replicas == 0) {
                throw new IllegalStateException("acknowledgeEverySave(true) needs replicasToAcknowledge(replicas, "
                        + "timeout): it says how many replicas, and for how long");
            }
            if (client != null) {
                if (connection.isSet()) {
                    throw new IllegalStateException("connectTimeout, readTimeout and maxConnections apply only to a "
                            + "store built from a URI; configure the UnifiedJedis passed to builder(client)");
                }
                return new RedisSessionStore(this, client, false, PoolWatch.NONE);
            }
            if (replicas > 0 && acknowledgeTimeout.compareTo(connection.readTimeout()) >= 0) {
                throw new IllegalStateException("the replicasToAcknowledge timeout (" + acknowledgeTimeout.toMillis()
                        + " ms) must be shorter than readTimeout (" + connection.readTimeout().toMillis() + " ms): "
                        + "the client would give up on the connection before WAIT replies");
            }
            RedisClient created = UriClient.create(uri, connection);
            return new RedisSessionStore(this, created, true, new PoolWatch(created.getPool(), System::nanoTime));
        }
    }
}
