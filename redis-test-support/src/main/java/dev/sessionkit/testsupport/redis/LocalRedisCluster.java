package dev.sessionkit.testsupport.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A Redis Cluster of {@link LocalRedis} nodes on loopback ports, started by
 * {@link RedisServers#startCluster(int, int)} and formed with {@code redis-cli --cluster create}. Closing it kills
 * every node. Thread-safe.
 */
public final class LocalRedisCluster implements AutoCloseable {

    private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STATE_TIMEOUT = Duration.ofSeconds(30);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final List<LocalRedis> nodes;
    private final int masters;

    private LocalRedisCluster(List<LocalRedis> nodes, int masters) {
        this.nodes = List.copyOf(nodes);
        this.masters = masters;
    }

    static LocalRedisCluster start(Path server, Path cli, int masters, int replicasPerMaster) {
        int total = masters * (1 + replicasPerMaster);
        List<LocalRedis> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < total; i++) {
                nodes.add(startNode(server));
            }
            create(cli, nodes, replicasPerMaster);
            awaitClusterOk(nodes);
            awaitSlotsListEveryNode(nodes);
            return new LocalRedisCluster(nodes, masters);
        } catch (RuntimeException | Error e) {
            for (LocalRedis node : nodes) {
                node.close();
            }
            throw e;
        }
    }

    private static LocalRedis startNode(Path server) {
        for (int attempt = 1; ; attempt++) {
            try {
                return LocalRedis.startServer(server, RedisServers.freePort(true), List.of(
                        "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", "5000",
                        // Tests expect the roles that creation gave: a busy machine must not cause a failover.
                        "--cluster-replica-no-failover", "yes",
                        // A replica is listed in CLUSTER SLOTS once its replication offset is not 0: sync at once
                        // (not after the default 5 s wait for more replicas), and let the master's PING (sent
                        // every 10 s by default) move the offset soon after.
                        "--repl-diskless-sync-delay", "0", "--repl-ping-replica-period", "1"));
            } catch (LocalRedis.PortTakenException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private static void create(Path cli, List<LocalRedis> nodes, int replicasPerMaster) {
        Path output = nodes.get(0).directory().resolve("cluster-create.log");
        List<String> command = new ArrayList<>(List.of(cli.toString(), "--cluster", "create"));
        for (LocalRedis node : nodes) {
            command.add(node.address());
        }
        command.addAll(List.of("--cluster-replicas", Integer.toString(replicasPerMaster), "--cluster-yes"));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            process.getOutputStream().close();
            if (!process.waitFor(CREATE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("redis-cli --cluster create did not finish within "
                        + CREATE_TIMEOUT.toSeconds() + " s:\n" + read(output));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("redis-cli --cluster create failed (exit " + process.exitValue()
                        + "):\n" + read(output));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the cluster", e);
        }
    }

    private static void awaitClusterOk(List<LocalRedis> nodes) {
        long deadline = System.nanoTime() + STATE_TIMEOUT.toNanos();
        String expectedNodes = "cluster_known_nodes:" + nodes.size();
        for (LocalRedis node : nodes) {
            String info = "";
            while (!(info.contains("cluster_state:ok") && info.contains(expectedNodes)
                    && info.contains("cluster_slots_ok:16384"))) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("cluster node " + node.address() + " not ready within "
                            + STATE_TIMEOUT.toSeconds() + " s:\n" + info);
                }
                LockSupport.parkNanos(POLL_NANOS);
                try {
                    info = node.command("CLUSTER", "INFO");
                } catch (IOException e) {
                    info = e.toString();
                }
            }
        }
    }

    /**
     * Waits until every node's {@code CLUSTER SLOTS}, which clients read the topology from (from whichever node they
     * ask first), lists every node: Redis leaves a replica out until the replica has synchronised with its master
     * and the other nodes have heard of its replication offset, so a client created earlier would not know it.
     */
    private static void awaitSlotsListEveryNode(List<LocalRedis> nodes) {
        long deadline = System.nanoTime() + STATE_TIMEOUT.toNanos();
        for (LocalRedis asked : nodes) {
            String slots = "";
            while (!listsEveryNode(slots, nodes)) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("CLUSTER SLOTS of " + asked.address() + " does not list every "
                            + "node of " + nodes + " within " + STATE_TIMEOUT.toSeconds() + " s:\n" + slots);
                }
                try {
                    slots = asked.command("CLUSTER", "SLOTS");
                } catch (IOException e) {
                    slots = e.toString();
                }
                if (!listsEveryNode(slots, nodes)) {
                    LockSupport.parkNanos(POLL_NANOS);
                }
            }
        }
    }

    /** Whether a flattened CLUSTER SLOTS reply names every node's port (slot numbers stay below 16384). */
    private static boolean listsEveryNode(String slots, List<LocalRedis> nodes) {
        List<String> lines = List.of(slots.split("\n"));
        return nodes.stream().allMatch(node -> lines.contains(Integer.toString(node.port())));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /**
     * Returns the nodes, in the order they were started; {@code redis-cli --cluster create} decides which are
     * masters and which replicas ({@code ROLE} tells).
     *
     * @return the nodes
     */
    public List<LocalRedis> nodes() {
        return nodes;
    }

    /**
     * Returns the {@code host:port} of every node, in the order of {@link #nodes()}.
     *
     * @return the addresses
     */
    public List<String> addresses() {
        return nodes.stream().map(LocalRedis::address).toList();
    }

    /**
     * Returns how many masters the cluster was created with.
     *
     * @return the number of masters
     */
    public int masters() {
        return masters;
    }

    /** Kills every node and deletes its directory. Idempotent. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (LocalRedis node : nodes) {
            try {
                node.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "LocalRedisCluster" + addresses();
    }
}
