package dev.sessionkit.store.postgres;

import dev.sessionkit.store.PrincipalIndex;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The index by principal: a side table ({@code <table>_principal(principal, sid, added, until)}, primary key
 * {@code (principal, sid)}), not an expression index on the record's {@code __sessionkit.principal}, because core
 * adds the entry <em>before</em> the write that stores the principal in the record, and the entry must be counted
 * then. A session is live while its row in the sessions' table is. {@code add} and {@code endOldest} take a
 * transaction-scoped advisory lock on the principal, so that parallel logins are counted one after the other; each is
 * then one statement. Entries of sessions that are gone (past {@link #WRITE_GRACE}) are deleted when the index is read
 * or added to, and by the prune job.
 */
final class PrincipalTable implements PrincipalIndex {

    private final Jdbc jdbc;
    private final Sql sql;
    private final Clock clock;
    private final Tables tables;

    PrincipalTable(Jdbc jdbc, Sql sql, Clock clock, Tables tables) {
        this.jdbc = jdbc;
        this.sql = sql;
        this.clock = clock;
        this.tables = tables;
    }

    private static double seconds(long millis) {
        return millis / 1000.0;
    }

    private String lockKey(String principal) {
        return sql.principals + ' ' + principal;
    }

    private void lock(java.sql.Connection connection, String principal) throws java.sql.SQLException {
        try (PreparedStatement lock = connection.prepareStatement(sql.lock)) {
            lock.setString(1, lockKey(principal));
            lock.execute();
        }
    }

    @Override
    public boolean add(String principal, String id, Instant until, int limit) {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(id, "id");
        if (limit < 1 || limit > MAX_SESSIONS) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_SESSIONS + ", was " + limit);
        }
        tables.ensure();
        long now = clock.millis();
        return jdbc.transaction("principal index add", connection -> {
            lock(connection, principal);
            try (PreparedStatement add = connection.prepareStatement(sql.add)) {
                add.setString(1, principal);
                add.setString(2, id);
                add.setDouble(3, seconds(now));
                add.setDouble(4, seconds(now - WRITE_GRACE.toMillis()));
                add.setDouble(5, seconds(now));
                if (until == null) {
                    add.setNull(6, Types.DOUBLE);
                } else {
                    add.setDouble(6, seconds(until.toEpochMilli()));
                }
                add.setInt(7, limit);
                try (ResultSet rows = add.executeQuery()) {
                    return rows.next() && rows.getBoolean(1);
                }
            }
        });
    }

    @Override
    public List<String> endOldest(String principal, int keep) {
        Objects.requireNonNull(principal, "principal");
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1, was " + keep);
        }
        tables.ensure();
        long now = clock.millis();
        return jdbc.transaction("principal index endOldest", connection -> {
            lock(connection, principal);
            try (PreparedStatement end = connection.prepareStatement(sql.endOldest)) {
                end.setString(1, principal);
                end.setDouble(2, seconds(now));
                end.setInt(3, keep);
                List<String> ended = new ArrayList<>();
                try (ResultSet rows = end.executeQuery()) {
                    while (rows.next()) {
                        ended.add(rows.getString(1));
                    }
                }
                return List.copyOf(ended);
            }
        });
    }

    @Override
    public List<StoredSession> sessionsOf(String principal) {
        Objects.requireNonNull(principal, "principal");
        tables.ensure();
        long now = clock.millis();
        return jdbc.statement("principal index sessionsOf", sql.sessionsOf, statement -> {
            statement.setString(1, principal);
            statement.setDouble(2, seconds(now));
            statement.setDouble(3, seconds(now - WRITE_GRACE.toMillis()));
            List<StoredSession> live = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    live.add(new StoredSession(rows.getString(1), rows.getString(2),
                            Instant.ofEpochMilli(rows.getLong(3))));
                }
            }
            return live;
        });
    }

    /** One statement: the entry and the session, together. */
    @Override
    public void endSession(String principal, String id) {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(id, "id");
        tables.ensure();
        jdbc.statement("principal index endSession", sql.endSession, statement -> {
            statement.setString(1, principal);
            statement.setString(2, id);
            statement.setString(3, id);
            return statement.executeUpdate();
        });
    }
}
