package dev.sessionkit.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A session as a store writes it: the express-session JSON ({@code {"cookie":{…},"__sessionkit":{…},…data}}), the
 * instant the session expires (the earliest of its cookie's expiry and its idle and absolute deadlines), so that a
 * store can set its time-to-live without parsing the JSON.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the JSON.
 */
public final class SessionRecord {

    private final String json;
    private final Instant expiresAt;

    private SessionRecord(String json, Instant expiresAt) {
        this.json = Objects.requireNonNull(json, "json");
        this.expiresAt = expiresAt;
    }

    /**
     * Returns a record.
     *
     * @param json the express-session JSON of the session
     * @param expiresAt when the session expires, or {@code null} when nothing bounds it (a browser-session cookie
     *     without idle or absolute timeout: the store's default time-to-live applies)
     * @return the record
     */
    public static SessionRecord of(String json, Instant expiresAt) {
        return new SessionRecord(json, expiresAt);
    }

    /**
     * Returns the express-session JSON of the session.
     *
     * @return the JSON text
     */
    public String json() {
        return json;
    }

    /**
     * Returns when the session expires.
     *
     * @return the expiry, or empty when nothing bounds it (the store's default time-to-live applies)
     */
    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    /**
     * Returns the time-to-live in whole seconds as connect-redis computes it: the seconds until the session expires,
     * rounded up, or {@code defaultTtl} when it has no expiry. Zero or less means the record must not be kept.
     *
     * @param now the current instant, from the store's clock
     * @param defaultTtl the store's time-to-live for records without an expiry
     * @return the time-to-live in seconds
     */
    public long ttlSeconds(Instant now, Duration defaultTtl) {
        return ttlSeconds(expiresAt, now, defaultTtl);
    }

    /**
     * Returns the time-to-live in whole seconds for an expiry, as {@link #ttlSeconds(Instant, Duration)} does for a
     * record: rounded up, capped at {@link Integer#MAX_VALUE} seconds (about 68 years), {@code defaultTtl} when
     * there is no expiry.
     *
     * @param expiresAt when the session cookie expires, or {@code null}
     * @param now the current instant
     * @param defaultTtl the time-to-live for records without an expiry
     * @return the time-to-live in seconds; zero or less means the record must not be kept
     */
    public static long ttlSeconds(Instant expiresAt, Instant now, Duration defaultTtl) {
        if (expiresAt == null) {
            return defaultTtl.toSeconds();
        }
        return ttlSeconds(Duration.between(now, expiresAt));
    }

    /**
     * Returns a time-to-live in whole seconds as stores keep it: rounded up, capped at {@link Integer#MAX_VALUE}
     * seconds, the range Redis accepts for {@code EX}. For stores whose time-to-live comes from a function.
     *
     * @param ttl the time-to-live; zero or negative stays so (the record must not be kept)
     * @return the time-to-live in seconds
     */
    public static long ttlSeconds(Duration ttl) {
        // Duration keeps seconds and a non-negative nano part, so this is a ceiling that cannot overflow.
        long seconds = ttl.getSeconds() + (ttl.getNano() > 0 ? 1 : 0);
        return Math.min(seconds, Integer.MAX_VALUE);
    }

    @Override
    public String toString() {
        return "SessionRecord{expiresAt=" + expiresAt + '}';
    }
}
