package dev.sessionkit.store.redis;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The tests' own view of the keys a store wrote, independent of the store's code: every key under a prefix, on every
 * node of a Cluster, and a way to make Redis itself age them.
 */
final class TestKeys {

    private TestKeys() {
    }

    /**
     * Returns a prefix no other test uses. It ends with every Redis glob character, so that a store that forgot to
     * escape them in {@code SCAN MATCH} finds nothing; the part before them is plain, for this class's own scans.
     */
    static String uniquePrefix() {
        return plainPart(UUID.randomUUID()) + "[*?]\\:";
    }

    private static String plainPart(UUID uuid) {
        return "sk-test-" + uuid + "-";
    }

    /** Every key starting with {@code prefix}, found with SCAN on each node (all of them, for a Cluster). */
    static Set<String> under(UnifiedJedis client, String prefix) {
        Set<String> keys = new HashSet<>();
        if (client instanceof RedisClusterClient cluster) {
            for (ConnectionPool pool : cluster.getClusterNodes().values()) {
                try (Jedis node = new Jedis(pool.getResource())) {
                    collect(node::scan, prefix, keys);
                }
            }
        } else {
            collect(client::scan, prefix, keys);
        }
        return keys;
    }

    private static void collect(BiFunction<String, ScanParams, ScanResult<String>> scan, String prefix,
            Set<String> keys) {
        String match = prefix.substring(0, firstGlob(prefix)) + "*";
        String cursor = "0";
        do {
            ScanResult<String> result = scan.apply(cursor, new ScanParams().match(match).count(1000));
            for (String key : result.getResult()) {
                if (key.startsWith(prefix)) {
                    keys.add(key);
                }
            }
            cursor = result.getCursor();
        } while (!cursor.equals("0"));
    }

    /**
     * Makes Redis age every key under {@code prefix} by {@code duration}: each key's remaining time-to-live is read
     * ({@code PTTL}) and set again shortened ({@code PEXPIRE}), or the key deleted when that leaves nothing. Redis
     * has no clock to move, and sleeping is not allowed, so this moves the keys instead: after it, Redis expires
     * exactly what would have expired had {@code duration} passed.
     */
    static void age(UnifiedJedis client, String prefix, Duration duration) {
        long millis = duration.toMillis();
        for (String key : under(client, prefix)) {
            long left = client.pttl(key);
            if (left < 0) {
                continue; // -2: gone meanwhile; -1: no expiry (a store never writes one)
            }
            if (left - millis <= 0) {
                client.del(key);
            } else {
                client.pexpire(key, left - millis);
            }
        }
    }

    /** Deletes every key under {@code prefix}. */
    static void delete(UnifiedJedis client, String prefix) {
        for (String key : under(client, prefix)) {
            client.del(key);
        }
    }

    private static int firstGlob(String prefix) {
        for (int i = 0; i < prefix.length(); i++) {
            if ("*?[]\\".indexOf(prefix.charAt(i)) >= 0) {
                return i;
            }
        }
        return prefix.length();
    }
}
