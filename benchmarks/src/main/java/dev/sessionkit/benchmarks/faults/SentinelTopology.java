package dev.sessionkit.benchmarks.faults;

import static dev.sessionkit.benchmarks.faults.Topologies.await;
import static dev.sessionkit.benchmarks.faults.Topologies.directory;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * The fault run's Sentinel topology: a primary and one replica ({@code appendfsync always} on both) and three
 * Sentinels (quorum 2, {@code down-after-milliseconds} 1000), each a {@link RedisProcess} in a directory of its own.
 * {@link #failOver(long)} cuts the replication link for a moment (the replica is frozen and the primary drops its
 * connection, so that what the primary acknowledges meanwhile reaches no replica, as across a broken link: freezing
 * alone would not do, since what the primary already sent waits in the replica's socket buffer and is applied on
 * resume), SIGKILLs the primary, lets the replica go on, waits for the Sentinels to promote it, and starts the old
 * primary again, which the Sentinels turn into a replica of the new one.
 */
final class SentinelTopology implements FailoverTopology {

    static final String MASTER = "faults";

    private final List<RedisProcess> servers = new ArrayList<>();
    private final List<RedisProcess> sentinels = new ArrayList<>();
    private int primary;

    /** Starts the servers and Sentinels, and returns once the Sentinels know the primary, its replica and each other. */
    @Override
    public void start() throws Exception {
        int primaryPort = freePort();
        servers.add(RedisProcess.server(primaryPort, directory(), List.of("--repl-diskless-sync-delay", "0")));
        servers.add(RedisProcess.server(freePort(), directory(), List.of("--repl-diskless-sync-delay", "0",
                "--replicaof", "127.0.0.1", Integer.toString(primaryPort))));
        for (RedisProcess server : servers) {
            server.start();
        }
        await("the replica online", () -> replicasOnline(servers.get(0)) == 1);
        String config = "sentinel monitor " + MASTER + " 127.0.0.1 " + primaryPort + " 2\n"
                + "sentinel down-after-milliseconds " + MASTER + " 1000\n"
                + "sentinel failover-timeout " + MASTER + " 10000\n"
                + "sentinel parallel-syncs " + MASTER + " 1\n";
        for (int i = 0; i < 3; i++) {
            RedisProcess sentinel = RedisProcess.sentinel(freePort(), directory(), config);
            sentinels.add(sentinel);
            sentinel.start();
        }
        await("the Sentinels to know the replica and each other", () -> sentinels.stream().allMatch(sentinel -> {
            Map<String, String> master = sentinelMaster(sentinel);
            return "2".equals(master.get("num-other-sentinels")) && "1".equals(master.get("num-slaves"));
        }));
    }

    @Override
    public String name() {
        return "sentinel";
    }

    /** The URI that {@code RedisStores} makes a {@code RedisSentinelClient} of. */
    @Override
    public String url() {
        return "redis-sentinel://" + sentinels.stream().map(s -> "127.0.0.1:" + s.port())
                .collect(Collectors.joining(",")) + "/" + MASTER;
    }

    /** A client of the current primary, for the checks after the run. */
    @Override
    public UnifiedJedis reader() {
        RedisProcess current = servers.get(primary);
        return RedisClient.builder().hostAndPort("127.0.0.1", current.port()).build();
    }

    /**
     * Freezes the replica and drops its replication connection on the primary ({@code CLIENT KILL TYPE replica}),
     * waits {@code lagMs}, SIGKILLs the primary, resumes the replica and waits until a Sentinel
     * names it the primary; then starts the old primary again. Returns when the kill happened and when the
     * promotion was seen (ms since the epoch).
     */
    @Override
    public long[] failOver(long lagMs) throws Exception {
        RedisProcess old = servers.get(primary);
        RedisProcess replica = servers.get(1 - primary);
        if (lagMs > 0) {
            replica.pause();
            try (Jedis jedis = old.client()) {
                jedis.sendCommand(redis.clients.jedis.Protocol.Command.CLIENT, "KILL", "TYPE", "replica");
            }
            Thread.sleep(lagMs);
        }
        long killed = System.currentTimeMillis();
        old.kill();
        if (lagMs > 0) {
            replica.resume();
        }
        await("a Sentinel to promote the replica", () -> sentinels.stream().anyMatch(sentinel ->
                Integer.toString(replica.port()).equals(masterPort(sentinel))));
        long promoted = System.currentTimeMillis();
        primary = 1 - primary;
        old.start(); // with its own data; the Sentinels make it a replica of the new primary
        return new long[] {killed, promoted};
    }

    /** Waits until the old primary, started again, is an online replica of the new one; returns whether it is. */
    @Override
    public boolean awaitRejoined() throws InterruptedException {
        try {
            await("the old primary to rejoin as a replica", () -> replicasOnline(servers.get(primary)) == 1);
            return true;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            return false;
        }
    }

    /** Each server's port and {@code INFO replication}, for a log when something did not happen. */
    @Override
    public String describe() {
        return Topologies.describe(servers);
    }

    private static long replicasOnline(RedisProcess server) {
        try (Jedis jedis = server.client()) {
            return jedis.info("replication").lines()
                    .filter(line -> line.startsWith("slave") && line.contains("state=online")).count();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static Map<String, String> sentinelMaster(RedisProcess sentinel) {
        try (Jedis jedis = sentinel.client()) {
            return jedis.sentinelMaster(MASTER);
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    private static String masterPort(RedisProcess sentinel) {
        try (Jedis jedis = sentinel.client()) {
            List<String> address = jedis.sentinelGetMasterAddrByName(MASTER);
            return address == null || address.size() < 2 ? null : address.get(1);
        } catch (RuntimeException e) {
            return null;
        }
    }




    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        for (RedisProcess process : sentinels) {
            process.close();
        }
        for (RedisProcess process : servers) {
            process.close();
        }
    }
}
