package dev.sessionkit.benchmarks.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL cluster on loopback whose every commit is on disk before it is acknowledged ({@code fsync}
 * and {@code synchronous_commit} on, PostgreSQL's defaults), made with {@code initdb} and run with {@code pg_ctl} (as
 * the {@code postgres} user when this JVM runs as root: both refuse root), from {@code PG_BIN} or the newest
 * {@code /usr/lib/postgresql/<version>/bin}. Its data directory is {@code <dir>/data}, where
 * {@code benchmarks/faults/run.sh} finds it to stop a cluster a killed JVM left. The faults: a crash (an immediate
 * shutdown: every process quits at once, no checkpoint, crash recovery at the next start), a clean restart (a fast
 * shutdown, which rolls back and disconnects every session), and SIGSTOP of the postmaster and all its processes.
 * connect-pg-simple's table (and the store's principal table) is created at the first start.
 */
final class PostgresProcess implements StoreProcess {

    /** connect-pg-simple's table.sql without its obsolete {@code WITH (OIDS=FALSE)}, and the principal index. */
    private static final List<String> TABLES = List.of(
            "CREATE TABLE \"session\" (\"sid\" varchar NOT NULL COLLATE \"default\", \"sess\" json NOT NULL, "
                    + "\"expire\" timestamp(6) NOT NULL)",
            "ALTER TABLE \"session\" ADD CONSTRAINT \"session_pkey\" PRIMARY KEY (\"sid\") NOT DEFERRABLE "
                    + "INITIALLY IMMEDIATE",
            "CREATE INDEX \"IDX_session_expire\" ON \"session\" (\"expire\")",
            "CREATE TABLE \"session_principal\" (\"principal\" varchar NOT NULL, \"sid\" varchar NOT NULL, "
                    + "\"added\" timestamptz(3) NOT NULL, \"until\" timestamptz(3), "
                    + "CONSTRAINT \"session_principal_pkey\" PRIMARY KEY (\"principal\", \"sid\"))");
    private static final long COMMAND_SECONDS = 90;

    private final int port;
    private final Path dir;
    private final Path bin;
    private boolean initialised;
    private boolean running;

    PostgresProcess(int port, Path dir) {
        this.port = port;
        this.dir = dir;
        this.bin = binaries();
    }

    private Path data() {
        return dir.resolve("data");
    }

    private String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres&connectTimeout=2&loginTimeout=2";
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public String poolName() {
        return "PostgreSQL (HikariCP)";
    }

    @Override
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    @Override
    public synchronized void start() throws IOException, InterruptedException {
        if (!initialised) {
            if (isRoot()) {
                run(List.of("chown", "postgres:postgres", dir.toString()));
            }
            run(asPostgres(List.of(bin.resolve("initdb").toString(), "-D", data().toString(), "-U", "postgres", "-A",
                    "trust", "-E", "UTF8", "--no-locale", "--no-sync")));
            Files.writeString(data().resolve("postgresql.conf"), String.join("\n", "",
                    "listen_addresses = '127.0.0.1'", "port = " + port, "unix_socket_directories = '" + dir + "'",
                    "max_connections = 200", "timezone = 'UTC'", "fsync = on", "synchronous_commit = on", ""),
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        }
        run(asPostgres(List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-l",
                dir.resolve("server.log").toString(), "-w", "-t", "60", "start")));
        running = true;
        awaitReady(Duration.ofSeconds(30));
        if (!initialised) {
            try (Connection connection = DriverManager.getConnection(jdbcUrl());
                 Statement statement = connection.createStatement()) {
                for (String sql : TABLES) {
                    statement.execute(sql);
                }
            } catch (SQLException e) {
                throw new IOException("could not create connect-pg-simple's table: " + e.getMessage(), e);
            }
            initialised = true;
        }
    }

    /** An immediate shutdown ({@code pg_ctl stop -m immediate}): every process quits at once, as in a crash. */
    @Override
    public synchronized void kill() throws IOException, InterruptedException {
        pgCtlStop("immediate");
    }

    @Override
    public String killDescription() {
        return "crash postgres (pg_ctl stop -m immediate)";
    }

