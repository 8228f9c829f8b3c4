package dev.sessionkit.store.redis;

import static dev.sessionkit.store.redis.RedisCall.call;
import static dev.sessionkit.store.redis.RedisCall.failure;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The keys under one prefix, found with {@code SCAN cursor MATCH prefix* COUNT 1000} until the cursor is 0, on every
 * master of a Cluster: what {@code clear}, {@code length} and {@code ids} of the store need. {@code KEYS} and
 * {@code FLUSHDB} are never used. Thread-safe.
 */
final class KeyScan {

    private static final int SCAN_COUNT = 1000;
    private static final String SCAN_START = "0";

    private final UnifiedJedis jedis;
    private final String pattern;
    /** Other keys of the store, deleted with its sessions but not counted among them. */
    private final String[] companions;

    KeyScan(UnifiedJedis jedis, String prefix, String... companionPrefixes) {
        this.jedis = jedis;
        this.pattern = glob(prefix) + "*";
        this.companions = Arrays.stream(companionPrefixes).map(p -> glob(p) + "*").toArray(String[]::new);
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

    /** The keys under the prefix; a set, because SCAN may return a key more than once. */
    Set<String> keys() {
        Set<String> keys = new HashSet<>();
        scan(pattern, batch -> keys.addAll(batch.keys()));
        return keys;
    }

    /** Deletes the keys under the prefix and the companion prefixes, {@code UNLINK}ing each batch SCAN finds. */
    void unlinkAll() {
        scan(pattern, this::unlink);
        for (String companion : companions) {
            scan(companion, this::unlink);
        }
    }

    /** A batch of keys that SCAN returned and, in a Cluster, the connection of the master that holds them. */
    private record Batch(List<String> keys, Jedis node) {
    }

    private void scan(String match, Consumer<Batch> consumer) {
        Map<String, ConnectionPool> nodes = clusterNodes(jedis);
        if (nodes == null) {
            scanWith(cursor -> jedis.scan(cursor, scanParams(match)), keys -> consumer.accept(new Batch(keys, null)));
            return;
        }
        for (ConnectionPool pool : nodes.values()) {
            // The cluster client refuses a SCAN it cannot route: it is sent to each node's own connection instead.
            // Jedis may also know replicas (and a demoted master after a failover): their keys are the masters'.
            try (Jedis node = new Jedis(call("SCAN", pool::getResource))) {
                if (call("ROLE", () -> isReplica(node))) {
                    continue;
                }
                scanWith(cursor -> node.scan(cursor, scanParams(match)),
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

    private static ScanParams scanParams(String match) {
        return new ScanParams().match(match).count(SCAN_COUNT);
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

    /** Whether the client is a Cluster client, whose commands and scripts must each stay within one slot. */
    static boolean isCluster(UnifiedJedis client) {
        return clusterNodes(client) != null;
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
}
