package dev.sessionkit.interop;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionData;
import dev.sessionkit.store.SessionStore;
import dev.sessionkit.store.postgres.PostgresSessionStore;
import dev.sessionkit.store.redis.RedisSessionStore;
import dev.sessionkit.testkit.http.RunningServer;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The three adapters running at once, each with the same store and the same secrets: a {@link RedisSessionStore} on
 * the shared Redis, or a {@link PostgresSessionStore} on the shared PostgreSQL.
 */
@SuppressWarnings("try") // close() throws what the servers' close() throws
final class JavaServers implements AutoCloseable {

    /**
     * The zone of the Java side's JDBC sessions: neither the server's nor, on most machines, the JVM's (which PgJDBC
     * would set otherwise), so that the store's expiries agree with connect-pg-simple's only through its
     * {@code timeZone} option.
     */
    static final String JDBC_ZONE = "Asia/Kolkata";

    private final SessionStore store;
    private final AutoCloseable resources;
    private final Map<JavaSide, RunningServer> servers = new EnumMap<>(JavaSide.class);

    private JavaServers(SessionStore store, AutoCloseable resources) {
        this.store = store;
        this.resources = resources;
    }

    /** Starts the given adapters (all when none is given) on the shared Redis, with {@code secrets} oldest first. */
    static JavaServers start(List<String> secrets, JavaSide... sides) throws Exception {
        RedisSessionStore redis = RedisSessionStore.builder(NodeEnvironment.redisUri()).build();
        return start(redis, redis::close, secrets, sides);
    }

    /**
     * Starts the given adapters (all when none is given) on the shared PostgreSQL, in connect-pg-simple's table as
     * the store's README configures it: a HikariCP pool, {@code timeZone} the server's, the table kept as
     * connect-pg-simple made it ({@code createTableIfMissing} only adds the principal index's table), and no prune
     * job, so that only reads decide what is expired.
     */
    static JavaServers startOnPostgres(List<String> secrets, JavaSide... sides) throws Exception {
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(PostgresEnvironment.server().jdbcUrl());
        pool.setConnectionInitSql("SET TIME ZONE '" + JDBC_ZONE + "'");
        pool.setMaximumPoolSize(8);
        pool.setMinimumIdle(0);
        pool.setConnectionTimeout(5_000);
        pool.setPoolName("sessionkit-interop");
        HikariDataSource dataSource = new HikariDataSource(pool);
        PostgresSessionStore postgres = PostgresSessionStore.builder(dataSource)
                .tableName(PostgresEnvironment.TABLE)
                .timeZone(PostgresEnvironment.SERVER_ZONE)
                .createTableIfMissing(true)
                .pruneInterval(Duration.ZERO)
                .build();
        return start(postgres, () -> {
            try (dataSource) {
                postgres.close();
            }
        }, secrets, sides);
    }

    private static JavaServers start(SessionStore store, AutoCloseable resources, List<String> secrets,
                                     JavaSide... sides) throws Exception {
        JavaServers started = new JavaServers(store, resources);
        try {
            SessionConfig<SessionData> config = JavaSide.config(started.store, secrets);
            for (JavaSide side : sides.length == 0 ? JavaSide.values() : sides) {
                started.servers.put(side, side.start(config));
            }
            return started;
        } catch (Exception | Error e) {
            started.close();
            throw e;
        }
    }

    URI uri(JavaSide side) {
        RunningServer server = servers.get(side);
        if (server == null) {
            throw new IllegalArgumentException(side + " was not started");
        }
        return server.baseUri();
    }

    @Override
    public void close() throws Exception {
        Exception failure = null;
        for (RunningServer server : servers.values()) {
            try {
                server.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        resources.close();
        if (failure != null) {
            throw failure;
        }
    }
}
