package dev.sessionkit.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of the Node servers of {@code interop-tests/node} ({@code express-app.mjs}, {@code h3-app.mjs}), started on a
 * free loopback port against the shared Redis (or the shared PostgreSQL), ready once it printed its {@code READY} line.
 *
 * <p>It cannot outlive the JVM: it exits when its standard input, a pipe from this JVM, closes. {@link #close()}
 * stops it and waits for it.
 */
final class NodeServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final int PORT_ATTEMPTS = 5;
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final String name;
    private final Process process;
    private final URI baseUri;

    private NodeServer(String name, Process process, URI baseUri) {
        this.name = name;
        this.process = process;
        this.baseUri = baseUri;
    }

    /**
     * The express 5 + express-session + connect-redis app, with {@code secrets} in express's order (the first
     * signs) and a cookie maxAge of one hour.
     */
    static NodeServer express(List<String> secrets) {
        return start("express", "express-app.mjs", Map.of("SECRETS", Json.writeAscii(secrets)));
    }

    /**
     * The express app with the README's connect-redis {@code ttl} for SessionKit's lifetimes: never past
     * {@code idle} from now, nor the absolute deadline {@code absolute} after the last login.
     */
    static NodeServer expressKeepingLifetimes(List<String> secrets, java.time.Duration idle,
                                              java.time.Duration absolute) {
        return start("express", "express-app.mjs", Map.of("SECRETS", Json.writeAscii(secrets),
                "IDLE_S", Long.toString(idle.toSeconds()), "ABSOLUTE_S", Long.toString(absolute.toSeconds())));
    }

    /**
     * The express app on connect-pg-simple instead of connect-redis ({@code PG_URL} selects it), on the table
     * {@code session} of the database at {@code pgUrl} (a {@code postgres://} URL), its {@code pg} sessions left in the
     * server's {@code timezone}; {@code secrets} in express's order, a cookie maxAge of one hour.
     */
    static NodeServer expressOnPostgres(List<String> secrets, String pgUrl) {
        return start("express", "express-app.mjs", Map.of("SECRETS", Json.writeAscii(secrets), "PG_URL", pgUrl));
    }

    /** The h3 + @scayle/h3-session app, with {@code secrets} in h3-session's order (the last signs). */
    static NodeServer h3(List<String> secrets) {
        return start("h3", "h3-app.mjs", Map.of("SECRETS", Json.writeAscii(secrets)));
    }

    /** The h3 app with h3-session's own time-to-live (always one day) instead of one that follows the cookie. */
    static NodeServer h3WithFixedTtl(List<String> secrets) {
        return start("h3", "h3-app.mjs", Map.of("SECRETS", Json.writeAscii(secrets), "TTL_MODE", "fixed"));
    }

    private static NodeServer start(String name, String script, Map<String, String> environment) {
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            Path log = NodeEnvironment.logDirectory()
                    .resolve(name + "-" + SEQUENCE.incrementAndGet() + "-port" + port + ".log");
            ProcessBuilder builder = new ProcessBuilder(NodeEnvironment.node().toString(), script)
                    .directory(NodeEnvironment.nodeDirectory().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.putAll(environment);
            env.put("PORT", Integer.toString(port));
            if (!environment.containsKey("PG_URL")) {
                env.put("REDIS_URL", NodeEnvironment.redisUri().toString());
            }
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start node " + script, e);
            }
            try {
                URI uri = awaitReady(name, process, log, port);
                return new NodeServer(name, process, uri);
            } catch (PortTaken e) {
                if (attempt == PORT_ATTEMPTS) {
                    throw new IllegalStateException(e.getMessage());
                }
            } catch (RuntimeException | Error e) {
                stop(process);
                throw e;
            }
        }
    }

    private static final class PortTaken extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PortTaken(String message) {
            super(message, null, false, false);
        }
    }

    private static URI awaitReady(String name, Process process, Path log, int port) {
        Pattern ready = Pattern.compile("^READY " + Pattern.quote(name) + " (http://127\\.0\\.0\\.1:" + port + ")$",
                Pattern.MULTILINE);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            Matcher matcher = ready.matcher(NodeEnvironment.read(log));
            if (matcher.find()) {
                return URI.create(matcher.group(1));
            }
            if (!process.isAlive()) {
                String output = NodeEnvironment.read(log);
                String message = name + " (node) exited with " + process.exitValue() + " before it was ready:\n"
                        + output;
                if (output.contains("EADDRINUSE")) {
                    throw new PortTaken(message);
                }
                throw new IllegalStateException(message);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(name + " (node) was not ready within " + START_TIMEOUT.toSeconds()
                        + " s:\n" + NodeEnvironment.read(log));
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the server listens, for example {@code http://127.0.0.1:41234}. */
    URI baseUri() {
        return baseUri;
    }

    @Override
    public void close() {
        stop(process);
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        if (process.isAlive()) {
            throw new IllegalStateException("node (pid " + process.pid() + ") did not stop");
        }
    }

    @Override
    public String toString() {
        return name + " on " + baseUri;
    }
}
