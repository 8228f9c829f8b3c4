package dev.sessionkit.store.redis;

import static dev.sessionkit.store.redis.RedisCall.call;
import static dev.sessionkit.store.redis.RedisCall.failure;

import dev.sessionkit.store.PrincipalIndex;
import dev.sessionkit.store.PrincipalIndex.StoredSession;
import dev.sessionkit.store.SessionRecord;
import dev.sessionkit.store.SessionStore.Replaced;
import dev.sessionkit.store.SessionStore.SetMode;
import dev.sessionkit.store.SessionStoreException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisMovedDataException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.params.GetExParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.Tuple;

/**
 * The commands a {@link RedisSessionStore} sends for its records: a read that sets the time-to-live is one
 * {@code GETEX} ({@code GETDEL} when it ends the session), a touch one {@code EXPIRE}, a write of a new session with a
 * positive time-to-live one {@code SET key json NX EX ttl}, and the save of a loaded session one script call that
 * compares the stored record with the one loaded ({@link #replace}).
 *
 * <p>The index from a principal to its sessions: a sorted set per principal, key
 * {@code principals:<prefix>{<principal>}} (outside the sessions' prefix, so that SCAN for sessions never sees it;
 * the hash tag keeps all of a principal's index in one Cluster slot), members the session ids, scores the time they
 * were indexed, in milliseconds. A session is added by one script call on the index key, made by core before the
 * write that stores the principal, so that no live session is ever missing from it; the same script refuses the
 * entry when the principal is at its limit ({@link PrincipalIndex#MAX_SESSIONS} at most), counting only sessions that
 * exist or were indexed within {@link PrincipalIndex#WRITE_GRACE} (their write may be on its way), and dropping the
 * entries of the others first, so that no live session is ever dropped to make room. Ordinary saves and reads never
 * touch it. Entries of sessions that are gone are also dropped when the index is read; the index expires with the
 * last absolute deadline of the sessions it lists (never, when one has none).
 */
final class SessionWriter {

