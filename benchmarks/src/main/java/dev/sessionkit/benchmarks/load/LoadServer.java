package dev.sessionkit.benchmarks.load;

import dev.sessionkit.Session;
import dev.sessionkit.SessionData;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one server of the load harness ({@code benchmarks/load/run.sh}) on {@code 127.0.0.1}: every kind serves
 * the same three pages, {@code GET /read} (shows a counter kept in the session), {@code GET /write} (increments it
 * and saves the session) and {@code GET /plain} (does not touch the session), each answering {@code views N} or
 * {@code plain} as {@code text/plain}. The SessionKit kinds also serve {@code GET /increment}, which increments the
 * counter with {@code Session.update} (exact under concurrent requests; the fault run counts on it), and
 * {@code GET /logout}, which destroys the session and answers {@code out}.
 *
 * <pre>{@code java -cp benchmarks/target/benchmarks.jar dev.sessionkit.benchmarks.load.LoadServer KIND PORT [STORE_URL]}</pre>
 *
 * <p>{@code STORE_URL} is the Redis URL ({@code redis://127.0.0.1:16379}) for the Redis kinds and the PostgreSQL URL
 * ({@code postgres://user@127.0.0.1:15432/db} or {@code jdbc:postgresql://…}) for the PostgreSQL kinds; the other
 * kinds take none.
 *
 * <p>The server runs until the process is stopped (SIGTERM stops it cleanly).
 */
public final class LoadServer {

    private static final Logger LOG = LoggerFactory.getLogger(LoadServer.class);

    /** The servers the harness compares. */
    public enum Kind {
        /** Javalin 7, no sessions: the counter is one process-wide number (the baseline). */
        JAVALIN_NOSESSION("javalin-nosession", false),
        /** Javalin 7 with SessionKit's plugin and the Caffeine store. */
        JAVALIN_CAFFEINE("javalin-caffeine", false),
        /** Javalin 7 with SessionKit's plugin and the Redis store. */
        JAVALIN_REDIS("javalin-redis", true),
        /** A servlet on Jetty 12 (ee10), no sessions: the servlet adapters' baseline (and Spring Session's). */
        SERVLET_NOSESSION("servlet-nosession", false),
        /** SessionKit's Servlet filter on Jetty 12 (ee10) with the Caffeine store. */
        SERVLET_CAFFEINE("servlet-caffeine", false),
        /** SessionKit's Servlet filter on Jetty 12 (ee10) with the Redis store. */
        SERVLET_REDIS("servlet-redis", true),
        /** Micronaut 4 (Netty), no sessions ({@code sessionkit.enabled=false}): the Micronaut adapter's baseline. */
        MICRONAUT_NOSESSION("micronaut-nosession", false),
        /** Micronaut 4 (Netty) with SessionKit's filter and the adapter's default Caffeine store. */
        MICRONAUT_CAFFEINE("micronaut-caffeine", false),
        /** Micronaut 4 (Netty) with SessionKit's filter and the Redis store. */
        MICRONAUT_REDIS("micronaut-redis", true),
        /** Spring Session's {@code SessionRepositoryFilter} and {@code RedisSessionRepository} on Jetty 12 (ee10). */
        SPRING_REDIS("spring-redis", true),
        /** The same with {@code RedisIndexedSessionRepository}. */
        SPRING_REDIS_INDEXED("spring-redis-indexed", true),
        /** SessionKit's Servlet filter on Jetty 12 (ee10) with the PostgreSQL store, on a HikariCP pool. */
        SERVLET_POSTGRES("servlet-postgres", Store.POSTGRES),
        /** Spring Session JDBC's {@code JdbcIndexedSessionRepository} on the same Jetty, pool and PostgreSQL. */
        SPRING_JDBC("spring-jdbc", Store.POSTGRES);

        /** Where a kind keeps its sessions, and so which URL it needs. */
        public enum Store {
            /** In the process (Caffeine), or no sessions at all: no URL. */
            NONE,
            /** Redis: a {@code redis://} URL. */
            REDIS,
            /** PostgreSQL: a {@code postgres://} or {@code jdbc:postgresql:} URL. */
            POSTGRES
        }

        private final String id;
        private final Store store;

        Kind(String id, boolean needsRedis) {
            this(id, needsRedis ? Store.REDIS : Store.NONE);
        }

        Kind(String id, Store store) {
            this.id = id;
            this.store = store;
        }

        /**
         * Returns the name used on the command line.
         *
         * @return for example {@code javalin-redis}
         */
        public String id() {
            return id;
        }

        /**
         * Returns whether the server needs a Redis URL.
         *
         * @return {@code true} for the Redis-backed kinds
         */
        public boolean needsRedis() {
            return store == Store.REDIS;
        }

        /**
         * Returns where the kind keeps its sessions.
         *
         * @return the store, {@link Store#NONE} for the in-process and session-less kinds
         */
        public Store store() {
            return store;
        }

        /**
         * Returns the kind with a command-line name.
         *
         * @param id the name
         * @return the kind
         * @throws IllegalArgumentException when no kind has that name
         */
        public static Kind of(String id) {
            for (Kind kind : values()) {
                if (kind.id.equals(id.toLowerCase(Locale.ROOT))) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown server kind '" + id + "'; one of " + ids());
        }

        static String ids() {
            return Arrays.stream(values()).map(Kind::id).collect(Collectors.joining(", "));
        }
    }

    /** A started server. */
    public interface Running extends AutoCloseable {
        /**
         * Returns the port the server listens on.
         *
         * @return the port
         */
        int port();

        /** Stops the server and closes its store or client. */
        @Override
        void close();
    }

    private LoadServer() {
    }

    /**
     * Starts a server from the command line: {@code KIND PORT [STORE_URL]}.
     *
     * @param args the kind, the port (0 for any free one) and, for the Redis and PostgreSQL kinds, the store's URL
     */
    public static void main(String[] args) {
        if (args.length < 2) {
            LOG.error("usage: LoadServer KIND PORT [STORE_URL] (a redis:// URL for the Redis kinds, a postgres:// or "
                    + "jdbc:postgresql: URL for the PostgreSQL kinds), KIND one of {}", Kind.ids());
            System.exit(2);
        }
        Kind kind = Kind.of(args[0]);
        int port = Integer.parseInt(args[1]);
        Running server = start(kind, port, args.length > 2 ? args[2] : null);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "load-server-stop"));
        LOG.info("{} listening on http://127.0.0.1:{}/", kind.id(), server.port());
    }

    /**
     * Starts a server of a kind on {@code 127.0.0.1}.
     *
     * @param kind the kind
     * @param port the port, or 0 for any free one
     * @param storeUrl the store's URL, for the kinds that need one: Redis's, or PostgreSQL's
     * @return the running server
     * @throws IllegalArgumentException when a Redis or PostgreSQL kind gets no URL
     */
    public static Running start(Kind kind, int port, String storeUrl) {
        boolean noUrl = storeUrl == null || storeUrl.isBlank();
        if (kind.store() == Kind.Store.REDIS && noUrl) {
            throw new IllegalArgumentException(kind.id() + " needs a Redis URL, e.g. redis://127.0.0.1:16379");
        }
        if (kind.store() == Kind.Store.POSTGRES && noUrl) {
            throw new IllegalArgumentException(kind.id()
                    + " needs a PostgreSQL URL, e.g. postgres://postgres@127.0.0.1:15432/postgres");
        }
        String redisUrl = storeUrl;
        try {
            return switch (kind) {
                case JAVALIN_NOSESSION -> JavalinServers.withoutSessions(port);
                case JAVALIN_CAFFEINE -> JavalinServers.withCaffeine(port);
                case JAVALIN_REDIS -> JavalinServers.withRedis(port, redisUrl);
                case SERVLET_NOSESSION -> JettyServers.withoutSessions(port);
                case SERVLET_CAFFEINE -> JettyServers.sessionKit(port, null);
                case SERVLET_REDIS -> JettyServers.sessionKit(port, redisUrl);
                case MICRONAUT_NOSESSION -> MicronautServer.withoutSessions(port);
                case MICRONAUT_CAFFEINE -> MicronautServer.start(port, null);
                case MICRONAUT_REDIS -> MicronautServer.start(port, redisUrl);
                case SPRING_REDIS -> JettyServers.springSession(port, redisUrl, false);
                case SPRING_REDIS_INDEXED -> JettyServers.springSession(port, redisUrl, true);
                case SERVLET_POSTGRES -> JettyServers.sessionKitPostgres(port, storeUrl);
                case SPRING_JDBC -> JettyServers.springSessionJdbc(port, storeUrl);
            };
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(kind.id() + " did not start: " + e, e);
        }
    }

    /**
     * Returns the body every server answers for a counter.
     *
     * @param views the counter
     * @return {@code views N}
     */
    static String page(long views) {
        return "views " + views;
    }

    /** Destroys the session (a logout) and returns the page that says so. */
    static String logout(Session<SessionData> session) {
        session.destroy();
        return "out";
    }

    /** Increments the session's counter with {@code Session.update} and returns the count saved. */
    static long increment(Session<SessionData> session) {
        return session.update(data -> data.put("views", data.getLong("views").orElse(0) + 1))
                .getLong("views").orElse(0);
    }
}
