package dev.sessionkit.benchmarks.memory;

import dev.sessionkit.Session;
import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionContext;
import dev.sessionkit.SessionData;
import dev.sessionkit.SessionManager;
import dev.sessionkit.benchmarks.Fixtures;
import dev.sessionkit.store.SessionStore;
import dev.sessionkit.store.caffeine.CaffeineSessionStore;
import dev.sessionkit.store.redis.RedisSessionStore;
import dev.sessionkit.testkit.InMemoryExchange;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;

/**
 * Memory per stored session: {@code COUNT} typical sessions created through core (a signed-in user: id, name, roles,
 * a CSRF token, a counter, a small cart; listed under its principal with {@code -Dmemory.principals=true}), then the heap after a full GC (the Caffeine store) or
 * Redis's {@code used_memory} and {@code MEMORY USAGE} (the Redis store), against the size of the record's JSON.
 *
 * <pre>{@code java -cp benchmarks.jar dev.sessionkit.benchmarks.memory.SessionMemory caffeine|redis COUNT [REDIS_URL]}</pre>
 *
 * Run by {@code benchmarks/memory/run.sh}; logs one {@code MEMORY_RESULT} line, which the script picks out.
 */
public final class SessionMemory {

    private static final Logger LOG = LoggerFactory.getLogger(SessionMemory.class);

    /** Whether each session is listed under its user (the principal index adds its own entry per session). */
    private static final boolean PRINCIPALS = Boolean.getBoolean("memory.principals");

    private SessionMemory() {
    }

    /**
     * Runs one measurement.
     *
     * @param args {@code caffeine} or {@code redis}, the number of sessions, and for Redis its URL
     * @throws Exception when the measurement cannot run
     */
    public static void main(String[] args) throws Exception {
        String store = args[0];
        int count = Integer.parseInt(args[1]);
        if (store.equals("caffeine")) {
            caffeine(count);
        } else {
            redis(count, args[2]);
        }
    }

    private static void caffeine(int count) {
        CaffeineSessionStore store = CaffeineSessionStore.builder().maximumSize(count * 2L).build();
        SessionManager<SessionData> sessions = manager(store);
        long before = heapAfterGc();
        List<String> ids = create(sessions, count);
        long after = heapAfterGc();
        long json = jsonChars(store, ids);
        double perSession = (after - before) / (double) count;
        LOG.info(String.format(Locale.ROOT, "MEMORY_RESULT store=caffeine principals=" + PRINCIPALS + " sessions=%d heap_bytes=%d bytes_per_session=%.0f "
                + "json_chars_per_session=%.0f beyond_json_per_session=%.0f live=%d", count, after - before,
                perSession, json / (double) count, perSession - json / (double) count, store.facets().enumeration().orElseThrow().length()));
    }

    private static void redis(int count, String url) {
        try (RedisSessionStore store = RedisSessionStore.builder(url).prefix("memory:").build();
             RedisClient jedis = RedisClient.create(java.net.URI.create(url))) {
            store.facets().enumeration().orElseThrow().clear();
            long before = usedMemory(jedis);
            List<String> ids = create(manager(store), count);
            long after = usedMemory(jedis);
            long sampled = 0;
            int samples = Math.min(1000, ids.size());
            for (int i = 0; i < samples; i++) {
                sampled += jedis.memoryUsage("memory:" + ids.get(i * (ids.size() / samples)));
            }
            long json = jsonChars(store, ids);
            LOG.info(String.format(Locale.ROOT, "MEMORY_RESULT store=redis principals=" + PRINCIPALS + " sessions=%d used_memory_bytes=%d "
                    + "used_memory_per_session=%.0f memory_usage_per_key=%.0f json_chars_per_session=%.0f",
                    count, after - before, (after - before) / (double) count, sampled / (double) samples,
                    json / (double) count));
            store.facets().enumeration().orElseThrow().clear();
        }
    }

    private static SessionManager<SessionData> manager(SessionStore store) {
        return SessionManager.create(SessionConfig.builder().store(store).secret(Fixtures.SECRET).build());
    }

    /** Creates sessions as a sign-in would, and returns their ids. */
    private static List<String> create(SessionManager<SessionData> sessions, int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            SessionContext<SessionData> context = sessions.open(new InMemoryExchange());
            try {
                Session<SessionData> session = context.session();
                SessionData data = session.data();
                data.put("userId", "u-" + (100_000 + i));
                data.put("name", "User Number " + i);
                data.put("roles", List.of("user"));
                data.put("csrf", UUID.randomUUID().toString().replace("-", "") + "0123456789a");
                data.put("views", i % 50);
                data.put("cart", java.util.Map.of("items", i % 4));
                if (PRINCIPALS) {
                    session.principal("u-" + (100_000 + i));
                }
                session.save();
                context.commit();
                ids.add(session.id());
            } finally {
                context.end(false);
            }
        }
        return ids;
    }

    private static long jsonChars(SessionStore store, List<String> ids) {
        long chars = 0;
        for (String id : ids) {
            chars += store.get(id).orElseThrow().length();
        }
        return chars;
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long usedMemory(RedisClient jedis) {
        for (String line : jedis.info("memory").split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()).trim());
            }
        }
        throw new IllegalStateException("no used_memory in INFO memory");
    }
}
