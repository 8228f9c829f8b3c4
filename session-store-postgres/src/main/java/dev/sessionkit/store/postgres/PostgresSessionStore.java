package dev.sessionkit.store.postgres;

import dev.sessionkit.store.SessionEnumeration;
import dev.sessionkit.store.SessionRecord;
import dev.sessionkit.store.SessionStore;
import dev.sessionkit.store.StoreFacets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import javax.sql.DataSource;

/**
 * A {@link SessionStore} in PostgreSQL, in connect-pg-simple's table, shared with express-session +
 * connect-pg-simple: {@code session(sid varchar primary key, sess json, expire timestamp(6))}, {@code sess} the
 * express-session JSON as text, {@code expire} when the session ends. The application hands the store a
 * {@link DataSource} (a pool such as HikariCP); the store depends on no pool.
 *
 * <p>Each operation is one statement, one round trip: a read is one {@code SELECT} (with the touch, one statement
 * that also moves {@code expire} when it changes), the first save of a new session an {@code INSERT … ON CONFLICT}
 * that never overwrites a live session, the save of a loaded one a conditional {@code UPDATE} comparing the stored
 * text with the record loaded (the compare-and-set), a destroy one {@code DELETE}. No read ever returns a row whose
 * {@code expire} has passed; expired rows are deleted by a bounded background job
 * ({@link Builder#pruneInterval(Duration)}), on which nothing depends.
 *
 * <p>Time: {@code expire} holds {@code to_timestamp(epoch seconds)} rendered in {@linkplain Builder#timeZone(ZoneId)
 * the server's time zone}, as connect-pg-simple writes it through Node's {@code pg}; the store names that zone in
 * every statement, so the JDBC session's own zone (the JVM's) never matters. "Now" is the store's clock, passed to
 * each statement as connect-pg-simple passes Node's.
 *
 * <p>Every JDBC failure (the database down, the pool exhausted, an SQL error) becomes a
 * {@link dev.sessionkit.store.SessionStoreException} naming the operation, the exception's class and its SQLState,
 * never an id, a record or a credential; a failed operation was applied entirely or not at all. The store holds no
 * connection between calls, so it works again as soon as the pool can connect again.
 *
 * <p>Thread-safe. {@link #close()} stops the background job; the {@code DataSource} is the application's to close.
 * Methods throw {@link NullPointerException} for a {@code null} argument.
 *
 * <pre>{@code
 * PostgresSessionStore store = PostgresSessionStore.builder(dataSource).build();
 * }</pre>
 */
public final class PostgresSessionStore implements SessionStore, AutoCloseable {

    private final Jdbc jdbc;
    private final Sql sql;
    private final Clock clock;
    private final Duration defaultTtl;
    private final String description;
    private final Tables tables;
    private final Pruner pruner;
    private final int pruneBatchSize;
    private final StoreFacets facets;

    private PostgresSessionStore(Builder builder) {
        this.jdbc = new Jdbc(builder.dataSource);
        this.sql = new Sql(builder.schemaName, builder.tableName, builder.principalTableName(), builder.zoneName());
        this.clock = builder.clock;
        this.defaultTtl = builder.defaultTtl;
        this.pruneBatchSize = builder.pruneBatchSize;
        this.tables = new Tables(jdbc, sql.table, builder.createTableIfMissing
                ? Sql.createTables(builder.schemaName, builder.tableName, builder.principalTableName()) : null);
        this.description = "PostgresSessionStore{table=" + sql.table + ", defaultTtl=" + defaultTtl + ", timeZone="
                + builder.zoneName() + ", pruneInterval=" + builder.pruneInterval + '}';
        this.facets = StoreFacets.none().withEnumeration(new Enumeration())
                .withPrincipalIndex(new PrincipalTable(jdbc, sql, clock, tables));
        this.pruner = builder.pruneInterval.isZero() ? null
                : new Pruner(jdbc, sql, clock, tables, builder.pruneInterval, builder.pruneBatchSize);
    }

    /**
     * Returns a store with the defaults on the application's {@code DataSource}: table {@code session} in the
     * connection's search path (connect-pg-simple's defaults), not created, expiries in UTC.
     *
     * @param dataSource where connections come from
     * @return the store
     */
    public static PostgresSessionStore create(DataSource dataSource) {
        return builder(dataSource).build();
    }

