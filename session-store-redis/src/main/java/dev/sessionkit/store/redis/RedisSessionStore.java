package dev.sessionkit.store.redis;

import dev.sessionkit.SessionRecord;
import dev.sessionkit.SessionStore;
import dev.sessionkit.SessionStoreException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.GetExParams;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * A {@link SessionStore} in Redis, through a Jedis {@link UnifiedJedis}: a standalone {@link RedisClient}, a
 * Sentinel-backed {@code RedisSentinelClient} or a {@link RedisClusterClient}. For applications that run several
 * instances and share their sessions, with each other and with Node services.
 *
 * <p>Records are in connect-redis's layout, so that express-session + connect-redis on the same Redis read and write
 * the same sessions: the key is {@linkplain Builder#prefix(String) the prefix} ({@code sess:}) followed by the
 * session id; the value is the express-session JSON as a UTF-8 string; the time-to-live is the seconds until the
 * session cookie expires, rounded up, or {@linkplain Builder#defaultTtl(Duration) the default time-to-live} (one
 * day) for a browser-session cookie, unless {@linkplain Builder#ttl(Function) a function} computes it. A
 * time-to-live of zero or less deletes the record.
 *
 * <p>Each operation is one command, one round trip, and atomic on the server:
 * <table>
 *   <caption>The Redis command of each operation</caption>
 *   <tr><th>operation</th><th>command</th></tr>
 *   <tr><td>{@link #get}</td><td>{@code GET key}</td></tr>
 *   <tr><td>{@link #getAndTouch}</td><td>{@code GETEX key EX ttl}; {@code GETDEL key} when the ttl is not
 *       positive</td></tr>
 *   <tr><td>{@link #set} {@code IF_ABSENT} (a new id)</td><td>{@code SET key json NX EX ttl}</td></tr>
 *   <tr><td>{@link #set} {@code IF_PRESENT} (a loaded session)</td><td>{@code SET key json XX EX ttl}</td></tr>
 *   <tr><td>{@link #set} {@code ALWAYS}</td><td>{@code SET key json EX ttl}</td></tr>
 *   <tr><td>{@link #touch}</td><td>{@code EXPIRE key ttl}</td></tr>
 *   <tr><td>{@link #destroy}</td><td>{@code DEL key}</td></tr>
 *   <tr><td>{@link #clear}, {@link #length}, {@link #ids}</td><td>{@code SCAN cursor MATCH prefix* COUNT 1000}
 *       until the cursor is 0, on every master of a Cluster; {@code clear} then {@code UNLINK}s each batch</td></tr>
 * </table>
 * A {@code set} or {@code touch} whose ttl is not positive sends {@code DEL key} instead (Redis refuses {@code EX 0});
 * {@code set(IF_ABSENT)} then sends nothing. With a {@linkplain Builder#ttl(Function) ttl function},
 * {@code getAndTouch} needs the record to compute the ttl, so it sends {@code GET} and then {@code EXPIRE} (or
 * {@code DEL}): two round trips. {@code KEYS}, {@code FLUSHDB} and {@code RENAME} are never used. Requires Redis
 * 6.2 or later ({@code GETEX}, {@code GETDEL}).
 *
 * <p>Every failure of the client (connection refused or lost, timeout, error reply) becomes a
 * {@link SessionStoreException} naming the command and the kind of failure, never the key, the session id or a
 * credential. As each operation is a single command, a failed one has been applied entirely or not at all; one that
 * timed out may still be applied by the server afterwards. The client reconnects by itself once Redis is back.
 *
 * <p>Thread-safe, as {@link UnifiedJedis} is. A store built {@linkplain #builder(String) from a URI} owns its client
 * and {@link #close() closes} it; a store built {@linkplain #builder(UnifiedJedis) from a client} leaves it to its
 * owner.
 *
 * <pre>{@code
 * RedisSessionStore store = RedisSessionStore.builder("redis://localhost:6379").build();
 * }</pre>
 */
public final class RedisSessionStore implements SessionStore, AutoCloseable {

    private static final String DEFAULT_PREFIX = "sess:";
    private static final Duration DEFAULT_TTL = Duration.ofDays(1);
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    private static final int SCAN_COUNT = 1000;
    private static final String SCAN_START = "0";

    private final UnifiedJedis jedis;
    private final boolean ownsClient;
    private final String prefix;
    private final String pattern;
    private final Duration defaultTtl;
    private final Function<? super SessionRecord, Duration> ttl;
    private final Clock clock;

    private RedisSessionStore(Builder builder, UnifiedJedis jedis, boolean ownsClient) {
        this.jedis = jedis;
        this.ownsClient = ownsClient;
        this.prefix = builder.prefix;
        this.pattern = glob(builder.prefix) + "*";
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
     * @throws NullPointerException if {@code client} is null
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
     * @throws NullPointerException if {@code client} is null
     */
    public static Builder builder(UnifiedJedis client) {
        return new Builder(Objects.requireNonNull(client, "client"), null);
    }

    /**
     * Returns a builder for a store that creates, owns and {@linkplain #close() closes} a standalone client for a
     * URI: {@code redis://[[user]:password@]host[:port][/database]} or {@code rediss://…} for TLS (trusting the
     * JVM's default trust store, and checking that the certificate names the host). Credentials are percent-decoded; the port defaults to 6379. The connect and read
     * timeouts are set with {@link Builder#connectTimeout(Duration)} and {@link Builder#readTimeout(Duration)}.
     *
     * @param uri the server's URI
     * @return a new builder
     * @throws NullPointerException if {@code uri} is null
     * @throws IllegalArgumentException if {@code uri} is not a {@code redis://} or {@code rediss://} URI with a host
     */
    public static Builder builder(String uri) {
        Objects.requireNonNull(uri, "uri");
        try {
            return builder(new URI(uri));
        } catch (URISyntaxException e) {
            // The input may hold a password: say where it is malformed, not what it says.
            throw new IllegalArgumentException("uri is not a valid URI (" + e.getReason() + " at index "
                    + e.getIndex() + ")");
        }
    }

    /**
     * Returns a builder for a store that creates, owns and closes a standalone client for a URI; see
     * {@link #builder(String)}.
     *
     * @param uri the server's URI
     * @return a new builder
     * @throws NullPointerException if {@code uri} is null
     * @throws IllegalArgumentException if {@code uri} is not a {@code redis://} or {@code rediss://} URI with a host
     */
    public static Builder builder(URI uri) {
        Objects.requireNonNull(uri, "uri");
        String scheme = uri.getScheme();
        if (!"redis".equalsIgnoreCase(scheme) && !"rediss".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("uri must start with redis:// or rediss://, was " + redacted(uri));
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("uri must name a host, was " + redacted(uri));
        }
        return new Builder(null, uri);
    }

    /** The URI without its user information, which may hold a password. */
    private static String redacted(URI uri) {
        String text = uri.toString();
        String userInfo = uri.getRawUserInfo();
        return userInfo == null ? text : text.replace(userInfo + "@", "***@");
    }

    /** Escapes Redis glob characters, so that the prefix matches itself only. */
    static String glob(String literal) {
        StringBuilder out = new StringBuilder(literal.length() + 8);
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
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
        // Round up as connect-redis does for cookie expiry, within the range Redis accepts for EX.
        long seconds = computed.getSeconds() + (computed.getNano() > 0 ? 1 : 0);
        return Math.min(seconds, Integer.MAX_VALUE);
    }

    /** Runs one client call, turning the client's failures into the store's exception. */
    private static <T> T call(String command, Supplier<T> action) {
        try {
            return action.get();
        } catch (JedisException e) {
            throw failure(command, e);
        }
    }

    /**
     * Describes a failure by its command and its exceptions' classes only: messages of client exceptions may
     * quote a server's reply or an address, and this message must never carry a key, an id or a credential.
     */
    static SessionStoreException failure(String command, RuntimeException e) {
        StringBuilder message = new StringBuilder("Redis ").append(command).append(" failed: ")
                .append(e.getClass().getSimpleName());
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e) {
            message.append(" (").append(root.getClass().getSimpleName()).append(')');
        }
        return new SessionStoreException(message.toString(), e);
    }

    /**
     * Returns the JSON of a session: {@code GET}.
     *
     * @param id the session id
     * @return the JSON exactly as stored, or empty when there is no session under {@code id} or it has expired
     * @throws NullPointerException if {@code id} is null
     * @throws SessionStoreException when Redis cannot be reached or refuses the command
     */
    @Override
    public Optional<String> get(String id) {
        String key = key(id);
        return Optional.ofNullable(call("GET", () -> jedis.get(key)));
    }

    /**
     * Returns the JSON of a session and extends its time-to-live in the same command: {@code GETEX key EX ttl}, the
     * ttl computed from {@code expiresAt} as for {@link #touch}. When that ttl is not positive the session is read
     * and deleted ({@code GETDEL}), as {@link SessionStore#getAndTouch} specifies. With a
     * {@linkplain Builder#ttl(Function) ttl function}, which needs the record, it is {@code GET} and then
     * {@code EXPIRE} (or {@code DEL}): two round trips, and not atomic.
     *
     * @param id the session id
     * @param expiresAt the new expiry of the session, or {@code null} for a browser-session cookie (the default
     *     time-to-live applies)
     * @return the JSON exactly as stored, or empty when there is no session under {@code id} or it has expired
     * @throws NullPointerException if {@code id} is null
     * @throws SessionStoreException when Redis cannot be reached or refuses a command
     */
    @Override
    public Optional<String> getAndTouch(String id, Instant expiresAt) {
        String key = key(id);
        if (ttl != null) {
            Optional<String> json = Optional.ofNullable(call("GET", () -> jedis.get(key)));
            json.ifPresent(found -> touch(id, SessionRecord.of(found, expiresAt)));
            return json;
        }
        long seconds = SessionRecord.ttlSeconds(expiresAt, clock.instant(), defaultTtl);
        if (seconds <= 0) {
            return Optional.ofNullable(call("GETDEL", () -> jedis.getDel(key)));
        }
        return Optional.ofNullable(call("GETEX", () -> jedis.getEx(key, GetExParams.getExParams().ex(seconds))));
    }

    /**
     * Writes a session with its time-to-live, subject to {@code mode}, in one command: {@code SET key json EX ttl},
     * with {@code NX} for {@link SetMode#IF_ABSENT} and {@code XX} for {@link SetMode#IF_PRESENT} (Jedis sends
     * them before {@code EX}). A record whose
     * ttl is not positive deletes the session instead ({@code DEL}); for {@code IF_ABSENT} nothing is sent, as there
     * is nothing to create, and the result is {@code true}.
     *
     * @param id the session id
     * @param record the record to write
     * @param mode the condition under which to write
     * @return {@code true} when the record was written (or the session deleted), {@code false} when the condition
     *     did not hold (for {@code IF_PRESENT} with a non-positive ttl: when there was nothing to delete)
     * @throws NullPointerException if an argument is null
     * @throws SessionStoreException when Redis cannot be reached or refuses the command
     */
    @Override
    public boolean set(String id, SessionRecord record, SetMode mode) {
        String key = key(id);
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(mode, "mode");
        long seconds = ttlSeconds(record);
        if (seconds <= 0) {
            switch (mode) {
                case IF_ABSENT:
                    return true;
                case IF_PRESENT:
                    return call("DEL", () -> jedis.del(key)) > 0;
                default:
                    call("DEL", () -> jedis.del(key));
                    return true;
            }
        }
        String json = record.json();
        SetParams params = SetParams.setParams().ex(seconds);
        if (mode == SetMode.IF_ABSENT) {
            params.nx();
        } else if (mode == SetMode.IF_PRESENT) {
            params.xx();
        }
        // A SET whose NX/XX condition fails replies nil.
        return call("SET", () -> jedis.set(key, json, params)) != null;
    }

    /**
     * Sets the time-to-live of an existing session from the record's expiry without rewriting its data:
     * {@code EXPIRE key ttl}, which does nothing when the session does not exist. A ttl that is not positive
     * deletes it ({@code DEL}). The record's JSON is not read (unless a ttl function reads it).
     *
     * @param id the session id
     * @param record the session as it is now; only its expiry is used
     * @throws NullPointerException if an argument is null
     * @throws SessionStoreException when Redis cannot be reached or refuses the command
     */
    @Override
    public void touch(String id, SessionRecord record) {
        String key = key(id);
        Objects.requireNonNull(record, "record");
        long seconds = ttlSeconds(record);
        if (seconds <= 0) {
            call("DEL", () -> jedis.del(key));
        } else {
            call("EXPIRE", () -> jedis.expire(key, seconds));
        }
    }

    /**
     * Deletes a session: {@code DEL key}. Does nothing when it does not exist.
     *
     * @param id the session id
     * @throws NullPointerException if {@code id} is null
     * @throws SessionStoreException when Redis cannot be reached or refuses the command
     */
    @Override
    public void destroy(String id) {
        String key = key(id);
        call("DEL", () -> jedis.del(key));
    }

    /**
     * Deletes every session under this store's prefix, and nothing else: {@code SCAN} with the prefix, on every
     * master of a Cluster, {@code UNLINK}ing each batch of keys found. Not atomic: sessions created while it runs
     * may survive it. Takes time proportional to the size of the database.
     *
     * @throws SessionStoreException when Redis cannot be reached or refuses a command
     */
    @Override
    public void clear() {
        scan(this::unlink);
    }

    /**
     * Returns how many sessions are under this store's prefix: {@code SCAN} with the prefix, on every master of a
     * Cluster. Takes time proportional to the size of the database.
     *
     * @return the number of live sessions
     * @throws SessionStoreException when Redis cannot be reached or refuses a command
     */
    @Override
    public long length() {
        return keys().size();
    }

    /**
     * Returns the ids of the sessions under this store's prefix: {@code SCAN} with the prefix, on every master of a
     * Cluster. Takes time proportional to the size of the database.
     *
     * @return an unmodifiable snapshot of the ids
     * @throws SessionStoreException when Redis cannot be reached or refuses a command
     */
    @Override
    public Set<String> ids() {
        Set<String> ids = new HashSet<>();
        for (String key : keys()) {
            ids.add(key.substring(prefix.length()));
        }
        return Set.copyOf(ids);
    }

    /** The keys under the prefix; a set, because SCAN may return a key more than once. */
    private Set<String> keys() {
        Set<String> keys = new HashSet<>();
        scan(batch -> keys.addAll(batch.keys()));
        return keys;
    }

    /** A batch of keys that SCAN returned and, in a Cluster, the connection of the master that holds them. */
    private record Batch(List<String> keys, Jedis node) {
    }

    private void scan(Consumer<Batch> consumer) {
        Map<String, ConnectionPool> nodes = clusterNodes(jedis);
        if (nodes == null) {
            scanWith(cursor -> jedis.scan(cursor, scanParams()), keys -> consumer.accept(new Batch(keys, null)));
            return;
        }
        for (ConnectionPool pool : nodes.values()) {
            // The cluster client refuses a SCAN it cannot route: it is sent to each node's own connection instead.
            // Jedis may also know replicas (and a demoted master after a failover): their keys are the masters'.
            try (Jedis node = new Jedis(call("SCAN", pool::getResource))) {
                if (call("ROLE", () -> isReplica(node))) {
                    continue;
                }
                scanWith(cursor -> node.scan(cursor, scanParams()),
                        keys -> consumer.accept(new Batch(keys, node)));
            } catch (JedisException e) {
                // Only closing the connection can get here: the calls above wrap their own failures.
                throw failure("SCAN", e);
            }
        }
    }

    private void scanWith(Function<String, ScanResult<String>> scanner, Consumer<List<String>> consumer) {
        String cursor = SCAN_START;
        do {
            String current = cursor;
            ScanResult<String> result = call("SCAN", () -> scanner.apply(current));
            if (!result.getResult().isEmpty()) {
                consumer.accept(result.getResult());
            }
            cursor = result.getCursor();
        } while (!SCAN_START.equals(cursor));
    }

    private ScanParams scanParams() {
        return new ScanParams().match(pattern).count(SCAN_COUNT);
    }

    private static boolean isReplica(Jedis node) {
        List<Object> role = node.role();
        return !role.isEmpty() && !"master".equals(String.valueOf(role.get(0)));
    }

    private void unlink(Batch batch) {
        String[] keys = batch.keys().toArray(new String[0]);
        if (batch.node() == null) {
            call("UNLINK", () -> jedis.unlink(keys));
            return;
        }
        // In a Cluster a multi-key command must stay within one hash slot: one UNLINK per key, pipelined on the
        // connection of the node that SCAN found them on, so still one round trip per batch.
        call("UNLINK", () -> {
            try (AbstractPipeline pipeline = batch.node().pipelined()) {
                for (String key : keys) {
                    pipeline.unlink(key);
                }
                pipeline.sync();
            }
            return null;
        });
    }

    /** The node pools of a Cluster client, or {@code null} for a client of a single master. */
    @SuppressWarnings("deprecation")
    private static Map<String, ConnectionPool> clusterNodes(UnifiedJedis client) {
        if (client instanceof RedisClusterClient cluster) {
            return cluster.getClusterNodes();
        }
        if (client instanceof JedisCluster cluster) {
            return cluster.getClusterNodes();
        }
        return null;
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

    /**
     * Configures a {@link RedisSessionStore}. Each option has a default; the timeouts apply only to a store built
     * from a URI. Not thread-safe; the store it builds is.
     */
    public static final class Builder {

        private final UnifiedJedis client;
        private final URI uri;
        private String prefix = DEFAULT_PREFIX;
        private Duration defaultTtl = DEFAULT_TTL;
        private Function<? super SessionRecord, Duration> ttl;
        private Clock clock = Clock.systemUTC();
        private Duration connectTimeout;
        private Duration readTimeout;
        private Integer maxConnections;

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
         * @throws NullPointerException if {@code prefix} is null
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
         * Sets a function that computes each record's time-to-live, replacing the rule "until the cookie expires,
         * else the default time-to-live", as connect-redis's {@code ttl} option does when it is a function. The
         * result is rounded up to whole seconds; zero or less deletes the record. It is called on the thread of
         * the store operation and must not return {@code null}. With a function, {@link #getAndTouch} takes two
         * round trips ({@code GET}, then {@code EXPIRE}), since the function needs the record. Default: none.
         *
         * @param ttl the function, given the record being written or touched
         * @return this builder
         * @throws NullPointerException if {@code ttl} is null
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
         * @throws NullPointerException if {@code clock} is null
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
         * @throws NullPointerException if {@code connectTimeout} is null
         * @throws IllegalArgumentException if {@code connectTimeout} is under one millisecond or over
         *     {@link Integer#MAX_VALUE} milliseconds
         */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = checkTimeout("connectTimeout", connectTimeout);
            return this;
        }

        /**
         * Sets how long a command may wait for its reply, and for a free pooled connection, for a store built from
         * a URI. Default: 2 seconds (Jedis's default).
         *
         * @param readTimeout the timeout, at least one millisecond
         * @return this builder
         * @throws NullPointerException if {@code readTimeout} is null
         * @throws IllegalArgumentException if {@code readTimeout} is under one millisecond or over
         *     {@link Integer#MAX_VALUE} milliseconds
         */
        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = checkTimeout("readTimeout", readTimeout);
            return this;
        }

        /**
         * Sets how many connections the pool of a store built from a URI keeps at most: the number of store calls
         * that can run at once. A request that finds them all busy waits up to the {@link #readTimeout(Duration)}.
         * Size it near the number of request threads that use sessions. Default: 8 (Jedis's default).
         *
         * @param maxConnections at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code maxConnections} is less than 1
         */
        public Builder maxConnections(int maxConnections) {
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1, was " + maxConnections);
            }
            this.maxConnections = maxConnections;
            return this;
        }

        private static Duration checkTimeout(String name, Duration timeout) {
            Objects.requireNonNull(timeout, name);
            if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(name + " must be between 1 ms and " + Integer.MAX_VALUE
                        + " ms, was " + timeout);
            }
            return timeout;
        }

        /**
         * Returns a store with these options; for a URI, creates its client (connections are opened on first
         * use).
         *
         * @return the store
         * @throws IllegalStateException if a timeout or the pool size was set on a builder for an existing client
         *     (configure that client instead)
         */
        public RedisSessionStore build() {
            if (client != null) {
                if (connectTimeout != null || readTimeout != null || maxConnections != null) {
                    throw new IllegalStateException("connectTimeout, readTimeout and maxConnections apply only to a "
                            + "store built from a URI; configure the UnifiedJedis passed to builder(client)");
                }
                return new RedisSessionStore(this, client, false);
            }
            return new RedisSessionStore(this, createClient(), true);
        }

        private UnifiedJedis createClient() {
            Duration connect = connectTimeout != null ? connectTimeout : DEFAULT_TIMEOUT;
            Duration read = readTimeout != null ? readTimeout : DEFAULT_TIMEOUT;
            DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                    .connectionTimeoutMillis((int) connect.toMillis())
                    .socketTimeoutMillis((int) read.toMillis())
                    .user(JedisURIHelper.getUser(uri))
                    .password(JedisURIHelper.getPassword(uri))
                    .database(JedisURIHelper.getDBIndex(uri));
            if (JedisURIHelper.isRedisSSLScheme(uri)) {
                // The JVM's trust store, and the certificate must name the host (SslVerifyMode.FULL).
                config.sslOptions(SslOptions.defaults());
            }
            RedisProtocol protocol = JedisURIHelper.getRedisProtocol(uri);
            if (protocol != null) {
                config.protocol(protocol);
            }
            HostAndPort address = new HostAndPort(uri.getHost(),
                    uri.getPort() == -1 ? Protocol.DEFAULT_PORT : uri.getPort());
            // Jedis waits for a free pooled connection forever by default; bound it like a reply.
            ConnectionPoolConfig pool = new ConnectionPoolConfig();
            pool.setMaxWait(read);
            if (maxConnections != null) {
                pool.setMaxTotal(maxConnections);
                pool.setMaxIdle(maxConnections);
            }
            return RedisClient.builder().hostAndPort(address).clientConfig(config.build()).poolConfig(pool).build();
        }
    }
}
