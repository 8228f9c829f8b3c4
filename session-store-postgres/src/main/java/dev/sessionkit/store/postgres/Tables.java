package dev.sessionkit.store.postgres;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Creates the store's tables when {@code createTableIfMissing} is on: once, before the first statement that needs
 * them, under a transaction-scoped advisory lock so that instances starting together do not race on
 * {@code CREATE TABLE IF NOT EXISTS}. A failure (the database is down) is retried at the next call. Thread-safe.
 */
final class Tables {

    private final Jdbc jdbc;
    private final String table;
    private final String[] ddl;
    private volatile boolean ready;

    /**
     * {@code ddl} null: the application owns the tables, nothing is created. Else {@link Sql#createTables}: the
     * sessions' table, its index, the principal index's table; {@code table} the sessions' table, quoted.
     */
    Tables(Jdbc jdbc, String table, String[] ddl) {
        this.jdbc = jdbc;
        this.table = table;
        this.ddl = ddl;
        this.ready = ddl == null;
    }

    void ensure() {
        if (ready) {
            return;
        }
        synchronized (this) {
            if (ready) {
                return;
            }
            jdbc.transaction("create table", connection -> {
                try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    lock.setLong(1, 0x5e55_10c1_7ab1eL); // one lock for every SessionKit store's table creation
                    lock.execute();
                }
                // As connect-pg-simple: the table and its index only when the table is missing, so that an index
                // of an existing table (connect-pg-simple names it IDX_session_expire whatever the table) is never
                // doubled.
                boolean missing;
                try (PreparedStatement exists = connection.prepareStatement("SELECT to_regclass(?) IS NULL")) {
                    exists.setString(1, table);
                    try (ResultSet rows = exists.executeQuery()) {
                        missing = rows.next() && rows.getBoolean(1);
                    }
                }
                try (Statement statement = connection.createStatement()) {
                    for (int i = missing ? 0 : 2; i < ddl.length; i++) {
                        statement.execute(ddl[i]);
                    }
                }
                return null;
            });
            ready = true;
        }
    }
}
