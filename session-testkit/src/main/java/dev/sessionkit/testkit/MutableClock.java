package dev.sessionkit.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that tests move by hand, so that expiry is tested without sleeping. Thread-safe.
 */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /**
     * Returns a clock standing at the given instant, in UTC.
     *
     * @param start the initial instant
     * @return the clock
     */
    public static MutableClock at(Instant start) {
        return new MutableClock(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    /**
     * Returns a clock standing at {@code 2030-01-02T03:04:05Z}, a fixed instant that makes expected dates readable.
     *
     * @return the clock
     */
    public static MutableClock fixed() {
        return at(Instant.parse("2030-01-02T03:04:05Z"));
    }

    /**
     * Moves the clock forward (or back, for a negative duration).
     *
     * @param duration how far to move
     * @return this clock
     */
    public MutableClock advance(Duration duration) {
        now.updateAndGet(instant -> instant.plus(duration));
        return this;
    }

    /**
     * Sets the clock to an instant.
     *
     * @param instant the new instant
     */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    /**
     * Returns the clock's reading as the nanoseconds of a Caffeine-style {@code Ticker}.
     *
     * @return nanoseconds since the epoch
     */
    public long nanos() {
        Instant instant = now.get();
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new MutableClock(now, zone);
    }

    @Override
    public String toString() {
        return "MutableClock[" + now.get() + "]";
    }
}
