package dev.sessionkit.interop;

import dev.sessionkit.testsupport.redis.LocalRedis;
import dev.sessionkit.testsupport.redis.RedisServers;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What every interop test needs, set up once per JVM: {@code node} and {@code npm} (a failure under {@code CI}, a
 * loud skip elsewhere), the npm packages of {@code interop-tests/node} installed with {@code npm ci} when
 * {@code node_modules} is missing or older than {@code package-lock.json}, and one private {@code redis-server}
 * that the Java and the Node side share, closed when the test run ends.
 */
final class NodeEnvironment implements BeforeAllCallback {

    private static final Duration NPM_CI_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(30);
    private static final int MIN_NODE_MAJOR = 20;
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NodeEnvironment.class);

    private static Path node;
    private static Path npm;
    private static boolean installed;
    private static volatile LocalRedis redis;

    @Override
    public void beforeAll(ExtensionContext context) {
        prepareNode();
        redis = context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent("redis", key -> RedisServers.start(), LocalRedis.class);
    }

    /** The Node project: package.json, package-lock.json, the servers and, once installed, node_modules. */
    static Path nodeDirectory() {
        String configured = System.getProperty("sessionkit.interop.node.dir");
        return (configured != null ? Path.of(configured) : Path.of("node")).toAbsolutePath().normalize();
    }

    /** Where the Node processes' output goes, one file per process. */
    static Path logDirectory() {
        String configured = System.getProperty("sessionkit.interop.log.dir");
        Path directory = (configured != null ? Path.of(configured) : Path.of("target", "node-logs")).toAbsolutePath();
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code node} binary, after {@link #beforeAll}. */
    static synchronized Path node() {
        if (node == null) {
            throw new IllegalStateException("NodeEnvironment has not run: add @ExtendWith(NodeEnvironment.class)");
        }
        return node;
    }

    /** The Redis server that both sides share. */
    static URI redisUri() {
        LocalRedis server = redis;
        if (server == null) {
            throw new IllegalStateException("NodeEnvironment has not run: add @ExtendWith(NodeEnvironment.class)");
        }
        return server.uri();
    }

    /** Finds node and npm and installs the packages, once per JVM; fails under CI, skips loudly elsewhere. */
    static synchronized void prepareNode() {
        if (installed) {
            return;
        }
        node = onPath("node").orElseThrow(() -> unavailable("node is not on the PATH"));
        npm = onPath("npm").orElseThrow(() -> unavailable("npm is not on the PATH"));
        String version = run(List.of(node.toString(), "--version"), VERSION_TIMEOUT, "node-version.log").strip();
        int major = Integer.parseInt(version.replaceFirst("^v(\\d+).*$", "$1"));
        if (major < MIN_NODE_MAJOR) {
            throw unavailable("node " + version + " is too old; the interop packages need Node " + MIN_NODE_MAJOR
                    + " or later");
        }
        Path directory = nodeDirectory();
        if (needsInstall(directory)) {
            run(List.of(npm.toString(), "ci", "--no-audit", "--no-fund"), NPM_CI_TIMEOUT, "npm-ci.log");
        }
        installed = true;
    }

    /** node_modules is missing, or npm's own record of it is older than the lock file. */
    private static boolean needsInstall(Path directory) {
        Path marker = directory.resolve("node_modules").resolve(".package-lock.json");
        try {
            if (!Files.exists(marker)) {
                return true;
            }
            FileTime installedAt = Files.getLastModifiedTime(marker);
            return installedAt.compareTo(Files.getLastModifiedTime(directory.resolve("package-lock.json"))) < 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a command in the Node directory, bounded, and returns its output; fails with the output otherwise. */
    static String run(List<String> command, Duration timeout, String logName) {
        Path log = logDirectory().resolve(logName);
        ProcessBuilder builder = new ProcessBuilder(command).directory(nodeDirectory().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command, e);
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException(String.join(" ", command) + " did not finish within "
                        + timeout.toSeconds() + " s; output:\n" + read(log));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
        String output = read(log);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue()
                    + "; output:\n" + output);
        }
        return output;
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (!directory.isEmpty()) {
                Path candidate = Path.of(directory, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** Fails under CI; elsewhere skips the tests, loudly. */
    private static RuntimeException unavailable(String reason) {
        String message = "No usable Node.js for the interop tests: " + reason + ". Put Node.js " + MIN_NODE_MAJOR
                + " or later and its npm on the PATH (Debian 12's own nodejs package is 18, too old), then run "
                + "them again.";
        if (RedisServers.isCi()) {
            throw new IllegalStateException(message + " CI is set, so this is a failure, not a skip.");
        }
        String bar = "!".repeat(100);
        System.err.println(bar + "\n!!! SKIPPED: " + message + "\n" + bar);
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }
}
