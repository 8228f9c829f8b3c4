package dev.sessionkit;

import java.util.concurrent.atomic.AtomicLong;

/**
 * At most one log line per interval for a failure that repeats on every request (a store outage answers thousands of
 * requests a second with 503): the first is logged in full, the next ones within the interval are counted, and the
 * next line logged says how many were not. Thread-safe and lock-free.
 */
final class LogThrottle {

    private final long intervalMillis;
    /** When a line was last logged; {@code Long.MIN_VALUE}: never. */
    private final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    LogThrottle(long intervalMillis) {
        this.intervalMillis = intervalMillis;
    }

    /**
     * Returns whether to log now; when it does not, counts the occurrence.
     *
     * @param nowMillis the current time
     * @return {@code -1} to skip the line, else the number of occurrences not logged since the last line
     */
    long check(long nowMillis) {
        long last = lastLogged.get();
        if ((last == Long.MIN_VALUE || nowMillis - last >= intervalMillis) && lastLogged.compareAndSet(last, nowMillis)) {
            return suppressed.getAndSet(0);
        }
        suppressed.incrementAndGet();
        return -1;
    }
}
