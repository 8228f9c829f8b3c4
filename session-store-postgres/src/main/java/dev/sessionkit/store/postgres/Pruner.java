package dev.sessionkit.store.postgres;

import dev.sessionkit.store.PrincipalIndex;
import dev.sessionkit.store.SessionStoreException;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background job that deletes expired rows: on one daemon thread, every interval, batches of at most
 * {@code batchSize} sessions whose {@code expire} has passed ({@code DELETE … WHERE sid IN (SELECT … LIMIT n FOR
 * UPDATE SKIP LOCKED)}, so pruners of several instances do not wait for each other) until a batch deletes fewer, then
 * one batch of principal index entries whose session is gone. Nothing depends on it: reads never return an expired
 * row. A failure is logged at WARN and the job tries again at the next interval. Stopped by {@link #close()}.
 */
final class Pruner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Pruner.class);
    /** Bounds one run, so that a backlog is worked off over several intervals rather than in one long loop. */
    private static final int MAX_BATCHES_PER_RUN = 100;

    private final Jdbc jdbc;
    private final Sql sql;
    private final Clock clock;
    private final Tables tables;
    private final int batchSize;
    private final ScheduledExecutorService executor;
    /** Guards {@link #runs}: the runs finished so far, which tests wait for instead of sleeping. */
    private final Object runLock = new Object();
    private long runs;

    Pruner(Jdbc jdbc, Sql sql, Clock clock, Tables tables, Duration interval, int batchSize) {
        this.jdbc = jdbc;
        this.sql = sql;
        this.clock = clock;
        this.tables = tables;
        this.batchSize = batchSize;
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "sessionkit-postgres-prune");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        executor.scheduleWithFixedDelay(this::run, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void run() {
        try {
            int deleted = 0;
            for (int batch = 0; batch < MAX_BATCHES_PER_RUN && !executor.isShutdown(); batch++) {
                int count = pruneSessions(jdbc, sql, clock, tables, batchSize);
                deleted += count;
                if (count < batchSize) {
                    break;
                }
            }
            pruneEntries(jdbc, sql, clock, batchSize);
            LOG.debug("pruned {} expired sessions", deleted);
        } catch (SessionStoreException e) {
            LOG.warn("Pruning expired sessions failed, trying again at the next interval: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Pruning expired sessions failed, trying again at the next interval", e);
        } finally {
            synchronized (runLock) {
                runs++;
                runLock.notifyAll();
            }
        }
    }

    /** The runs finished so far. */
    long runs() {
        synchronized (runLock) {
            return runs;
        }
    }

    /** Waits until the job has finished {@code count} runs in all, {@code timeout} at most; whether it had. */
    boolean awaitRuns(long count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (runLock) {
            while (runs < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(runLock, left);
            }
            return true;
        }
    }

    /** One batch of sessions and one of index entries, for a caller that prunes by hand (and tests). */
    static int pruneOnce(Jdbc jdbc, Sql sql, Clock clock, Tables tables, int batchSize) {
        int deleted = pruneSessions(jdbc, sql, clock, tables, batchSize);
        pruneEntries(jdbc, sql, clock, batchSize);
        return deleted;
    }

    private static int pruneSessions(Jdbc jdbc, Sql sql, Clock clock, Tables tables, int batchSize) {
        tables.ensure();
        return jdbc.statement("prune", sql.pruneSessions, statement -> {
            statement.setDouble(1, clock.millis() / 1000.0);
            statement.setInt(2, batchSize);
            return statement.executeUpdate();
        });
    }

    /** Entries whose session can no longer live, or is gone past the grace; none when there is no index table. */
    private static void pruneEntries(Jdbc jdbc, Sql sql, Clock clock, int batchSize) {
        boolean exists = jdbc.statement("prune", sql.principalsExist, statement -> {
            statement.setString(1, sql.principals);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() && rows.getBoolean(1);
            }
        });
        if (!exists) {
            return;
        }
        long now = clock.millis();
        jdbc.statement("prune", sql.prunePrincipals, statement -> {
            statement.setDouble(1, now / 1000.0);
            statement.setDouble(2, now / 1000.0);
            statement.setDouble(3, (now - PrincipalIndex.WRITE_GRACE.toMillis()) / 1000.0);
            statement.setInt(4, batchSize);
            return statement.executeUpdate();
        });
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("The prune job did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
