package dev.sessionkit.testsupport.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code redis-server} process that a test started on a loopback port, in a temporary directory of its own. Tests
 * get one from {@link RedisServers#start(String...)} and close it in {@code @AfterAll}; they can also
 * {@linkplain #kill() kill} it, {@linkplain #restart() start it again} on the same port, or {@linkplain #pause()
 * freeze} it to see how a client copes with a server that is down or does not answer.
 *
 * <p>The process cannot outlive the test JVM: it runs under a small {@code /bin/sh} watchdog that holds the read end
 * of a pipe from the JVM and kills the server when that pipe closes, which happens however the JVM ends (even
 * {@code kill -9}). A shutdown hook also closes every process still open, and deletes its directory.
 *
 * <p>Thread-safe.
 */
public final class LocalRedis implements AutoCloseable {

    static final String HOST = "127.0.0.1";

    private static final Logger LOG = LoggerFactory.getLogger(LocalRedis.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final Path SHELL = Path.of("/bin/sh");
    /**
     * Runs the server in the background with its output in a log file, prints its pid, and kills it as soon as the
     * JVM's end of standard input closes; exits with the server's status when the server ends.
     */
    private static final String WATCHDOG = String.join("\n",
            "exec 3<&0",
            "log=$1; shift",
            "\"$@\" >\"$log\" 2>&1 </dev/null 3<&- &",
            "pid=$!",
            "echo \"$pid\"",
            "(read -r _ <&3; kill -9 \"$pid\" 2>/dev/null) &",
            "watcher=$!",
            "exec 3<&-",
            "wait \"$pid\"",
            "status=$?",
            "kill \"$watcher\" 2>/dev/null",
            "exit \"$status\"");

    /** Thrown when the server could not listen on its port because something else already does. */
    static final class PortTakenException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        PortTakenException(String message) {
            super(message);
        }
    }

    private final Path binary;
    private final Path directory;
    private final int port;
    private final List<String> arguments;
    private final String readyMarker;
    private final String description;
    private Process launcher;
    private long pid;
    private boolean closed;

    private LocalRedis(Path binary, Path directory, int port, List<String> arguments, String readyMarker,
            String description) {
        this.binary = binary;
        this.directory = directory;
        this.port = port;
        this.arguments = List.copyOf(arguments);
        this.readyMarker = readyMarker;
        this.description = description;
    }

    /**
     * Starts {@code redis-server} on {@code port} with these defaults (loopback only, no persistence, logs
     * to a file in its directory) followed by {@code extraArguments}, which override them, and waits until it
     * answers.
     */
    static LocalRedis startServer(Path binary, int port, List<String> extraArguments) {
        Path directory = createDirectory();
        List<String> arguments = new ArrayList<>(List.of(
                "--port", Integer.toString(port), "--bind", HOST, "--save", "", "--appendonly", "no",
                "--daemonize", "no", "--logfile", "", "--dir", directory.toString()));
        arguments.addAll(extraArguments);
        return launchNew(new LocalRedis(binary, directory, port, arguments, "Ready to accept connections",
                "redis-server"));
    }

    /** Starts {@code redis-server --sentinel} on {@code port}, with a configuration file holding {@code config}. */
    static LocalRedis startSentinel(Path binary, int port, String config) {
        Path directory = createDirectory();
        Path file = directory.resolve("sentinel.conf");
        try {
            Files.writeString(file, config, StandardCharsets.UTF_8);
        } catch (IOException e) {
            deleteTree(directory);
            throw new UncheckedIOException(e);
        }
        List<String> arguments = List.of(file.toString(), "--sentinel", "--port", Integer.toString(port),
                "--bind", HOST, "--daemonize", "no", "--logfile", "", "--dir", directory.toString());
        // Sentinel does not print "Ready to accept connections"; it prints its id once it listens.
        return launchNew(new LocalRedis(binary, directory, port, arguments, "Sentinel ID is", "redis-sentinel"));
    }

    private static LocalRedis launchNew(LocalRedis redis) {
        try {
            redis.launch();
            return redis;
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    private static Path createDirectory() {
        try {
            return Files.createTempDirectory("sessionkit-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Returns the address the server listens on.
     *
     * @return {@code 127.0.0.1}
     */
    public String host() {
        return HOST;
    }

    /**
     * Returns the port the server listens on; it stays the same across {@link #restart()}.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * Returns {@code host:port}, the form Redis Cluster and Sentinel use.
     *
     * @return for example {@code 127.0.0.1:23456}
     */
    public String address() {
        return HOST + ":" + port;
    }

    /**
     * Returns a {@code redis://} URI of the server, without credentials.
     *
     * @return for example {@code redis://127.0.0.1:23456}
     */
    public URI uri() {
        return URI.create("redis://" + address());
    }

    /**
     * Returns the server's working directory, where it writes its log and any data files; deleted by
     * {@link #close()}.
     *
     * @return the directory
     */
    public Path directory() {
        return directory;
    }

    /**
     * Returns the process id of the running server.
     *
     * @return the pid
     * @throws IllegalStateException if the server is not running
     */
    public synchronized long pid() {
        checkRunning();
        return pid;
    }

    /**
     * Returns whether the server process is alive (a {@linkplain #pause() paused} one is).
     *
     * @return whether it runs
     */
    public synchronized boolean isRunning() {
        return launcher != null && launcher.isAlive();
    }

    /**
     * Kills the server at once ({@code SIGKILL}, no shutdown, no save) and waits until the process has ended.
     * Does nothing when it is not running.
     *
     * @throws IllegalStateException if the process did not end within 15 seconds
     */
    public synchronized void kill() {
        if (launcher == null) {
            return;
        }
        Process process = launcher;
        launcher = null;
        if (process.isAlive()) {
            if (pid > 0) {
                // While the launcher lives it has not reaped the server, so the pid cannot be another process's.
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            } else {
                closeInput(process);
            }
        }
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(description + " on port " + port + " did not end within "
                        + STOP_TIMEOUT.toSeconds() + " s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while waiting for " + description + " to end", e);
        } finally {
            closeInput(process);
        }
    }

    /** Closes the launcher's standard input: the watchdog's signal to kill the server, if it still runs. */
    private static void closeInput(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // Nothing to do: the pipe is gone either way.
        }
    }

    /**
     * Starts the server again after {@link #kill()}, on the same port, with the same arguments and directory (so
     * it reloads what it persisted, if it was started with persistence), and waits until it answers.
     *
     * @throws IllegalStateException if it is running, closed, or does not start
     */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException(description + " on port " + port + " is closed");
        }
        if (isRunning()) {
            throw new IllegalStateException(description + " on port " + port + " is already running");
        }
        launch();
    }

    /**
     * Freezes the server ({@code SIGSTOP}): connections are still accepted by the kernel, but nothing answers, as
     * with a server that hangs. {@link #resume()} undoes it.
     *
     * @throws IllegalStateException if the server is not running
     */
    public synchronized void pause() {
        signal("STOP");
    }

    /**
     * Lets a {@linkplain #pause() paused} server go on ({@code SIGCONT}).
     *
     * @throws IllegalStateException if the server is not running
     */
    public synchronized void resume() {
        signal("CONT");
    }

    /**
     * Kills the server if it runs and deletes its directory. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            kill();
        } finally {
            Reaper.unregister(this);
            deleteTree(directory);
        }
    }

    /**
     * Closes the pipe the watchdog watches, as the JVM's death would, and waits until the server has ended: proves
     * that the watchdog kills it. Returns whether it ended in time.
     */
    synchronized boolean dropWatchdogPipe() throws InterruptedException {
        Process process = launcher;
        if (process == null) {
            return true;
        }
        closeInput(process);
        boolean ended = process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (ended) {
            launcher = null;
        }
        return ended;
    }

    /**
     * Sends one command to the server over a new connection and returns the reply as text (see {@link Resp}).
     */
    String command(String... command) throws IOException {
        return Resp.call(HOST, port, Duration.ofSeconds(5), command);
    }

    /** The last lines of the server's log, for error messages. */
    synchronized String logTail() {
        Path log = directory.resolve("redis.log");
        try {
            if (!Files.exists(log)) {
                return "(no log)";
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private void checkRunning() {
        if (!isRunning()) {
            throw new IllegalStateException(description + " on port " + port + " is not running");
        }
    }

    private void signal(String signal) {
        checkRunning();
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!kill.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
                kill.destroyForcibly();
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + description, e);
        }
    }

    private void launch() {
        Path log = directory.resolve("redis.log");
        List<String> command = new ArrayList<>();
        boolean watchdog = Files.isExecutable(SHELL);
        if (watchdog) {
            command.addAll(List.of(SHELL.toString(), "-c", WATCHDOG, "sh", log.toString()));
        }
        command.add(binary.toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        if (watchdog) {
            builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        } else {
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
        }
        try {
            Files.deleteIfExists(log);
            pid = -1;
            launcher = builder.start();
            Reaper.register(this);
            pid = watchdog ? readPid(launcher) : launcher.pid();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + binary, e);
        }
        awaitReady(log);
        LOG.info("started {} on {} (pid {}) in {}", description, address(), pid, directory);
    }

    private long readPid(Process process) throws IOException {
        BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        String line = reader.readLine();
        if (line == null || !line.strip().matches("\\d+")) {
            throw new IOException("the watchdog shell did not report the server's pid (got " + line + ")");
        }
        return Long.parseLong(line.strip());
    }

    private void awaitReady(Path log) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!launcher.isAlive()) {
                String tail = logTail();
                launcher = null;
                String message = description + " on port " + port + " exited before it was ready:\n" + tail;
                if (tail.contains("Address already in use")) {
                    throw new PortTakenException(message);
                }
                throw new IllegalStateException(message);
            }
            // The marker proves that this process (not another one on the same port) listens; PING that it serves.
            if (logContains(log, readyMarker) && Resp.answers(HOST, port, Duration.ofSeconds(1))) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                String tail = logTail();
                kill();
                throw new IllegalStateException(description + " on port " + port + " did not answer within "
                        + START_TIMEOUT.toSeconds() + " s:\n" + tail);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    private static boolean logContains(Path log, String marker) {
        try {
            return Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(marker);
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not delete {}: {}", directory, e.toString());
        }
    }

    @Override
    public String toString() {
        return "LocalRedis{" + description + " on " + address() + (isRunning() ? ", running" : ", stopped") + '}';
    }
}
