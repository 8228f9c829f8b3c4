package dev.sessionkit.store.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes waiting for a pooled connection visible: at most once a second, a store call looks at the pool's statistics
 * (commons-pool2 keeps the wait of its last 100 borrows), and when requests waited for a free connection, a WARN says
 * so, how long, and what to change; at most one such line a minute. Costs a clock read per call. The same figures
 * are in JMX ({@code org.apache.commons.pool2:type=GenericObjectPool}: {@code MeanBorrowWaitTimeMillis},
 * {@code MaxBorrowWaitTimeMillis}, {@code NumWaiters}, {@code NumActive}). Thread-safe.
 */
final class PoolWatch {

    /** A watch that never looks: for a store on a client its application built and watches itself. */
    static final PoolWatch NONE = new PoolWatch(null, System::nanoTime);

    /** A mean wait at or above this is queueing, not the cost of a borrow (a few microseconds). */
    static final Duration QUEUEING = Duration.ofMillis(1);

    private static final Logger LOG = LoggerFactory.getLogger(PoolWatch.class);
    private static final long CHECK_EVERY_NANOS = Duration.ofSeconds(1).toNanos();
    private static final long LOG_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

    private final GenericObjectPool<?> pool;
    private final LongSupplier nanoTime;
    private final AtomicLong nextCheck;
    private final AtomicLong nextLog;

    PoolWatch(GenericObjectPool<?> pool, LongSupplier nanoTime) {
        this.pool = pool;
        this.nanoTime = nanoTime;
        long now = nanoTime.getAsLong();
        this.nextCheck = new AtomicLong(now);
        this.nextLog = new AtomicLong(now);
    }

    /**
     * Called before each store call: looks at the pool when a second has passed since it last did.
     *
     * @return the warning it logged, or {@code null}
     */
    String check() {
        if (pool == null) {
            return null;
        }
        long now = nanoTime.getAsLong();
        long due = nextCheck.get();
        if (now - due < 0 || !nextCheck.compareAndSet(due, now + CHECK_EVERY_NANOS)) {
            return null; // not yet, or another thread is looking
        }
        Duration meanWait = pool.getMeanBorrowWaitDuration();
        int waiters = pool.getNumWaiters();
        // A borrow's wait includes opening a connection when the pool grows: only a full pool queues.
        boolean full = pool.getNumActive() + pool.getNumIdle() >= pool.getMaxTotal();
        boolean queueing = waiters > 0 || full && meanWait.compareTo(QUEUEING) >= 0;
        long logDue = nextLog.get();
        if (!queueing || now - logDue < 0 || !nextLog.compareAndSet(logDue, now + LOG_EVERY_NANOS)) {
            return null;
        }
        String warning = "Redis connection pool: store calls wait for a free connection (mean wait "
                + meanWait.toMillis() + " ms over the last borrows, longest " + pool.getMaxBorrowWaitDuration().toMillis()
                + " ms, " + waiters + " waiting now, a pool of " + pool.getMaxTotal() + "); raise maxConnections, or "
                + "calls fail (503) once a wait reaches readTimeout";
        LOG.warn(warning);
        return warning;
    }
}
