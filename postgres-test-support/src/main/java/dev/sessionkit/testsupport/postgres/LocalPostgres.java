package dev.sessionkit.testsupport.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL cluster, started by {@link PostgresServers#start(Map)}: its own data directory and socket
 * directory in a temporary directory, listening on 127.0.0.1 and its own port, trust authentication, user and
 * database {@code postgres}. {@link #stop()} and {@link #start()} restart it on the same port with the same data (for
 * failure tests); {@link #close()} stops it for good and deletes its directory, as a JVM shutdown hook also does.
 * Thread-safe.
 */
public final class LocalPostgres implements AutoCloseable {

    static final String HOST = "127.0.0.1";
    private static final long START_SECONDS = 60;

    /** The port was taken between the check and the server's bind: the caller tries another. */
    static final class PortTakenException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PortTakenException(String message) {
            super(message);
        }
    }

    private final Path bin;
    private final Path directory;
    private final int port;
    private boolean running;
    private boolean closed;
    private final Thread hook = new Thread(this::closeQuietly, "sessionkit-postgres-stop");

    private LocalPostgres(Path bin, Path directory, int port) {
        this.bin = bin;
        this.directory = directory;
        this.port = port;
    }

    static LocalPostgres create(Path bin, int port, Map<String, String> settings) {
        Path directory;
        try {
            directory = Files.createTempDirectory("sessionkit-pg-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LocalPostgres server = new LocalPostgres(bin, directory, port);
        Runtime.getRuntime().addShutdownHook(server.hook);
        try {
            if ("root".equals(System.getProperty("user.name"))) {
                run(List.of("chown", "postgres:postgres", directory.toString()));
            }
            run(PostgresServers.asPostgres(List.of(bin.resolve("initdb").toString(), "-D", server.data().toString(),
                    "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync")));
            List<String> conf = new ArrayList<>(List.of("listen_addresses = '" + HOST + "'", "port = " + port,
                    "unix_socket_directories = '" + directory + "'", "fsync = off",
                    "full_page_writes = off", "max_connections = 200"));
            settings.forEach((name, value) -> conf.add(name + " = '" + value.replace("'", "''") + "'"));
            // Append as the file's owner would: the file belongs to postgres, and root may write it anyway.
            Files.writeString(server.data().resolve("postgresql.conf"), "\n" + String.join("\n", conf) + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            server.start();
            return server;
        } catch (RuntimeException | IOException e) {
            server.closeQuietly();
            if (e instanceof PortTakenException taken) {
                throw taken;
            }
            throw e instanceof RuntimeException runtime ? runtime : new UncheckedIOException((IOException) e);
        }
    }

    private Path data() {
        return directory.resolve("data");
    }

    /**
     * Returns the JDBC URL of the {@code postgres} database as the {@code postgres} user.
     *
     * @return the URL
     */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + HOST + ":" + port + "/postgres?user=postgres";
    }

    /**
     * Returns the {@code postgres://} URL of the {@code postgres} database, for Node's {@code pg}.
     *
     * @return the URL
     */
    public String url() {
        return "postgres://postgres@" + HOST + ":" + port + "/postgres";
    }

    /**
     * Returns the port the cluster listens on.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * Starts the cluster (again) on its port and waits until it accepts connections.
     *
     * @throws IllegalStateException if it does not start
     */
    public synchronized void start() {
        if (running) {
            return;
        }
        try {
            run(PostgresServers.asPostgres(List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-l",
                    directory.resolve("server.log").toString(), "-w", "-t", Long.toString(START_SECONDS), "start")));
        } catch (IllegalStateException e) {
            String log = log();
            if (log.contains("Address already in use")) {
                throw new PortTakenException("port " + port + " is taken");
            }
            throw new IllegalStateException(e.getMessage() + "\nserver log:\n" + log, e);
        }
        running = true;
    }

    /** Stops the cluster, keeping its data, fast: open connections are cut, as when a server goes away. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        run(PostgresServers.asPostgres(List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-m",
                "immediate", "-w", "stop")));
        running = false;
    }

    private String log() {
        try {
            Path log = directory.resolve("server.log");
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(unreadable log)";
        }
    }

    /** Stops the cluster for good and deletes its directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop();
        } finally {
            deleteDirectory();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is already exiting: the hook is what is running.
            }
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            // Best effort at exit.
        }
    }

    private void deleteDirectory() {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary directory is harmless.
        }
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(START_SECONDS + 30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command.get(command.size() > 4 ? 4 : 0) + " did not finish");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() + "):\n"
                        + new String(output, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "LocalPostgres{port=" + port + '}';
    }
}
