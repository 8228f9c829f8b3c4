package dev.sessionkit.testsupport.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds or starts the PostgreSQL that tests need, the same way in every module and on every machine.
 *
 * <p>{@link #shared()} is for tests that need a PostgreSQL, any PostgreSQL: they share one per JVM, the
 * {@code PG_URL} environment variable when it is set ({@code postgres://user:password@host:port/database} or a
 * {@code jdbc:postgresql:} URL), else a private cluster started from the binaries (below) on a free loopback port.
 * {@link #start(Map)} starts a private cluster for a test that stops, restarts or configures its server (a
 * {@code timezone}, say); tests close it in {@code @AfterAll}.
 *
 * <p>The binaries are Debian's ({@code apt-get install postgresql}): the newest
 * {@code /usr/lib/postgresql/<version>/bin}, or the directory in {@code PG_BIN}. A machine-wide server on 5432 is never
 * used. When no PostgreSQL can be had, the calling test fails if the {@code CI} environment variable is set, and is
 * otherwise skipped (a JUnit assumption) with a loud warning that says how to get one. Nothing here passes a test
 * that did not talk to PostgreSQL.
 *
 * <p>Thread-safe.
 */
public final class PostgresServers {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresServers.class);
    private static final String HOW_TO = "set PG_URL, or install PostgreSQL's server binaries (Debian/Ubuntu: "
            + "apt-get install postgresql; or set PG_BIN to the directory holding initdb and pg_ctl)";
    private static final int PORT_ATTEMPTS = 5;

    private static String shared;
    private static String sharedSource;

    private PostgresServers() {
    }

    /**
     * Returns the JDBC URL of a PostgreSQL shared by the tests of this JVM: {@code PG_URL}, else a private cluster
     * (stopped when the JVM exits). Tests that share it keep to tables of their own and drop them afterwards.
     *
     * @return a {@code jdbc:postgresql:} URL, possibly with credentials (do not print it)
     * @throws org.opentest4j.TestAbortedException when no PostgreSQL can be had and {@code CI} is not set
     * @throws IllegalStateException when no PostgreSQL can be had and {@code CI} is set
     */
    public static synchronized String shared() {
        if (shared != null) {
            return shared;
        }
        String url = System.getenv("PG_URL");
        if (url != null && !url.isBlank()) {
            shared = jdbcUrl(url.strip());
            sharedSource = "PG_URL";
        } else {
            shared = start(Map.of()).jdbcUrl();
            sharedSource = "a private cluster from " + binaries().orElseThrow();
        }
        LOG.info("PostgreSQL for tests: {}", sharedSource);
        return shared;
    }

    /**
     * Starts a private cluster: {@code initdb} (as the {@code postgres} user when this JVM runs as root, since
     * {@code initdb} refuses root) into a temporary directory, trust authentication, UTF-8, then {@code pg_ctl start}
     * listening on 127.0.0.1 and a free port, with its socket in the same directory, {@code fsync} off. The
     * {@code settings} are written into its {@code postgresql.conf}, so they survive a restart, for example
     * {@code Map.of("timezone", "America/New_York")}.
     *
     * @param settings more server settings, name to value (quoted as a string)
     * @return the running cluster; close it when done (and it is stopped when the JVM exits)
     * @throws org.opentest4j.TestAbortedException when there are no binaries and {@code CI} is not set
     * @throws IllegalStateException when there are no binaries and {@code CI} is set, or the cluster does not start
     */
    public static LocalPostgres start(Map<String, String> settings) {
        Path bin = binaries().orElseThrow(() -> unavailable("no initdb and pg_ctl found"));
        for (int attempt = 1; ; attempt++) {
            try {
                return LocalPostgres.create(bin, freePort(), settings);
            } catch (LocalPostgres.PortTakenException e) {
                if (attempt == PORT_ATTEMPTS) {
                    throw new IllegalStateException("no free port for PostgreSQL after " + attempt + " attempts", e);
                }
            }
        }
    }

    /**
     * Returns whether this run must fail rather than skip when it cannot get a PostgreSQL: the {@code CI}
     * environment variable is set (to anything but {@code false}).
     *
     * @return whether {@code CI} is set
     */
    public static boolean isCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
    }

    /**
     * Turns {@code postgres://user:password@host:port/database} (or {@code postgresql://}) into a JDBC URL; a
     * {@code jdbc:postgresql:} URL is returned as it is.
     *
     * @param url the URL
     * @return the JDBC URL, with the user and password as parameters
     * @throws IllegalArgumentException for another scheme
     */
    public static String jdbcUrl(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return url;
        }
        URI uri = URI.create(url);
        if (!"postgres".equals(uri.getScheme()) && !"postgresql".equals(uri.getScheme())) {
            throw new IllegalArgumentException("not a postgres:// or jdbc:postgresql: URL");
        }
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
        if (uri.getPort() > 0) {
            jdbc.append(':').append(uri.getPort());
        }
        String path = uri.getRawPath();
        jdbc.append(path == null || path.isEmpty() ? "/postgres" : path);
        String separator = "?";
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            jdbc.append("?user=").append(parts[0]);
            if (parts.length == 2) {
                jdbc.append("&password=").append(parts[1]);
            }
            separator = "&";
        }
        if (uri.getRawQuery() != null) {
            jdbc.append(separator).append(uri.getRawQuery());
        }
        return jdbc.toString();
    }

    /** The directory of initdb and pg_ctl: PG_BIN, else the newest /usr/lib/postgresql/N/bin. */
    static Optional<Path> binaries() {
        String configured = System.getenv("PG_BIN");
        if (configured != null && !configured.isBlank()) {
            Path bin = Path.of(configured.strip());
            return Files.isExecutable(bin.resolve("initdb")) ? Optional.of(bin) : Optional.empty();
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(PostgresServers::majorVersion));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static RuntimeException unavailable(String reason) {
        String message = "No PostgreSQL for this test: " + reason + ". To run it, " + HOW_TO + ".";
        if (isCi()) {
            throw new IllegalStateException(message + " CI is set, so this is a failure, not a skip.");
        }
        LOG.warn("\n{}\n!!! SKIPPED: {}\n{}", "!".repeat(100), message, "!".repeat(100));
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LocalPostgres.HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> asPostgres(List<String> command) {
        if (!"root".equals(System.getProperty("user.name"))) {
            return command;
        }
        return Stream.concat(Stream.of("runuser", "-u", "postgres", "--"), command.stream()).toList();
    }
}
