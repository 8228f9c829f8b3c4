package dev.sessionkit.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sessionkit.testsupport.postgres.PostgresServers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shared PostgreSQL of this module's tests ({@link PostgresServers#shared()}), a HikariCP pool on it, and table
 * names of their own for each test, dropped afterwards.
 */
final class TestDatabase {

    private static final AtomicInteger TABLES = new AtomicInteger();
    private static HikariDataSource shared;

    private TestDatabase() {
    }

    /** The pool on the shared server, opened once per JVM (closed with it). */
    static synchronized HikariDataSource shared() {
        if (shared == null) {
            shared = pool(PostgresServers.shared(), 16);
        }
        return shared;
    }

    static HikariDataSource pool(String jdbcUrl, int size) {
        return pool(jdbcUrl, size, null);
    }

    /** A pool whose connections each run {@code initSql} when opened (null: none). */
    static HikariDataSource pool(String jdbcUrl, int size, String initSql) {
        HikariConfig config = new HikariConfig();
        config.setConnectionInitSql(initSql);
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(2_000);
        config.setPoolName("sessionkit-test-" + size);
        return new HikariDataSource(config);
    }

    /** A table name no other test uses, with a character that must be quoted. */
    static String uniqueTable() {
        return "session Test-" + ProcessHandle.current().pid() + "-" + TABLES.incrementAndGet();
    }

    static void execute(javax.sql.DataSource dataSource, String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void drop(javax.sql.DataSource dataSource, String table) {
        execute(dataSource, "DROP TABLE IF EXISTS " + Sql.quote(table) + ", " + Sql.quote(table + "_principal"));
    }
}