    /**
     * Adds an entry to a principal's index unless the principal is at its limit, dropping first the entries of
     * sessions that are gone (past the grace). KEYS: the index. ARGV: id, now (ms, the score), keep (seconds the index
     * must live at least; 0: for ever), grace (ms), limit, the sessions' key prefix, {@code check} (the script asks
     * each session key: a single Redis) or {@code given} (a Cluster, where they live in other slots: the client asked
     * them, and the rest of ARGV are the live ids). Replies 1 when added, 0 at the limit.
     */
    private static final String INDEX = """
            local settled = tonumber(ARGV[2]) - tonumber(ARGV[4])
            local given = {}
            if ARGV[7] == 'given' then
              for i = 8, #ARGV do given[ARGV[i]] = true end
            end
            local entries = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
            local others = 0
            local gone = {}
            for i = 1, #entries, 2 do
              local member = entries[i]
              if member ~= ARGV[1] then
                local live
                if ARGV[7] == 'check' then
                  live = redis.call('EXISTS', ARGV[6] .. member) == 1
                else
                  live = given[member] == true
                end
                if live or tonumber(entries[i + 1]) > settled then
                  others = others + 1
                else
                  gone[#gone + 1] = member
                end
              end
            end
            for i = 1, #gone, 100 do
              redis.call('ZREM', KEYS[1], unpack(gone, i, math.min(i + 99, #gone)))
            end
            if others >= tonumber(ARGV[5]) then return 0 end
            local existed = redis.call('EXISTS', KEYS[1])
            redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
            local keep = tonumber(ARGV[3])
            local current = redis.call('TTL', KEYS[1])
            if keep == 0 then
              redis.call('PERSIST', KEYS[1])
            elseif existed == 0 or (current >= 0 and current < keep) then
              redis.call('EXPIRE', KEYS[1], keep)
            end
            return 1
            """;
    /**
     * Ends a principal's oldest live sessions beyond the newest {@code keep}. KEYS: the index. ARGV: keep, the
     * sessions' key prefix, {@code check} or {@code given} (then the live ids), as {@link #INDEX}. With
     * {@code check} the script deletes each ended session and its entry; with {@code given} the client does. Replies
     * the ids to end, newest first.
     */
    private static final String END_OLDEST = """
            local given = {}
            if ARGV[3] == 'given' then
              for i = 4, #ARGV do given[ARGV[i]] = true end
            end
            local entries = redis.call('ZREVRANGE', KEYS[1], 0, -1)
            local kept = 0
            local ended = {}
            for i = 1, #entries do
              local live
              if ARGV[3] == 'check' then
                live = redis.call('EXISTS', ARGV[2] .. entries[i]) == 1
              else
                live = given[entries[i]] == true
              end
              if live then
                kept = kept + 1
                if kept > tonumber(ARGV[1]) then ended[#ended + 1] = entries[i] end
              end
            end
            if ARGV[3] == 'check' then
              for i = 1, #ended do
                redis.call('DEL', ARGV[2] .. ended[i])
                redis.call('ZREM', KEYS[1], ended[i])
              end
            end
            return ended
            """;
    /**
     * The compare-and-set of a loaded session's save. KEYS: the session. ARGV: the SHA-1 (hex) of the record the
     * session was loaded from, json, seconds. Replies 1 when written, nil when there is no record, the stored record
     * when it is not the expected one.
     */
    private static final String REPLACE = """
            local current = redis.call('GET', KEYS[1])
            if not current then return false end
            if redis.sha1hex(current) ~= ARGV[1] then return current end
            if tonumber(ARGV[3]) <= 0 then
              redis.call('DEL', KEYS[1])
              return 1
            end
            redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
            return 1
            """;
    private static final String REPLACE_SHA = sha1(REPLACE);
    /** Ends a session and leaves its tombstone. KEYS: the session, its tombstone. ARGV: the tombstone's seconds. */
    private static final String END_WITH_TOMBSTONE = """
            redis.call('DEL', KEYS[1])
            redis.call('SET', KEYS[2], '1', 'EX', ARGV[1])
            return 1
            """;
    /**
     * Reads a session unless it has a tombstone (then deletes what another writer brought back). KEYS: the session,
     * its tombstone. ARGV: '' for a plain read, else the seconds to set (not positive: read and delete).
     */
    private static final String LOAD_UNLESS_ENDED = """
            if redis.call('EXISTS', KEYS[2]) == 1 then
              redis.call('DEL', KEYS[1])
              return false
            end
            if ARGV[1] == '' then return redis.call('GET', KEYS[1]) end
            local ttl = tonumber(ARGV[1])
            if ttl <= 0 then return redis.call('GETDEL', KEYS[1]) end
            return redis.call('GETEX', KEYS[1], 'EX', ttl)
            """;
    private static final String INDEX_SHA = sha1(INDEX);
    private static final String LOAD_UNLESS_ENDED_SHA = sha1(LOAD_UNLESS_ENDED);
    private static final String END_WITH_TOMBSTONE_SHA = sha1(END_WITH_TOMBSTONE);
    private static final String END_OLDEST_SHA = sha1(END_OLDEST);

    private final UnifiedJedis jedis;
    private final String sessionPrefix;
    private final String indexPrefix;
    private final Clock clock;
    private final StoredBytes bytes = new StoredBytes();
    private final boolean cluster;
    /** How long a tombstone outlives the session SessionKit ended; 0: no tombstones. */
    private final long tombstoneSeconds;
    /** The replicas that must acknowledge the writes that end sessions; {@link Acknowledgement#NONE}: no WAIT. */
    private final Acknowledgement acknowledgement;

    SessionWriter(UnifiedJedis jedis, String sessionPrefix, Clock clock, boolean cluster, long tombstoneSeconds,
                  Acknowledgement acknowledgement) {
        this.jedis = jedis;
        this.sessionPrefix = sessionPrefix;
        this.indexPrefix = prefix(sessionPrefix);
        this.clock = clock;
        this.cluster = cluster;
        this.tombstoneSeconds = tombstoneSeconds;
        this.acknowledgement = acknowledgement;
    }

