package dev.sessionkit;

import dev.sessionkit.store.SessionStore;
import java.time.Instant;

/**
 * How long a session lives: the rules for what a load does to its time-to-live, for the time-to-live a write gives
 * it, and for a stored session that is over. A session ends at the earliest of:
 * <ul>
 *   <li>its cookie's expiry. With an expiry and without {@code rolling}, the client keeps the cookie until the
 *       expiry its last {@code Set-Cookie} gave, which is the expiry its last save stored: reads do not extend it,
 *       and a stored expiry in the past means the session is over. With a {@code maxAge} and {@code rolling}, every
 *       request extends it by its {@code maxAge}. A browser-session cookie has no expiry: the store's default
 *       time-to-live then acts as an idle timeout;</li>
 *   <li>{@code idleTimeout} after its last request: each load extends the time-to-live to it;</li>
 *   <li>{@code absoluteTimeout} after its last login ({@code __sessionkit.authenticated}), else its creation
 *       ({@code __sessionkit.created}), however it is used: no time-to-live SessionKit sets goes past it, and a load
 *       past it deletes the session.</li>
 * </ul>
 * The load extends the time-to-live in the same round trip as the read ({@link SessionStore#getAndTouch}), before the
 * record says what the session's own lifetime is, so it assumes the configured one ({@link #assumed}); when the
 * record's own lifetime ({@link #own}) asks for another, one more store call corrects it at once
 * ({@link #correction}), so a session with a shorter lifetime of its own never outlives it, whether or not the end of
 * the request runs.
 */
final class Lifetime {

    private Lifetime() {
    }

    /**
     * What a load does to a session's time-to-live: keep the one its last write set (which {@code expiresAt}, when
     * known, tells), or extend it to {@code expiresAt} ({@code null}: the store's default time-to-live).
     */
    record Touch(boolean extend, Instant expiresAt) {
        static final Touch KEEP = new Touch(false, null);

        static Touch to(Instant expiresAt) {
            return new Touch(true, expiresAt);
        }
    }

    /** The touch a load makes before it knows the record, from the configuration. */
    static Touch assumed(SessionConfig<?> config, Instant now) {
        CookieOptions cookie = config.cookie();
        Instant idle = config.idleTimeout().map(now::plus).orElse(null);
        if (cookie.maxAge().isPresent()) {
            return config.rolling() ? Touch.to(earliest(now.plus(cookie.maxAge().get()), idle))
                    : idle == null ? Touch.KEEP : Touch.to(idle);
        }
        if (cookie.expires().isPresent()) {
            return idle == null ? Touch.KEEP : Touch.to(earliest(cookie.expires().get(), idle));
        }
        return Touch.to(idle);
    }

    /** The touch a loaded session's own lifetime asks for. */
    static Touch own(DecodedRecord<?> record, SessionConfig<?> config, Instant now) {
        StoredLifetime stored = record.lifetime();
        if (stored == null) {
            return assumed(config, now); // no stored cookie: the session has the configured one
        }
        Instant idle = config.idleTimeout().map(now::plus).orElse(null);
        Instant deadline = deadline(record.meta(), config);
        if (stored.maxAge() != null && (config.rolling() || stored.expires() == null)) {
            return Touch.to(earliest(earliest(now.plus(stored.maxAge()), idle), deadline));
        }
        if (stored.expires() != null) {
            // The last write set the time-to-live to this expiry (or the earlier deadline): keep it, or cap an idle
            // timeout's extension at it.
            Instant kept = earliest(stored.expires(), deadline);
            return idle == null ? new Touch(false, kept) : Touch.to(earliest(kept, idle));
        }
        return Touch.to(earliest(idle, deadline));
    }

    /**
     * Whether a stored session is over: logged in (else created) more than {@code absoluteTimeout} ago, or past its
     * stored expiry when that expiry is the one its client's cookie has (not a rolling session's, which the store's
     * time-to-live carries). Idleness is the store's time-to-live's business: an idle session is gone before it is read.
     */
    static boolean expired(DecodedRecord<?> record, SessionConfig<?> config, Instant now) {
        Instant deadline = deadline(record.meta(), config);
        if (deadline != null && !deadline.isAfter(now)) {
            return true;
        }
        StoredLifetime stored = record.lifetime();
        if (stored == null || stored.expires() == null || config.rolling() && stored.maxAge() != null) {
            return false;
        }
        return !stored.expires().isAfter(now);
    }

    /**
     * The touch that puts right what the load's assumption did, or {@code null} when it was right: back to the
     * session's kept expiry when the load extended a session that keeps its own, to its own expiry when that
     * differs.
     */
    static Touch correction(Touch assumed, Touch own) {
        if (own.extend()) {
            return own.equals(assumed) ? null : own;
        }
        return assumed.extend() ? Touch.to(own.expiresAt()) : null;
    }

    /**
     * The expiry a write gives a session in the store: the earliest of its cookie's expiry, the idle and the
     * absolute deadlines; {@code null} (the store's default time-to-live) when it has none of them.
     */
    static Instant storeExpiry(CookieAttributes cookie, Instant start, SessionConfig<?> config, Instant now) {
        Instant idle = config.idleTimeout().map(now::plus).orElse(null);
        Instant deadline = config.absoluteTimeout().map(start::plus).orElse(null);
        return earliest(earliest(cookie.expires(), idle), deadline);
    }

    /** When a session must end however it is used, or {@code null} without an absolute timeout or a known age. */
    private static Instant deadline(RecordMeta meta, SessionConfig<?> config) {
        return meta == null ? null : config.absoluteTimeout().map(meta.lifetimeStart()::plus).orElse(null);
    }

    /** The earlier instant; {@code null} stands for none. */
    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }
}
