package dev.sessionkit.testsupport.redis;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A Redis master and one Sentinel that monitors it, both {@link LocalRedis} processes on loopback ports, started by
 * {@link RedisServers#startSentinel()}. Clients find the master by asking the Sentinel for
 * {@link #MASTER_NAME}. Closing it kills both. Thread-safe.
 */
public final class LocalRedisSentinel implements AutoCloseable {

    /** The name under which the Sentinel monitors the master: {@value}. */
    public static final String MASTER_NAME = "sessionkit";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final LocalRedis master;
    private final LocalRedis sentinel;

    private LocalRedisSentinel(LocalRedis master, LocalRedis sentinel) {
        this.master = master;
        this.sentinel = sentinel;
    }

    static LocalRedisSentinel start(Path server) {
        LocalRedis master = RedisServers.start();
        LocalRedis sentinel = null;
        try {
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
            return new LocalRedisSentinel(master, sentinel);
        } catch (RuntimeException | Error e) {
            if (sentinel != null) {
                sentinel.close();
            }
            master.close();
            throw e;
        }
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

    /** Kills the Sentinel and the master and deletes their directories. Idempotent. */
    @Override
    public void close() {
        try {
            sentinel.close();
        } finally {
            master.close();
        }
    }

    @Override
    public String toString() {
        return "LocalRedisSentinel{master=" + master.address() + ", sentinel=" + sentinel.address() + '}';
    }
}
