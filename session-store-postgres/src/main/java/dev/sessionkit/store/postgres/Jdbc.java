package dev.sessionkit.store.postgres;

import dev.sessionkit.store.SessionStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Runs the store's statements on connections from the application's {@link DataSource}, and turns every JDBC failure
 * into one {@link SessionStoreException} at the store's boundary. A connection is held for one statement (or one
 * short transaction) and returned at once.
 */
final class Jdbc {

    /** The work of one statement on a prepared statement. */
    @FunctionalInterface
    interface Work<T> {
        T run(PreparedStatement statement) throws SQLException;
    }

    /** The work of a transaction on a connection whose auto-commit is off. */
    @FunctionalInterface
    interface Transaction<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;

    Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Runs one statement. On a connection whose auto-commit the application turned off, commits it (or rolls it
     * back), so that the statement is never left open in a pooled connection.
     */
    <T> T statement(String operation, String sql, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                T result = work.run(statement);
                if (!autoCommit) {
                    connection.commit();
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                if (!autoCommit) {
                    rollbackQuietly(connection, e);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw failure(operation, e);
        }
    }

    /** Runs statements in one transaction: all of it commits, or none of it. */
    <T> T transaction(String operation, Transaction<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            if (autoCommit) {
                connection.setAutoCommit(false);
            }
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            } finally {
                if (autoCommit) {
                    connection.setAutoCommit(true);
                }
            }
        } catch (SQLException e) {
            throw failure(operation, e);
        }
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e); // the connection is broken; the pool discards it
        }
    }

    /**
     * Describes a failure by the operation, the exception's class and its SQLState only: a driver's message may quote
     * a value (a session id in a key violation's detail), a host or a user, and this message must carry none.
     */
    static SessionStoreException failure(String operation, SQLException e) {
        StringBuilder message = new StringBuilder("PostgreSQL ").append(operation).append(" failed: ")
                .append(e.getClass().getSimpleName());
        if (e.getSQLState() != null) {
            message.append(" (SQLState ").append(e.getSQLState()).append(')');
        }
        return new SessionStoreException(message.toString(), e);
    }
}