    /**
     * Returns a builder for a store on the application's {@code DataSource}, which the store never closes.
     *
     * @param dataSource where connections come from: a pool (HikariCP, the application server's)
     * @return a new builder
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(Objects.requireNonNull(dataSource, "dataSource"));
    }

    /** Epoch seconds of the store's now, to the millisecond. */
    private double now() {
        return clock.millis() / 1000.0;
    }

    /**
     * The whole epoch second a session expires at, as connect-pg-simple computes it: its expiry, to the millisecond,
     * rounded up to a second, or now plus the default time-to-live, rounded up; never later than now plus {@code ttlSeconds} (which
     * caps the far future as every store does).
     */
    private long expireSeconds(Instant expiresAt, long ttlSeconds) {
        long latest = Math.floorDiv(clock.millis() + 999, 1000) + ttlSeconds;
        if (expiresAt == null) {
            return latest;
        }
        // To the millisecond first, as the record's cookie.expires holds it and connect-pg-simple reads it: an expiry
        // of x.000300 s is "x.000Z" in the record, so connect-pg-simple writes x, not x + 1.
        long seconds = Math.floorDiv(expiresAt.toEpochMilli() + 999, 1000);
        return Math.min(seconds, latest);
    }

    private long ttl(SessionRecord record) {
        return record.ttlSeconds(clock.instant(), defaultTtl);
    }

    /** {@inheritDoc} In PostgreSQL: {@code SELECT sess FROM session WHERE sid = ? AND expire > to_timestamp(now)}. */
    @Override
    public Optional<String> get(String id) {
        Objects.requireNonNull(id, "id");
        tables.ensure();
        return jdbc.statement("get", sql.get, statement -> {
            statement.setString(1, id);
            statement.setDouble(2, now());
            return first(statement);
        });
    }

    /**
     * {@inheritDoc} In PostgreSQL, one statement: the {@code SELECT} of {@link #get}, with an {@code UPDATE} of
     * {@code expire} in the same statement that writes only when the expiry moves (never the data); when the
     * time-to-live is not positive, a {@code DELETE … RETURNING sess}.
     */
    @Override
    public Optional<String> getAndTouch(String id, Instant expiresAt) {
        Objects.requireNonNull(id, "id");
        tables.ensure();
        long ttl = SessionRecord.ttlSeconds(expiresAt, clock.instant(), defaultTtl);
        if (ttl <= 0) {
            return jdbc.statement("getAndTouch", sql.getAndDelete, statement -> {
                statement.setString(1, id);
                statement.setDouble(2, now());
                return first(statement);
            });
        }
        return jdbc.statement("getAndTouch", sql.getAndTouch, statement -> {
            statement.setString(1, id);
            statement.setDouble(2, now());
            statement.setLong(3, expireSeconds(expiresAt, ttl));
            return first(statement);
        });
    }