    /**
     * How many replicas must acknowledge which writes, and for how long the primary waits for them ({@code WAIT}).
     *
     * @param replicas the replicas to wait for; 0: none (no {@code WAIT} is sent)
     * @param timeoutMillis {@code WAIT}'s timeout, at least 1 (0 would block for ever)
     * @param everySave whether saves (new sessions, and writes over a loaded one) wait too, not only the writes that
     *     end sessions
     */
    record Acknowledgement(int replicas, long timeoutMillis, boolean everySave) {
        static final Acknowledgement NONE = new Acknowledgement(0, 0, false);

        boolean ends() {
            return replicas > 0;
        }

        boolean saves() {
            return replicas > 0 && everySave;
        }
    }

    /**
     * Sends {@code write} and then {@code WAIT replicas timeout} in one pipeline, on one connection to the primary
     * that owns {@code key} (a Cluster's {@link redis.clients.jedis.ClusterPipeline} sends a key's commands, and the
     * {@code WAIT} given that key, to the key's node, on one connection per node), so the {@code WAIT} adds no round
     * trip and counts the replicas that have this connection's last write. When the write changed something
     * ({@code changed}) and fewer replicas than asked confirmed in time, fails with a {@link SessionStoreException}:
     * the write may stand on the primary, but it is not claimed.
     */
    private <T> T acknowledged(String command, String key, Function<AbstractPipeline, Response<T>> write,
                               Predicate<T> changed) {
        T result;
        long confirmed;
        String step = command;
        try (AbstractPipeline pipeline = jedis.pipelined()) {
            Response<T> reply = write.apply(pipeline);
            Response<Long> acks = pipeline.waitReplicas(key, acknowledgement.replicas(),
                    acknowledgement.timeoutMillis());
            pipeline.sync();
            result = reply.get(); // a reply may hold an error (NOSCRIPT, MOVED): thrown here
            step = "WAIT";
            confirmed = acks.get();
        } catch (JedisMovedDataException | JedisConnectionException e) {
            refreshTopology(); // a fail-over moved the key's slot: the next call finds its new primary
            throw failure(step, e);
        } catch (JedisException e) {
            throw failure(step, e);
        } catch (IllegalStateException e) {
            // A ClusterPipeline logs a node's connection failure during sync and leaves that node's replies unset;
            // reading one then throws this. The write may or may not have been applied.
            refreshTopology();
            throw new SessionStoreException("Redis " + step + " failed: no reply (the connection to the key's node "
                    + "failed)", e);
        }
        if (changed.test(result) && confirmed < acknowledgement.replicas()) {
            throw new SessionStoreException("Redis " + command + " was not acknowledged by " + acknowledgement.replicas()
                    + " replica(s) within " + acknowledgement.timeoutMillis() + " ms (WAIT replied " + confirmed
                    + "): it may stand on the primary, but a fail-over could undo it; not confirmed");
        }
        return result;
    }

    /** On a Cluster, asks it for its slots again: the pipeline of {@link #acknowledged} does not follow MOVED. */
    @SuppressWarnings("deprecation")
    private void refreshTopology() {
        try {
            if (jedis instanceof RedisClusterClient client) {
                client.refreshClusterTopology();
            } else if (jedis instanceof JedisCluster client) {
                client.refreshClusterTopology();
            }
        } catch (JedisException e) {
            // The Cluster may be mid-fail-over: the client's next command refreshes again.
        }
    }

    /** A script's call in a pipeline, with its WAIT; again with {@code EVAL} when the server's cache lacks it. */
    private Object acknowledgedScript(String script, String sha, List<byte[]> keys, List<byte[]> args,
                                      Predicate<Object> changed) {
        String key = new String(keys.get(0), StandardCharsets.UTF_8);
        try {
            return acknowledged("EVALSHA", key, pipeline -> pipeline.evalsha(bytes(sha), keys, args), changed);
        } catch (SessionStoreException e) {
            if (!(e.getCause() instanceof JedisNoScriptException)) {
                throw e;
            }
            return acknowledged("EVAL", key, pipeline -> pipeline.eval(bytes(script), keys, args), changed);
        }
    }

