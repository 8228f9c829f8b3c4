package dev.sessionkit.testsupport.redis;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds or starts the Redis servers that tests need, the same way in every module and on every machine.
 *
 * <p>{@link #standalone()} is for tests that need a Redis, any Redis: they share one per JVM, found in this order:
 * <ol>
 *   <li>the {@code REDIS_URL} environment variable, when set (for example {@code redis://127.0.0.1:6379});</li>
 *   <li>a {@code redis} container started with Testcontainers, when a Docker engine answers;</li>
 *   <li>a {@code redis-server} binary on the {@code PATH}, started on a free loopback port.</li>
 * </ol>
 * The other methods start private servers from the {@code redis-server} (and {@code redis-cli}) binaries, for tests
 * that stop, restart or configure their server, or need a Cluster or a Sentinel; tests close them in
 * {@code @AfterAll}.
 *
 * <p>When no Redis can be had, the calling test fails if the {@code CI} environment variable is set, and is
 * otherwise skipped (a JUnit assumption) with a loud warning that says how to get one. Nothing here passes a test
 * that did not talk to Redis.
 *
 * <p>Thread-safe.
 */
public final class RedisServers {

    private static final Logger LOG = LoggerFactory.getLogger(RedisServers.class);
    private static final String HOW_TO = "set REDIS_URL, run a Docker engine, or put redis-server and redis-cli "
            + "on the PATH (Debian/Ubuntu: apt-get install redis-server redis-tools)";
    private static final int PORT_ATTEMPTS = 5;

    private static URI shared;
    private static String sharedSource;

    private RedisServers() {
    }

    /**
     * Returns the URI of a Redis server shared by the tests of this JVM: {@code REDIS_URL}, else a Testcontainers
     * container, else a {@code redis-server} started from the {@code PATH} (stopped when the JVM exits). Tests that
     * share it must keep to keys of their own (a unique prefix) and never flush it.
     *
     * @return the server's URI, possibly with credentials (do not print it)
     * @throws org.opentest4j.TestAbortedException when no Redis can be had and {@code CI} is not set
     * @throws IllegalStateException when no Redis can be had and {@code CI} is set
     */
    public static synchronized URI standalone() {
        if (shared != null) {
            return shared;
        }
        String url = System.getenv("REDIS_URL");
        if (url != null && !url.isBlank()) {
            shared = URI.create(url.strip());
            sharedSource = "REDIS_URL";
        } else {
            URI container = TestcontainersRedis.startIfDockerAnswers();
            if (container != null) {
                shared = container;
                sharedSource = "a Testcontainers redis container";
            } else {
                shared = start().uri();
                sharedSource = "redis-server from the PATH";
            }
        }
        LOG.info("Redis for tests: {}", sharedSource);
        return shared;
    }

    /**
     * Returns where {@link #standalone()} found its server, for test reports.
     *
     * @return for example {@code "REDIS_URL"}, or {@code "none yet"} before the first call
     */
    public static synchronized String standaloneSource() {
        return sharedSource == null ? "none yet" : sharedSource;
    }

    /**
     * Starts a private {@code redis-server} on a free loopback port, in a temporary directory, without
     * persistence, and waits until it answers. {@code extraArguments} are appended to the command line and override
     * the defaults, for example {@code "--requirepass", "secret"} or {@code "--appendonly", "yes"}.
     *
     * @param extraArguments more {@code redis-server} arguments, in command-line form
     * @return the running server; close it when done
     * @throws org.opentest4j.TestAbortedException when there is no {@code redis-server} and {@code CI} is not set
     * @throws IllegalStateException when there is no {@code redis-server} and {@code CI} is set, or it does not
     *     start
     */
    public static LocalRedis start(String... extraArguments) {
        Path binary = require("redis-server");
        List<String> extra = List.of(extraArguments);
        for (int attempt = 1; ; attempt++) {
            try {
                return LocalRedis.startServer(binary, freePort(false), extra);
            } catch (LocalRedis.PortTakenException e) {
                // Another process took the free port between our check and the server's bind: take another.
                if (attempt == PORT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Starts a Redis Cluster of {@code masters} masters and no replicas, as {@link #startCluster(int, int)} does.
     *
     * @param masters the number of masters, at least 3
     * @return the running cluster; close it when done
     */
    public static LocalRedisCluster startCluster(int masters) {
        return startCluster(masters, 0);
    }

    /**
     * Starts a Redis Cluster on loopback ports: one {@code redis-server --cluster-enabled yes} per node, joined
     * with {@code redis-cli --cluster create … --cluster-replicas N --cluster-yes}, and waits until every node
     * reports {@code cluster_state:ok} and {@code CLUSTER SLOTS} lists every node (a replica is listed once it has
     * synchronised with its master).
     *
     * @param masters the number of masters, at least 3 (Redis's minimum)
     * @param replicasPerMaster the number of replicas of each master, zero or more
     * @return the running cluster; close it when done
     * @throws IllegalArgumentException if {@code masters < 3} or {@code replicasPerMaster < 0}
     * @throws org.opentest4j.TestAbortedException when a binary is missing and {@code CI} is not set
     * @throws IllegalStateException when a binary is missing and {@code CI} is set, or the cluster does not form
     */
    public static LocalRedisCluster startCluster(int masters, int replicasPerMaster) {
        if (masters < 3) {
            throw new IllegalArgumentException("a Redis Cluster needs at least 3 masters, was " + masters);
        }
        if (replicasPerMaster < 0) {
            throw new IllegalArgumentException("replicasPerMaster must be 0 or more, was " + replicasPerMaster);
        }
        return LocalRedisCluster.start(require("redis-server"), require("redis-cli"), masters, replicasPerMaster);
    }

    /**
     * Starts a master {@code redis-server} and one Sentinel ({@code redis-server --sentinel}) that monitors it under
     * the name {@link LocalRedisSentinel#MASTER_NAME}, and waits until the Sentinel reports the master's address.
     *
     * @return the running master and Sentinel; close it when done
     * @throws org.opentest4j.TestAbortedException when there is no {@code redis-server} and {@code CI} is not set
     * @throws IllegalStateException when there is no {@code redis-server} and {@code CI} is set, or it does not
     *     start
     */
    public static LocalRedisSentinel startSentinel() {
        return startSentinel(0);
    }

    /**
     * Starts a master {@code redis-server}, {@code replicas} replicas of it ({@code --replicaof}), and one Sentinel
     * that monitors the master under the name {@link LocalRedisSentinel#MASTER_NAME}; waits until every replica is
     * online on the master and the Sentinel reports the master's address.
     *
     * @param replicas the number of replicas, zero or more
     * @return the running servers; close it when done
     * @throws IllegalArgumentException if {@code replicas} is negative
     * @throws org.opentest4j.TestAbortedException when there is no {@code redis-server} and {@code CI} is not set
     * @throws IllegalStateException when there is no {@code redis-server} and {@code CI} is set, or it does not
     *     start
     */
    public static LocalRedisSentinel startSentinel(int replicas) {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must be 0 or more, was " + replicas);
        }
        return LocalRedisSentinel.start(require("redis-server"), replicas);
    }

    /**
     * Returns whether this run must fail rather than skip when it cannot get a Redis: the {@code CI} environment
     * variable is set (to anything but {@code false}).
     *
     * @return whether {@code CI} is set
     */
    public static boolean isCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
    }

    /** Returns the binary from the PATH, or fails (CI) or skips (elsewhere) the calling test. */
    static Path require(String name) {
        return onPath(name).orElseThrow(() -> unavailable(name + " is not on the PATH"));
    }

    static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static RuntimeException unavailable(String reason) {
        String message = "No Redis for this test: " + reason + ". To run it, " + HOW_TO + ".";
        if (isCi()) {
            throw new IllegalStateException(message + " CI is set, so this is a failure, not a skip.");
        }
        LOG.warn("\n{}\n!!! SKIPPED: {}\n{}", "!".repeat(100), message, "!".repeat(100));
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    /**
     * Returns a loopback port that nothing listens on. For a Cluster node, its bus port (port + 10000) must be
     * free too.
     */
    static int freePort(boolean withBusPort) {
        try {
            InetAddress loopback = InetAddress.getByName(LocalRedis.HOST);
            if (!withBusPort) {
                try (ServerSocket socket = new ServerSocket(0, 1, loopback)) {
                    return socket.getLocalPort();
                }
            }
            for (int attempt = 0; attempt < 200; attempt++) {
                int port = ThreadLocalRandom.current().nextInt(20_000, 55_000);
                if (isFree(loopback, port) && isFree(loopback, port + 10_000)) {
                    return port;
                }
            }
            throw new IllegalStateException("no free pair of loopback ports (port, port + 10000) found");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isFree(InetAddress address, int port) {
        try {
            new ServerSocket(port, 1, address).close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
