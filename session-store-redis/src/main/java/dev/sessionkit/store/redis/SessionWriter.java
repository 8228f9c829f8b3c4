package dev.sessionkit.store.redis;

import static dev.sessionkit.store.redis.RedisCall.call;

import dev.sessionkit.SessionRecord;
import dev.sessionkit.SessionStore.Replaced;
import dev.sessionkit.SessionStore.SetMode;
import dev.sessionkit.SessionStore.StoredSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.params.GetExParams;
import redis.clients.jedis.params.SetParams;

/**
 * The commands a {@link RedisSessionStore} sends for its records: a read that sets the time-to-live is one
 * {@code GETEX} ({@code GETDEL} when it ends the session), a touch one {@code EXPIRE}, a write of a new session with a
 * positive time-to-live one {@code SET key json NX EX ttl}, the save of a loaded session one script call that
 * compares the stored record with the one loaded ({@link #replace}), and the save that sets a session's principal
 * also adds it to the principal's index. The index from a principal to its
 * sessions: a sorted set per principal, key
 * {@code principals:<prefix>{<principal>}} (outside the sessions' prefix, so that SCAN for sessions never sees it;
 * the hash tag keeps all of a principal's index in one Cluster slot), members the session ids, scores the time they
 * were indexed. A session is added by the save that sets its principal, in the same round trip on a single Redis (one
 * script, {@code EVALSHA}, {@code EVAL} when the script cache is empty); on a Cluster the session's key
 * ({@code sess:<id>}, connect-redis's layout, without a hash tag) and the index live in different slots, so the index
 * is a second command, sent only by that save. Ordinary saves and reads never touch it. Entries of sessions that are
 * gone are dropped when the index is read; the index expires with the last absolute deadline of the sessions it lists
 * (never, when one has none), and keeps its 1,000 newest entries.
 */
final class SessionWriter {

    /** The index part, shared by both scripts: KEYS[n] the index, ARGV[i], ARGV[i+1], ARGV[i+2] id, score, keep. */
    private static final String INDEX = """
            local existed = redis.call('EXISTS', KEYS[%1$d])
            redis.call('ZADD', KEYS[%1$d], ARGV[%2$d + 1], ARGV[%2$d])
            redis.call('ZREMRANGEBYRANK', KEYS[%1$d], 0, -1001)
            local keep = tonumber(ARGV[%2$d + 2])
            local current = redis.call('TTL', KEYS[%1$d])
            if keep == 0 then
              redis.call('PERSIST', KEYS[%1$d])
            elseif existed == 0 or (current >= 0 and current < keep) then
              redis.call('EXPIRE', KEYS[%1$d], keep)
            end
            """;
    /** KEYS: the session, the index. ARGV: json, seconds, mode (NX, XX or ALWAYS), id, score, keep. */
    private static final String SAVE_AND_INDEX = """
            local ok
            if ARGV[3] == 'ALWAYS' then
              ok = redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
            else
              ok = redis.call('SET', KEYS[1], ARGV[1], ARGV[3], 'EX', ARGV[2])
            end
            if not ok then return 0 end
            """ + INDEX.formatted(2, 4) + "return 1\n";
    /** KEYS: the index. ARGV: id, score, keep. */
    private static final String INDEX_ONLY = INDEX.formatted(1, 1) + "return 1\n";
    /**
     * The compare-and-set of a loaded session's save. KEYS: the session[, the index]. ARGV: the SHA-1 (hex) of the
     * record the session was loaded from, json, seconds[, id, score, keep]. Replies 1 when written, nil when there
     * is no record, the stored record when it is not the expected one.
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
            if #KEYS == 2 then
            """ + INDEX.formatted(2, 4) + "end\nreturn 1\n";
    private static final String REPLACE_SHA = sha1(REPLACE);
    private static final String SAVE_AND_INDEX_SHA = sha1(SAVE_AND_INDEX);
    private static final String INDEX_ONLY_SHA = sha1(INDEX_ONLY);

    private final UnifiedJedis jedis;
    private final String sessionPrefix;
    private final String indexPrefix;
    private final Clock clock;
    private final boolean cluster;

    SessionWriter(UnifiedJedis jedis, String sessionPrefix, Clock clock, boolean cluster) {
        this.jedis = jedis;
        this.sessionPrefix = sessionPrefix;
        this.indexPrefix = prefix(sessionPrefix);
        this.clock = clock;
        this.cluster = cluster;
    }

    /** The prefix of the index keys of a store whose session keys start with {@code sessionPrefix}. */
    static String prefix(String sessionPrefix) {
        return "principals:" + sessionPrefix;
    }