    /** A fast shutdown ({@code pg_ctl stop -m fast}): every session rolled back and disconnected, a checkpoint. */
    @Override
    public synchronized void stopForRestart() throws IOException, InterruptedException {
        pgCtlStop("fast");
    }

    @Override
    public String stopDescription() {
        return "stop postgres (pg_ctl stop -m fast)";
    }

    private void pgCtlStop(String mode) throws IOException, InterruptedException {
        run(asPostgres(List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-m", mode, "-w",
                "stop")));
        running = false;
    }

    /** SIGSTOP to the postmaster first (so that it starts no new process), then to every one of its processes. */
    @Override
    public synchronized void pause() throws IOException, InterruptedException {
        long postmaster = postmasterPid();
        signal("STOP", List.of(postmaster));
        signal("STOP", children(postmaster));
    }

    /** SIGCONT to the postmaster's processes, then to the postmaster. */
    @Override
    public synchronized void resume() throws IOException, InterruptedException {
        long postmaster = postmasterPid();
        signal("CONT", children(postmaster));
        signal("CONT", List.of(postmaster));
    }

    private long postmasterPid() throws IOException {
        return Long.parseLong(Files.readAllLines(data().resolve("postmaster.pid")).get(0).strip());
    }

    private static List<Long> children(long pid) {
        return ProcessHandle.of(pid).map(p -> p.children().map(ProcessHandle::pid).toList()).orElse(List.of());
    }

    private static void signal(String name, List<Long> pids) throws IOException, InterruptedException {
        if (pids.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("kill", "-" + name));
        pids.forEach(pid -> command.add(Long.toString(pid)));
        int status = new ProcessBuilder(command).inheritIO().start().waitFor();
        if (status != 0) {
            throw new IOException("kill -" + name + " exited with " + status);
        }
    }

    @Override
    public void awaitReady(Duration within) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (true) {
            try (Connection connection = DriverManager.getConnection(jdbcUrl());
                 Statement statement = connection.createStatement()) {
                statement.execute("SELECT 1");
                return;
            } catch (SQLException notYet) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("PostgreSQL on port " + port + " did not answer within " + within,
                            notYet);
                }
            }
            Thread.sleep(20);
        }
    }

    /** The {@code sess} of each session's row, whether or not it has expired, read on one connection. */
    @Override
    public Map<String, String> records(Collection<String> ids) throws SQLException {
        Map<String, String> records = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl());
             PreparedStatement select = connection.prepareStatement(
                     "SELECT sess::text FROM \"session\" WHERE sid = ?")) {
            for (String id : ids) {
                select.setString(1, id);
                try (ResultSet row = select.executeQuery()) {
                    if (row.next()) {
                        records.put(id, row.getString(1));
                    }
                }
            }
        }
        return records;
    }

    /** Resumes a paused cluster, stops it at once and deletes its directory. */
    @Override
    public synchronized void close() throws Exception {
        try {
            if (running && Files.exists(data().resolve("postmaster.pid"))) {
                try {
                    resume();
                } catch (IOException ignored) {
                    // not paused, or already gone
                }
                pgCtlStop("immediate");
            }
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static Path binaries() {
        String configured = System.getenv("PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.strip());
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                    .max(Comparator.comparingInt(bin -> {
                        try {
                            return Integer.parseInt(bin.getParent().getFileName().toString());
                        } catch (NumberFormatException e) {
                            return 0;
                        }
                    }))
                    .orElseThrow(() -> new IllegalStateException("no initdb under /usr/lib/postgresql: "
                            + "apt-get install postgresql, or set PG_BIN"));
        } catch (IOException e) {
            throw new IllegalStateException("no /usr/lib/postgresql: apt-get install postgresql, or set PG_BIN", e);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> asPostgres(List<String> command) {
        if (!isRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("pg_ctl.log").toFile())).start();
        if (!process.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(command.get(isRoot() ? 4 : 0) + " did not finish in " + COMMAND_SECONDS + " s");
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + process.exitValue()
                    + " (log: " + dir.resolve("pg_ctl.log") + ", " + dir.resolve("server.log") + ")");
        }
    }
}
