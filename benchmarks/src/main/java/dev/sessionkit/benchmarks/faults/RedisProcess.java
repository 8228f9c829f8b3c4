package dev.sessionkit.benchmarks.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;

/**
 * A private {@code redis-server} on loopback whose every write is on disk before it is acknowledged
 * ({@code appendonly yes}, {@code appendfsync always}), so that a SIGKILL loses nothing acknowledged: killed with
 * SIGKILL, paused with SIGSTOP, resumed with SIGCONT and restarted on the same port and data directory.
 */
final class RedisProcess implements StoreProcess {

    private final int port;
    private final Path dir;
    private final List<String> extraArguments;
    private final boolean sentinel;
    private Process process;

    RedisProcess(int port, Path dir) {
        this(port, dir, List.of(), false);
    }

    private RedisProcess(int port, Path dir, List<String> extraArguments, boolean sentinel) {
        this.port = port;
        this.dir = dir;
        this.extraArguments = List.copyOf(extraArguments);
        this.sentinel = sentinel;
    }

    /** A server with more arguments after the defaults (which they override), e.g. {@code --replicaof}. */
    static RedisProcess server(int port, Path dir, List<String> extraArguments) {
        return new RedisProcess(port, dir, extraArguments, false);
    }

    /** A Sentinel with this configuration (written to {@code sentinel.conf} in {@code dir}, which it rewrites). */
    static RedisProcess sentinel(int port, Path dir, String config) throws IOException {
        Files.writeString(dir.resolve("sentinel.conf"), config);
        return new RedisProcess(port, dir, List.of(), true);
    }

    int port() {
        return port;
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public String poolName() {
        return "Redis";
    }

    @Override
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts the server and returns once it answers PING. */
    @Override
    public void start() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("redis-server"));
        if (sentinel) {
            command.addAll(List.of(dir.resolve("sentinel.conf").toString(), "--sentinel", "--port",
                    Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(), "--daemonize", "no"));
        } else {
            command.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", "always", "--save", "",
                    "--protected-mode", "yes", "--daemonize", "no"));
            command.addAll(extraArguments);
        }
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
                .start();
        Files.writeString(dir.resolve("redis.pid"), Long.toString(process.pid()));
        awaitPing(Duration.ofSeconds(30));
    }

    /** SIGKILL: the server dies at once, mid-request, as in a crash. */
    @Override
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public String killDescription() {
        return "SIGKILL redis";
    }

    @Override
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    @Override
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    @Override
    public void awaitReady(Duration within) throws InterruptedException {
        awaitPing(within);
    }

    private void signal(String name) throws IOException, InterruptedException {
        int status = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start()
                .waitFor();
        if (status != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " exited with " + status);
        }
    }

    /** Waits until the server answers PING (after a start, a restart or a resume). */
    void awaitPing(Duration within) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (true) {
            try (Jedis jedis = new Jedis("127.0.0.1", port, 500)) {
                if ("PONG".equals(jedis.ping())) {
                    return;
                }
            } catch (RuntimeException notYet) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("redis-server on port " + port + " did not answer within "
                            + within, notYet);
                }
            }
            Thread.sleep(20);
        }
    }

    /** The records under {@code sess:<id>}, read with one client. */
    /** A client of this server, for the fail-over topologies that drive it. */
    Jedis client() {
        return new Jedis("127.0.0.1", port, 5000);
    }

    @Override
    public Map<String, String> records(Collection<String> ids) {
        Map<String, String> records = new HashMap<>();
        try (Jedis jedis = new Jedis("127.0.0.1", port, 5000)) {
            for (String id : ids) {
                String json = jedis.get("sess:" + id);
                if (json != null) {
                    records.put(id, json);
                }
            }
        }
        return records;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            try {
                resume(); // a paused server would not die of SIGTERM
            } catch (IOException ignored) {
                // already gone
            }
            process.destroy();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