    /** The prefix of the index keys of a store whose session keys start with {@code sessionPrefix}. */
    static String prefix(String sessionPrefix) {
        return "principals:" + sessionPrefix;
    }

    private String key(String principal) {
        return indexPrefix + "{" + principal + "}";
    }

    /** Writes a session with a positive time-to-live: {@code SET key json [NX|XX] EX seconds}. */
    boolean save(String sessionKey, SessionRecord record, SetMode mode, long seconds) {
        SetParams params = SetParams.setParams().ex(seconds);
        if (mode == SetMode.IF_ABSENT) {
            params.nx();
        } else if (mode == SetMode.IF_PRESENT) {
            params.xx();
        }
        // A SET whose NX/XX condition fails replies nil.
        if (acknowledgement.saves()) {
            return acknowledged("SET", sessionKey, pipeline -> pipeline.set(sessionKey, record.json(), params),
                    Objects::nonNull) != null;
        }
        return call("SET", () -> jedis.set(sessionKey, record.json(), params)) != null;
    }

    /**
     * Writes a loaded session over the record it was loaded from, if that is still the stored one: one script call
     * that compares the SHA-1 of the stored bytes, so that a write by any writer since the load is seen.
     */
    Replaced replace(String sessionKey, String expected, SessionRecord record, long seconds) {
        List<byte[]> keys = List.of(bytes(sessionKey));
        List<byte[]> args = List.of(bytes(bytes.sha1(sessionKey, expected)), bytes(record.json()),
                bytes(Long.toString(seconds)));
        // The binary form, so that a record changed meanwhile comes back as the bytes Redis holds. A delete (a
        // regenerate's or changeId's compare-and-set delete: seconds <= 0) waits for the replicas when asked to.
        boolean acknowledge = seconds <= 0 ? acknowledgement.ends() : acknowledgement.saves();
        Object reply = acknowledge
                ? acknowledgedScript(REPLACE, REPLACE_SHA, keys, args, written -> written instanceof Long)
                : call("EVALSHA", () -> {
                    try {
                        return jedis.evalsha(bytes(REPLACE_SHA), keys, args);
                    } catch (JedisNoScriptException e) {
                        return jedis.eval(bytes(REPLACE), keys, args);
                    }
                });
        if (reply == null) {
            return Replaced.gone();
        }
        if (reply instanceof byte[] current) {
            return Replaced.changed(bytes.text(sessionKey, current));
        }
        return Replaced.written();
    }

    /** Reads a session: {@code GET}, as bytes, so that the compare-and-set of its save compares them. */
    Optional<String> get(String key) {
        if (tombstoneSeconds > 0) {
            return loadUnlessEnded(key, "");
        }
        return Optional.ofNullable(bytes.text(key, call("GET", () -> jedis.get(bytes(key)))));
    }

    /** The tombstone of a session key: in the key's own Cluster slot (the hash tag is the whole session key). */
    static String tombstone(String sessionKey) {
        return "{" + sessionKey + "}:ended";
    }

    private Optional<String> loadUnlessEnded(String key, String seconds) {
        List<byte[]> keys = List.of(bytes(key), bytes(tombstone(key)));
        List<byte[]> args = List.of(bytes(seconds));
        return Optional.ofNullable(bytes.text(key, (byte[]) binaryScript(LOAD_UNLESS_ENDED, LOAD_UNLESS_ENDED_SHA, keys, args)));
    }

    /** Deletes a session: {@code DEL}, or, with tombstones, one script that also leaves the session's tombstone. */
    void destroy(String key) {
        if (tombstoneSeconds > 0) {
            List<byte[]> keys = List.of(bytes(key), bytes(tombstone(key)));
            List<byte[]> args = List.of(bytes(Long.toString(tombstoneSeconds)));
            if (acknowledgement.ends()) {
                acknowledgedScript(END_WITH_TOMBSTONE, END_WITH_TOMBSTONE_SHA, keys, args, always -> true);
            } else {
                binaryScript(END_WITH_TOMBSTONE, END_WITH_TOMBSTONE_SHA, keys, args);
            }
        } else if (acknowledgement.ends()) {
            // Strict even when there was nothing to delete: the key may be gone by another request's DEL that the
            // replicas do not have yet (that request's own WAIT covers it, but this one must not claim it first).
            acknowledged("DEL", key, pipeline -> pipeline.del(key), always -> true);
        } else {
            call("DEL", () -> jedis.del(key));
        }
    }

