package dev.sessionkit.testsupport.redis;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A Redis master, its replicas (none unless asked for) and one Sentinel that monitors it, all {@link LocalRedis}
 * processes on loopback ports, started by {@link RedisServers#startSentinel()} or
 * {@link RedisServers#startSentinel(int)}. Clients find the master by asking the Sentinel for
 * {@link #MASTER_NAME}. Closing it kills both. Thread-safe.
 */
public final class LocalRedisSentinel implements AutoCloseable {

    /** The name under which the Sentinel monitors the master: {@value}. */
    public static final String MASTER_NAME = "sessionkit";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final LocalRedis master;
    private final List<LocalRedis> replicas;
    private final LocalRedis sentinel;

    private LocalRedisSentinel(LocalRedis master, List<LocalRedis> replicas, LocalRedis sentinel) {
        this.master = master;
        this.replicas = List.copyOf(replicas);
        this.sentinel = sentinel;
    }

    static LocalRedisSentinel start(Path server, int replicaCount) {
        // A replica's first sync starts at once, not after the default 5 s wait for more replicas.
        LocalRedis master = replicaCount == 0 ? RedisServers.start()
                : RedisServers.start("--repl-diskless-sync-delay", "0");
        List<LocalRedis> replicas = new ArrayList<>();
        LocalRedis sentinel = null;
        try {
            for (int i = 0; i < replicaCount; i++) {
                replicas.add(RedisServers.start("--replicaof", master.host(), Integer.toString(master.port())));
            }
            awaitReplicasOnline(master, replicaCount);
            awaitReplicasAcknowledge(master, replicaCount);
            String config = "sentinel monitor " + MASTER_NAME + " " + master.host() + " " + master.port() + " 1\n"
                    + "sentinel down-after-milliseconds " + MASTER_NAME + " 5000\n";
            for (int attempt = 1; sentinel == null; attempt++) {
                try {
                    sentinel = LocalRedis.startSentinel(server, RedisServers.freePort(false), config);
                } catch (LocalRedis.PortTakenException e) {
                    if (attempt == 5) {
                        throw e;
                    }
                }
            }
            awaitMaster(sentinel, master);
            return new LocalRedisSentinel(master, replicas, sentinel);
        } catch (RuntimeException | Error e) {
            if (sentinel != null) {
                sentinel.close();
            }
            for (LocalRedis replica : replicas) {
                replica.close();
            }
            master.close();
            throw e;
        }
    }

    /** Waits until the master's {@code INFO replication} lists {@code count} replicas online (synchronised). */
    private static void awaitReplicasOnline(LocalRedis master, int count) {
        if (count == 0) {
            return;
        }
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String info = "";
        while (countOnline(info) < count) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("master " + master.address() + " did not have " + count
                        + " replica(s) online within " + READY_TIMEOUT.toSeconds() + " s:\n" + info);
            }
            LockSupport.parkNanos(POLL_NANOS);
            try {
                info = master.command("INFO", "replication");
            } catch (IOException e) {
                info = e.toString();
            }
        }
    }

    /**
     * Waits until a write on the master is acknowledged by {@code count} replicas ({@code WAIT}): a replica listed
     * online after its first sync receives the stream of writes only once it has acknowledged the sync, up to a
     * second later, and a test's own {@code WAIT} would time out meanwhile. The write is a {@code SET} and a
     * {@code DEL} of a key of this class's own, so that nothing is left.
     */
    private static void awaitReplicasAcknowledge(LocalRedis master, int count) {
        if (count == 0) {
            return;
        }
        String key = "sessionkit-test-support:replication-check";
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String reply = "";
        while (!Integer.toString(count).equals(reply)) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("master " + master.address() + " had no write acknowledged by "
                        + count + " replica(s) within " + READY_TIMEOUT.toSeconds() + " s; last WAIT reply: " + reply);
            }
            try {
                reply = Resp.pipeline(master.host(), master.port(), Duration.ofSeconds(5),
                        new String[] {"SET", key, "1"}, new String[] {"DEL", key},
                        new String[] {"WAIT", Integer.toString(count), "100"}).get(2);
            } catch (IOException e) {
                reply = e.toString();
            }
        }
    }

    private static long countOnline(String info) {
        return info.lines().filter(line -> line.startsWith("slave") && line.contains("state=online")).count();
    }

    private static void awaitMaster(LocalRedis sentinel, LocalRedis master) {
        String expected = master.host() + "\n" + master.port();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String reply = "";
        while (!expected.equals(reply)) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("Sentinel on " + sentinel.address() + " did not report master "
                        + master.address() + " within " + READY_TIMEOUT.toSeconds() + " s; last reply: " + reply);
            }
            try {
                reply = sentinel.command("SENTINEL", "get-master-addr-by-name", MASTER_NAME);
            } catch (IOException e) {
                reply = e.toString();
            }
            if (!expected.equals(reply)) {
                LockSupport.parkNanos(POLL_NANOS);
            }
        }
    }

    /**
     * Returns the monitored master.
     *
     * @return the master process
     */
    public LocalRedis master() {
        return master;
    }

    /**
     * Returns the master's replicas, started with {@code --replicaof}, online and acknowledging the master's writes
     * when this was returned; empty
     * unless {@link RedisServers#startSentinel(int)} asked for some.
     *
     * @return the replicas
     */
    public List<LocalRedis> replicas() {
        return replicas;
    }

    /**
     * Returns the Sentinel process.
     *
     * @return the Sentinel
     */
    public LocalRedis sentinel() {
        return sentinel;
    }

    /**
     * Returns the name under which the Sentinel knows the master.
     *
     * @return {@link #MASTER_NAME}
     */
    public String masterName() {
        return MASTER_NAME;
    }

    /** Kills the Sentinel, the replicas and the master and deletes their directories. Idempotent. */
    @Override
    public void close() {
        try {
            sentinel.close();
            for (LocalRedis replica : replicas) {
                replica.close();
            }
        } finally {
            master.close();
        }
    }

    @Override
    public String toString() {
        return "LocalRedisSentinel{master=" + master.address() + ", replicas="
                + replicas.stream().map(LocalRedis::address).toList() + ", sentinel=" + sentinel.address() + '}';
    }
}