    /**
     * {@inheritDoc} In PostgreSQL, one statement: {@link SetMode#IF_ABSENT} an {@code INSERT … ON CONFLICT (sid) DO
     * UPDATE … WHERE} the existing row has expired (a live session is never overwritten), {@link SetMode#ALWAYS}
     * connect-pg-simple's upsert, {@link SetMode#IF_PRESENT} an {@code UPDATE} of the live row. A time-to-live that is
     * not positive deletes instead ({@code IF_ABSENT}: nothing to do).
     */
    @Override
    public boolean set(String id, SessionRecord record, SetMode mode) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(mode, "mode");
        long ttl = ttl(record);
        if (ttl <= 0) {
            return switch (mode) {
                case IF_ABSENT -> true;
                case ALWAYS -> {
                    destroy(id);
                    yield true;
                }
                case IF_PRESENT -> {
                    tables.ensure();
                    yield jdbc.statement("set", sql.deleteIfLive, statement -> {
                        statement.setString(1, id);
                        statement.setDouble(2, now());
                        try (ResultSet rows = statement.executeQuery()) {
                            return rows.next() && rows.getLong(1) > 0;
                        }
                    });
                }
            };
        }
        tables.ensure();
        long expire = expireSeconds(record.expiresAt().orElse(null), ttl);
        if (mode == SetMode.IF_PRESENT) {
            return jdbc.statement("set", sql.setIfPresent, statement -> {
                statement.setString(1, record.json());
                statement.setLong(2, expire);
                statement.setString(3, id);
                statement.setDouble(4, now());
                return statement.executeUpdate() > 0;
            });
        }
        return jdbc.statement("set", mode == SetMode.ALWAYS ? sql.setAlways : sql.setIfAbsent, statement -> {
            statement.setString(1, id);
            statement.setString(2, record.json());
            statement.setLong(3, expire);
            if (mode == SetMode.IF_ABSENT) {
                statement.setDouble(4, now());
            }
            return statement.executeUpdate() > 0;
        });
    }

    /**
     * {@inheritDoc} In PostgreSQL, one statement: locks the live row ({@code SELECT … FOR UPDATE}), compares its
     * text with {@code expected} and, only when they are equal, {@code UPDATE}s it (or {@code DELETE}s it, for a
     * time-to-live that is not positive); it replies the stored text, so a record another writer changed comes back
     * in the same round trip.
     */
    @Override
    public Replaced replace(String id, String expected, SessionRecord record) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(record, "record");
        tables.ensure();
        long ttl = ttl(record);
        return jdbc.statement("replace", ttl > 0 ? sql.replace : sql.replaceByDelete, statement -> {
            statement.setString(1, id);
            statement.setDouble(2, now());
            if (ttl > 0) {
                statement.setString(3, record.json());
                statement.setLong(4, expireSeconds(record.expiresAt().orElse(null), ttl));
                statement.setString(5, expected);
            } else {
                statement.setString(3, expected);
            }
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Replaced.gone();
                }
                return rows.getBoolean(2) ? Replaced.written() : Replaced.changed(rows.getString(1));
            }
        });
    }

    /**
     * {@inheritDoc} In PostgreSQL: {@code UPDATE session SET expire = …} of the live row, only when the expiry moves;
     * a {@code DELETE} when the time-to-live is not positive.
     */
    @Override
    public void touch(String id, SessionRecord record) {
        Objects.requireNonNull(id, "id");
        long ttl = ttl(Objects.requireNonNull(record, "record"));
        if (ttl <= 0) {
            destroy(id);
            return;
        }
        tables.ensure();
        jdbc.statement("touch", sql.touch, statement -> {
            statement.setString(1, id);
            statement.setDouble(2, now());
            statement.setLong(3, expireSeconds(record.expiresAt().orElse(null), ttl));
            return statement.executeUpdate();
        });
    }

    /** {@inheritDoc} In PostgreSQL: {@code DELETE FROM session WHERE sid = ?}. */
    @Override
    public void destroy(String id) {
        Objects.requireNonNull(id, "id");
        tables.ensure();
        jdbc.statement("destroy", sql.delete, statement -> {
            statement.setString(1, id);
            return statement.executeUpdate();
        });
    }

    /**
     * Returns this store's facets: the enumeration of its sessions (the live rows of its table) and the index by
     * principal (a side table, {@code <table>_principal}).
     *
     * @return both facets
     */
    @Override
    public StoreFacets facets() {
        return facets;
    }

    /**
     * Deletes one batch of expired rows now, as the background job does at each interval: up to the batch size of
     * sessions whose {@code expire} has passed, and of index entries whose session is gone.
     *
     * @return how many sessions were deleted
     */
    int prune() {
        return Pruner.pruneOnce(jdbc, sql, clock, tables, pruneBatchSize);
    }

    /** The prune job's runs finished so far; 0 without a job. */
    long pruneRuns() {
        return pruner == null ? 0 : pruner.runs();
    }

    /** Waits until the prune job has finished {@code count} runs, {@code timeout} at most; false without a job. */
    boolean awaitPruneRuns(long count, Duration timeout) throws InterruptedException {
        return pruner != null && pruner.awaitRuns(count, timeout);
    }

    /** Stops the background job (waiting for a batch in progress); the {@code DataSource} stays open. */
    @Override
    public void close() {
        if (pruner != null) {
            pruner.close();
        }
    }

    @Override
    public String toString() {
        return description;
    }

    private static Optional<String> first(java.sql.PreparedStatement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
        }
    }

    /** Ids, count and clear: the live rows of the store's table. */
    private final class Enumeration implements SessionEnumeration {

        @Override
        public Set<String> ids() {
            tables.ensure();
            return jdbc.statement("ids", sql.ids, statement -> {
                statement.setDouble(1, now());
                Set<String> ids = new HashSet<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                }
                return Set.copyOf(ids);
            });
        }

        @Override
        public long length() {
            tables.ensure();
            return jdbc.statement("length", sql.count, statement -> {
                statement.setDouble(1, now());
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            });
        }

        /** PostgreSQL's estimate of the table's rows ({@code pg_class.reltuples}); empty before its first analyse. */
        @Override
        public OptionalLong estimatedSize() {
            tables.ensure();
            return jdbc.statement("estimatedSize", sql.estimate, statement -> {
                statement.setString(1, sql.table);
                try (ResultSet rows = statement.executeQuery()) {
                    long estimate = rows.next() ? rows.getLong(1) : -1;
                    return estimate < 0 ? OptionalLong.empty() : OptionalLong.of(estimate);
                }
            });
        }

        /** Deletes every row of the store's table and of its principal index, in one statement. */
        @Override
        public void clear() {
            tables.ensure();
            jdbc.statement("clear", sql.clear, statement -> statement.executeUpdate());
        }
    }

    /**
     * Configures a {@link PostgresSessionStore}. Each option has a default. A {@code null} argument throws
     * {@link NullPointerException}. Not thread-safe; the store it builds is.
     */
    public static final class Builder {

        static final int DEFAULT_BATCH = 1000;

        private final DataSource dataSource;
        private String tableName = "session"; // connect-pg-simple's defaults
        private String schemaName;
        private String principalTableName;
        private boolean createTableIfMissing;
        private ZoneId timeZone = ZoneOffset.UTC;
        private Duration defaultTtl = Duration.ofDays(1);
        private Clock clock = Clock.systemUTC();
        private Duration pruneInterval = Duration.ofMinutes(15);
        private int pruneBatchSize = DEFAULT_BATCH;

        private Builder(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        /**
         * Sets the table's name, as connect-pg-simple's {@code tableName}; quoted, so used exactly as given. Default:
         * {@code session}.
         *
         * @param tableName the table, not blank
         * @return this builder
         * @throws IllegalArgumentException if {@code tableName} is blank
         */
        public Builder tableName(String tableName) {
            this.tableName = identifier("tableName", tableName);
            return this;
        }

        /**
         * Sets the table's schema, as connect-pg-simple's {@code schemaName}; quoted, so used exactly as given.
         * Default: none, the connection's {@code search_path} decides.
         *
         * @param schemaName the schema, not blank
         * @return this builder
         * @throws IllegalArgumentException if {@code schemaName} is blank
         */
        public Builder schemaName(String schemaName) {
            this.schemaName = identifier("schemaName", schemaName);
            return this;
        }

        /**
         * Sets the name of the principal index's table, in the same schema. Default: the table's name and
         * {@code _principal} ({@code session_principal}).
         *
         * @param principalTableName the table, not blank
         * @return this builder
         * @throws IllegalArgumentException if {@code principalTableName} is blank
         */
        public Builder principalTableName(String principalTableName) {
            this.principalTableName = identifier("principalTableName", principalTableName);
            return this;
        }

        /**
         * Creates the table (connect-pg-simple's, with its primary key and its index on {@code expire}) and the
         * principal index's table when they are missing, before the store's first statement, as connect-pg-simple's
         * {@code createTableIfMissing}. Needs the right to create tables. Default: {@code false}, as in
         * connect-pg-simple: the tables are the application's (see the README for their DDL).
         *
         * @param createTableIfMissing whether to create missing tables
         * @return this builder
         */
        public Builder createTableIfMissing(boolean createTableIfMissing) {
            this.createTableIfMissing = createTableIfMissing;
            return this;
        }

        /**
         * Sets the time zone {@code expire} is written and read in: the server's {@code timezone} setting (what
         * {@code SHOW timezone} answers in {@code psql}), which is the zone of the Node services' sessions, since
         * Node's {@code pg} leaves it alone and connect-pg-simple stores {@code to_timestamp(epoch)} into a
         * {@code timestamp without time zone}. PostgreSQL's JDBC driver sets its sessions to the JVM's zone instead,
         * so the store names this one in every statement. Default: UTC (the default of most managed PostgreSQL
         * services; Debian's {@code initdb} takes the machine's zone).
         *
         * @param timeZone a region ({@code America/New_York}) or {@code UTC}; not another fixed offset, whose sign
         *     PostgreSQL reads the POSIX way, the other way round
         * @return this builder
         * @throws IllegalArgumentException for a fixed offset other than UTC
         */
        public Builder timeZone(ZoneId timeZone) {
            Objects.requireNonNull(timeZone, "timeZone");
            if (timeZone instanceof ZoneOffset offset && !offset.equals(ZoneOffset.UTC)) {
                throw new IllegalArgumentException("timeZone must be a region or UTC, was the offset " + offset);
            }
            this.timeZone = timeZone;
            return this;
        }

        /**
         * Sets how long sessions whose cookie has no expiry (browser-session cookies) are kept, in whole seconds.
         * Default: one day, as connect-pg-simple's {@code ttl}.
         *
         * @param defaultTtl the time-to-live, at least one second
         * @return this builder
         * @throws IllegalArgumentException if {@code defaultTtl} is shorter than one second
         */
        public Builder defaultTtl(Duration defaultTtl) {
            Objects.requireNonNull(defaultTtl, "defaultTtl");
            if (defaultTtl.toSeconds() < 1) {
                throw new IllegalArgumentException("defaultTtl must be at least one second, was " + defaultTtl);
            }
            this.defaultTtl = defaultTtl;
            return this;
        }

        /**
         * Sets the clock "now" comes from, for expiries and for what counts as expired; tests pass a clock they move
         * by hand. Every service sharing the table needs clocks that agree, as with connect-pg-simple. Default:
         * {@link Clock#systemUTC()}.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets how often a background thread deletes expired rows, one batch at a time, as connect-pg-simple's
         * {@code pruneSessionInterval}; {@link Duration#ZERO} turns it off (another service prunes, or a cron job).
         * Reads never return an expired row either way. Default: 15 minutes, connect-pg-simple's.
         *
         * @param pruneInterval the interval, zero (off) or at least one second
         * @return this builder
         * @throws IllegalArgumentException if it is negative or between zero and one second
         */
        public Builder pruneInterval(Duration pruneInterval) {
            Objects.requireNonNull(pruneInterval, "pruneInterval");
            if (pruneInterval.isNegative() || (!pruneInterval.isZero() && pruneInterval.toMillis() < 1000)) {
                throw new IllegalArgumentException("pruneInterval must be zero (off) or at least one second, was "
                        + pruneInterval);
            }
            this.pruneInterval = pruneInterval;
            return this;
        }

        /**
         * Sets how many expired rows one statement of the background job deletes at most; the job runs batches until
         * one deletes fewer. Default: 1000.
         *
         * @param pruneBatchSize at least 1
         * @return this builder
         * @throws IllegalArgumentException if it is less than 1
         */
        public Builder pruneBatchSize(int pruneBatchSize) {
            if (pruneBatchSize < 1) {
                throw new IllegalArgumentException("pruneBatchSize must be at least 1, was " + pruneBatchSize);
            }
            this.pruneBatchSize = pruneBatchSize;
            return this;
        }

        /**
         * Returns a store with these options, and starts its background job. Nothing is sent to the database yet.
         *
         * @return the store
         */
        public PostgresSessionStore build() {
            return new PostgresSessionStore(this);
        }

        private String principalTableName() {
            return principalTableName != null ? principalTableName : tableName + "_principal";
        }

        private String zoneName() {
            return timeZone.equals(ZoneOffset.UTC) ? "UTC" : timeZone.getId();
        }

        private static String identifier(String name, String value) {
            Objects.requireNonNull(value, name);
            if (value.isBlank() || value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException(name + " must not be blank, was \"" + value + '"');
            }
            return value;
        }
    }
}