    /** Runs a script in its binary form by its digest, loading it when the server's script cache lacks it. */
    private Object binaryScript(String script, String sha, List<byte[]> keys, List<byte[]> args) {
        return call("EVALSHA", () -> {
            try {
                return jedis.evalsha(bytes(sha), keys, args);
            } catch (JedisNoScriptException e) {
                return jedis.eval(bytes(script), keys, args);
            }
        });
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Adds a session to a principal's index unless the principal is at {@code limit}: one script call on a single
     * Redis; on a Cluster a {@code ZRANGE}, a pipeline of {@code EXISTS} and the script.
     */
    boolean index(String principal, String id, Instant until, int limit) {
        Instant now = clock.instant();
        long keep = until == null ? 0 : Math.max(1, SessionRecord.ttlSeconds(Duration.between(now, until)));
        List<String> args = new ArrayList<>(List.of(id, Long.toString(now.toEpochMilli()), Long.toString(keep),
                Long.toString(PrincipalIndex.WRITE_GRACE.toMillis()), Integer.toString(limit), sessionPrefix));
        liveness(key(principal), args);
        return 1L == (Long) script(INDEX, INDEX_SHA, List.of(key(principal)), args);
    }

    /**
     * Ends a principal's oldest live sessions beyond {@code keep}: one script call on a single Redis; on a Cluster a
     * {@code ZRANGE}, a pipeline of {@code EXISTS}, the script, then the {@code DEL}s and a {@code ZREM}.
     */
    List<String> endOldest(String principal, int keep) {
        String index = key(principal);
        List<String> args = new ArrayList<>(List.of(Integer.toString(keep), sessionPrefix));
        liveness(index, args);
        List<String> ended;
        if (acknowledgement.ends() && !cluster) {
            // The script deletes the sessions it ends; its WAIT matters only when it ended some.
            List<byte[]> keys = List.of(bytes(index));
            List<byte[]> binaryArgs = args.stream().map(SessionWriter::bytes).toList();
            ended = new ArrayList<>(texts(acknowledgedScript(END_OLDEST, END_OLDEST_SHA, keys, binaryArgs,
                    reply -> reply instanceof List<?> list && !list.isEmpty())));
        } else {
            @SuppressWarnings("unchecked")
            List<String> reply = (List<String>) script(END_OLDEST, END_OLDEST_SHA, List.of(index), args);
            ended = new ArrayList<>(reply);
        }
        if (cluster && !ended.isEmpty()) {
            for (String id : ended) {
                String key = sessionPrefix + id; // the session first: its entry may outlive it
                if (acknowledgement.ends()) {
                    acknowledged("DEL", key, pipeline -> pipeline.del(key), always -> true);
                } else {
                    call("DEL", () -> jedis.del(key));
                }
            }
            call("ZREM", () -> jedis.zrem(index, ended.toArray(new String[0])));
        }
        java.util.Collections.reverse(ended);
        return ended;
    }

    /**
     * Completes a script's arguments with how it learns which indexed sessions exist: on a single Redis it asks
     * ({@code check}); on a Cluster the sessions live in other slots than the index, so the client asks them with one
     * pipeline of {@code EXISTS} and passes the live ids ({@code given}).
     */
    private void liveness(String index, List<String> args) {
        if (!cluster) {
            args.add("check");
            return;
        }
        args.add("given");
        List<String> ids = call("ZRANGE", () -> jedis.zrange(index, 0, -1));
        if (ids.isEmpty()) {
            return;
        }
        List<Response<Boolean>> exists = new ArrayList<>();
        call("EXISTS", () -> {
            try (AbstractPipeline pipeline = jedis.pipelined()) {
                for (String id : ids) {
                    exists.add(pipeline.exists(sessionPrefix + id));
                }
                pipeline.sync();
            }
            return null;
        });
        for (int i = 0; i < ids.size(); i++) {
            if (Boolean.TRUE.equals(call("EXISTS", exists.get(i)::get))) {
                args.add(ids.get(i));
            }
        }
    }

    /** Reads a session and sets its time-to-live: GETEX, or GETDEL when the time-to-live is not positive. */
    Optional<String> getAndExpire(String key, long seconds) {
        if (tombstoneSeconds > 0) {
            return loadUnlessEnded(key, Long.toString(seconds));
        }
        if (seconds <= 0) {
            return Optional.ofNullable(bytes.text(key, call("GETDEL", () -> jedis.getDel(bytes(key)))));
        }
        return Optional.ofNullable(bytes.text(key,
                call("GETEX", () -> jedis.getEx(bytes(key), GetExParams.getExParams().ex(seconds)))));
    }

    /** Sets a session's time-to-live: EXPIRE, or DEL when it is not positive. */
    void expire(String key, long seconds) {
        if (seconds <= 0) {
            call("DEL", () -> jedis.del(key));
        } else {
            call("EXPIRE", () -> jedis.expire(key, seconds));
        }
    }

    /** The live sessions in a principal's index: one read of the index, one pipeline of GET and PTTL. */
    List<StoredSession> sessionsOf(String principal) {
        String index = key(principal);
        List<Tuple> entries = call("ZRANGE", () -> jedis.zrangeWithScores(index, 0, -1));
        List<String> ids = entries.stream().map(Tuple::getElement).toList();
        List<Double> scores = entries.stream().map(Tuple::getScore).toList();
        List<StoredSession> live = new ArrayList<>();
        if (ids.isEmpty()) {
            return live;
        }
        List<Response<String>> records = new ArrayList<>();
        List<Response<Long>> ttls = new ArrayList<>();
        Instant now = clock.instant();
        call("GET", () -> {
            try (AbstractPipeline pipeline = jedis.pipelined()) {
                for (String id : ids) {
                    records.add(pipeline.get(sessionPrefix + id));
                    ttls.add(pipeline.pttl(sessionPrefix + id));
                }
                pipeline.sync();
            }
            return null;
        });
        List<String> gone = new ArrayList<>();
        long settled = now.minus(PrincipalIndex.WRITE_GRACE).toEpochMilli();
        for (int i = 0; i < ids.size(); i++) {
            String json = call("GET", records.get(i)::get); // a reply may hold an error: mapped as any other
            long ttl = call("PTTL", ttls.get(i)::get);
            if (json == null) {
                if (scores.get(i) <= settled) {
                    gone.add(ids.get(i));
                }
            } else {
                live.add(new StoredSession(ids.get(i), json, ttl >= 0 ? now.plusMillis(ttl) : null));
            }
        }
        if (!gone.isEmpty()) {
            call("ZREM", () -> jedis.zrem(index, gone.toArray(new String[0])));
        }
        return live;
    }

    /** Deletes a session and its entry. */
    void end(String principal, String id) {
        destroy(sessionPrefix + id);
        call("ZREM", () -> jedis.zrem(key(principal), id));
    }

    /** The ids in a script's binary multi-bulk reply. */
    private static List<String> texts(Object reply) {
        List<String> texts = new ArrayList<>();
        for (Object item : (List<?>) reply) {
            texts.add(new String((byte[]) item, StandardCharsets.UTF_8));
        }
        return texts;
    }

    /** Runs a script by its digest, loading it when the server's script cache does not have it. */
    private Object script(String script, String sha, List<String> keys, List<String> args) {
        return call("EVALSHA", () -> {
            try {
                return jedis.evalsha(sha, keys, args);
            } catch (JedisNoScriptException e) {
                return jedis.eval(script, keys, args);
            }
        });
    }

    private static String sha1(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available in this JVM", e);
        }
    }
}
