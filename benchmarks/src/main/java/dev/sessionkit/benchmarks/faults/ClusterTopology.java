package dev.sessionkit.benchmarks.faults;

import static dev.sessionkit.benchmarks.faults.Topologies.await;
import static dev.sessionkit.benchmarks.faults.Topologies.directory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * The fault run's Cluster: three primaries with a replica each ({@code appendfsync always},
 * {@code cluster-node-timeout} 2000 ms), formed with {@code redis-cli --cluster create}. {@link #failOver(long)}
 * picks the primary that holds the most keys, cuts its replication link for a moment (its replica frozen, the
 * connection dropped by the primary, as {@link SentinelTopology} does), SIGKILLs it, lets its replica go on, waits
 * until the Cluster has promoted the replica, and starts the old primary again, which rejoins as a replica of the
 * new one (its {@code nodes.conf} tells it it was failed over).
 */
final class ClusterTopology implements FailoverTopology {

    private static final Pattern REPLICA_PORT = Pattern.compile("slave0:ip=[^,]+,port=(\\d+),state=online");

    private final List<RedisProcess> nodes = new ArrayList<>();
    private RedisProcess failed;
    private RedisProcess promoted;

    @Override
    public void start() throws Exception {
        for (int i = 0; i < 6; i++) {
            RedisProcess node = RedisProcess.server(freePortPair(), directory(), List.of("--cluster-enabled", "yes",
                    "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000",
                    "--repl-diskless-sync-delay", "0", "--repl-ping-replica-period", "1"));
            nodes.add(node);
            node.start();
        }
        List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        nodes.forEach(node -> command.add("127.0.0.1:" + node.port()));
        command.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        Path log = Files.createTempFile("sessionkit-failover-create-", ".log");
        Process create = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!create.waitFor(60, TimeUnit.SECONDS) || create.exitValue() != 0) {
            create.destroyForcibly();
            throw new IllegalStateException("redis-cli --cluster create failed:\n" + Files.readString(log));
        }
        Files.deleteIfExists(log);
        await("the Cluster to be ok with a replica online per primary", () -> nodes.stream().allMatch(node -> {
            try (Jedis jedis = node.client()) {
                String info = jedis.clusterInfo();
                String replication = jedis.info("replication");
                return info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:6")
                        && (!replication.contains("role:master") || REPLICA_PORT.matcher(replication).find());
            } catch (RuntimeException e) {
                return false;
            }
        }));
    }

    @Override
    public String name() {
        return "cluster";
    }

    @Override
    public String url() {
        return "redis-cluster://" + nodes.stream().map(node -> "127.0.0.1:" + node.port())
                .collect(Collectors.joining(","));
    }

    @Override
    public long[] failOver(long lagMs) throws Exception {
        RedisProcess primary = null;
        long most = -1;
        for (RedisProcess node : nodes) {
            try (Jedis jedis = node.client()) {
                if (jedis.info("replication").contains("role:master") && jedis.dbSize() > most) {
                    most = jedis.dbSize();
                    primary = node;
                }
            }
        }
        RedisProcess replica = replicaOf(primary);
        if (lagMs > 0) {
            replica.pause();
            try (Jedis jedis = primary.client()) {
                jedis.sendCommand(Protocol.Command.CLIENT, "KILL", "TYPE", "replica");
            }
            Thread.sleep(lagMs);
        }
        long killed = System.currentTimeMillis();
        primary.kill();
        if (lagMs > 0) {
            replica.resume();
        }
        await("the Cluster to promote the replica", () -> {
            try (Jedis jedis = replica.client()) {
                return jedis.info("replication").contains("role:master")
                        && jedis.clusterInfo().contains("cluster_state:ok");
            } catch (RuntimeException e) {
                return false;
            }
        });
        long promotedAt = System.currentTimeMillis();
        failed = primary;
        promoted = replica;
        primary.start(); // its nodes.conf makes it a replica of the new primary
        return new long[] {killed, promotedAt};
    }

    private RedisProcess replicaOf(RedisProcess primary) {
        try (Jedis jedis = primary.client()) {
            Matcher matcher = REPLICA_PORT.matcher(jedis.info("replication"));
            if (!matcher.find()) {
                throw new IllegalStateException("primary on port " + primary.port() + " has no online replica");
            }
            int port = Integer.parseInt(matcher.group(1));
            return nodes.stream().filter(node -> node.port() == port).findFirst().orElseThrow();
        }
    }

    @Override
    public boolean awaitRejoined() throws InterruptedException {
        try {
            await("the old primary to rejoin as a replica", () -> {
                try (Jedis jedis = promoted.client()) {
                    Matcher matcher = REPLICA_PORT.matcher(jedis.info("replication"));
                    return matcher.find() && Integer.parseInt(matcher.group(1)) == failed.port();
                } catch (RuntimeException e) {
                    return false;
                }
            });
            return true;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public UnifiedJedis reader() {
        Set<HostAndPort> addresses = new HashSet<>();
        nodes.forEach(node -> addresses.add(new HostAndPort("127.0.0.1", node.port())));
        return RedisClusterClient.builder().nodes(addresses).build();
    }

    @Override
    public String describe() {
        return Topologies.describe(nodes);
    }




    /** A port whose Cluster bus port (port + 10000) is free too. */
    private static int freePortPair() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 55_000);
            if (isFree(loopback, port) && isFree(loopback, port + 10_000)) {
                return port;
            }
        }
        throw new IllegalStateException("no free pair of loopback ports");
    }

    private static boolean isFree(InetAddress address, int port) {
        try {
            new ServerSocket(port, 1, address).close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws Exception {
        for (RedisProcess node : nodes) {
            node.close();
        }
    }
}
