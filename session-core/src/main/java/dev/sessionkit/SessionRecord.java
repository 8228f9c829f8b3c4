package dev.sessionkit;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A session as a store writes it: the express-session JSON ({@code {"cookie":{…},…data}}) and the instant the cookie
 * expires, so that a store can set its time-to-live without parsing the JSON.
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows neither the JSON nor any id.
 */
public final class SessionRecord {

    private final Instant expiresAt;
    private Supplier<String> encoder;
    private volatile String json;

    private SessionRecord(Supplier<String> encoder, String json, Instant expiresAt) {
        this.encoder = encoder;
        this.json = json;
        this.expiresAt = expiresAt;
    }

    /**
     * Returns a record.
     *
     * @param json the express-session JSON of the session
     * @param expiresAt when the session cookie expires, or {@code null} for a browser-session cookie (the store's
     *     default time-to-live applies)
     * @return the record
     */
    public static SessionRecord of(String json, Instant expiresAt) {
        return new SessionRecord(null, Objects.requireNonNull(json, "json"), expiresAt);
    }

    /** A record whose JSON is produced only if a store asks for it: touch usually needs the expiry alone. */
    static SessionRecord lazy(Supplier<String> encoder, Instant expiresAt) {
        return new SessionRecord(encoder, null, expiresAt);
    }

    /**
     * Returns the express-session JSON of the session.
     *
     * @return the JSON text
     */
    public String json() {
        String result = json;
        if (result == null) {
            synchronized (this) {
                result = json;
                if (result == null) {
                    result = encoder.get();
                    json = result;
                    encoder = null;
                }
            }
        }
        return result;
    }

    /**
     * Returns when the session cookie expires.
     *
     * @return the expiry, or empty for a browser-session cookie
     */
    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    /**
     * Returns the time-to-live in whole seconds as connect-redis computes it: the seconds until the cookie expires,
     * rounded up, or {@code defaultTtl} when the cookie has no expiry. Zero or less means the record must not be
     * kept.
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
