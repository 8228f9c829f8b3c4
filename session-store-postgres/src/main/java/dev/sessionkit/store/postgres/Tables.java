package dev.sessionkit.store.postgres;

import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * Creates the store's tables when {@code createTableIfMissing} is on: once, before the first statement that needs
 * them, under a transaction-scoped advisory lock so that instances starting together do not race on
 * {@code CREATE TABLE IF NOT EXISTS}. A failure (the database is down) is retried at the next call. Thread-safe.
 */
final class Tables {

    private final Jdbc jdbc;
    private final String[] ddl;
    private volatile boolean ready;

    /** {@code ddl} null: the application owns the tables, nothing is created. */
    Tables(Jdbc jdbc, String[] ddl) {
        this.jdbc = jdbc;
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
                try (Statement statement = connection.createStatement()) {
                    for (String create : ddl) {
                        statement.execute(create);
                    }
                }
                return null;
            });
            ready = true;
        }
    }
}