    private String key(String principal) {
        return indexPrefix + "{" + principal + "}";
    }

    /**
     * Writes a session with a positive time-to-live and, when the record asks for it and the write happened, adds it
     * to the index of its principal.
     *
     * @return whether the session was written
     */
    boolean save(String sessionKey, String id, SessionRecord record, SetMode mode, long seconds) {
        String principal = record.indexedPrincipal().orElse(null);
        if (principal == null || cluster) {
            SetParams params = SetParams.setParams().ex(seconds);
            if (mode == SetMode.IF_ABSENT) {
                params.nx();
            } else if (mode == SetMode.IF_PRESENT) {
                params.xx();
            }
            // A SET whose NX/XX condition fails replies nil.
            boolean written = call("SET", () -> jedis.set(sessionKey, record.json(), params)) != null;
            if (written && principal != null) {
                script(INDEX_ONLY, INDEX_ONLY_SHA, List.of(key(principal)), indexArgs(id, record));
            }
            return written;
        }
        String condition = mode == SetMode.IF_ABSENT ? "NX" : mode == SetMode.IF_PRESENT ? "XX" : "ALWAYS";
        List<String> args = new ArrayList<>(List.of(record.json(), Long.toString(seconds), condition));
        args.addAll(indexArgs(id, record));
        return 1L == (Long) script(SAVE_AND_INDEX, SAVE_AND_INDEX_SHA, List.of(sessionKey, key(principal)), args);
    }

    /**
     * Writes a loaded session over the record it was loaded from, if that is still the stored one: one script call
     * that compares the SHA-1 of the stored bytes, so that a write by any writer since the load is seen. A session
     * with a principal to index is indexed in the same call on a single Redis, by a second command on a Cluster.
     */
    Replaced replace(String sessionKey, String id, String expected, SessionRecord record, long seconds) {
        String principal = record.indexedPrincipal().orElse(null);
        boolean indexHere = principal != null && !cluster && seconds > 0;
        List<String> keys = indexHere ? List.of(sessionKey, key(principal)) : List.of(sessionKey);
        List<String> args = new ArrayList<>(List.of(sha1(expected), record.json(), Long.toString(seconds)));
        if (indexHere) {
            args.addAll(indexArgs(id, record));
        }
        Object reply = script(REPLACE, REPLACE_SHA, keys, args);
        if (reply == null) {
            return Replaced.gone();
        }
        if (reply instanceof String current) {
            return Replaced.changed(current);
        }
        if (principal != null && !indexHere && seconds > 0) {
            script(INDEX_ONLY, INDEX_ONLY_SHA, List.of(key(principal)), indexArgs(id, record));
        }
        return Replaced.written();
    }

    /** The index entry's arguments: id, score (now), and how long the index must live at least (0: for ever). */
    private List<String> indexArgs(String id, SessionRecord record) {
        Instant now = clock.instant();
        long keep = record.indexedUntil()
                .map(until -> Math.max(1, SessionRecord.ttlSeconds(Duration.between(now, until)))).orElse(0L);
        return List.of(id, Long.toString(now.toEpochMilli()), Long.toString(keep));
    }

    /** Reads a session and sets its time-to-live: GETEX, or GETDEL when the time-to-live is not positive. */
    Optional<String> getAndExpire(String key, long seconds) {
        if (seconds <= 0) {
            return Optional.ofNullable(call("GETDEL", () -> jedis.getDel(key)));
        }
        return Optional.ofNullable(call("GETEX", () -> jedis.getEx(key, GetExParams.getExParams().ex(seconds))));
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
        List<String> ids = call("ZRANGE", () -> jedis.zrange(index, 0, -1));
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
        for (int i = 0; i < ids.size(); i++) {
            String json = records.get(i).get();
            long ttl = ttls.get(i).get();
            if (json == null) {
                gone.add(ids.get(i));
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
        call("DEL", () -> jedis.del(sessionPrefix + id));
        call("ZREM", () -> jedis.zrem(key(principal), id));
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
