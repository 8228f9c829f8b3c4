package dev.sessionkit;

import java.time.Instant;
import java.util.Objects;

/**
 * How long a session lives: the rules for what a load does to its time-to-live, and for a stored session that has
 * expired. A session's lifetime is its cookie's:
 * <ul>
 *   <li>with an expiry and without {@code rolling}, the client keeps the cookie until the expiry its last
 *       {@code Set-Cookie} gave, which is the expiry its last save stored; reads do not extend it, and a stored expiry
 *       in the past means the session is over;</li>
 *   <li>with a {@code maxAge} and {@code rolling}, every response sends the cookie again, so every request extends
 *       the session by its {@code maxAge}; the store's time-to-live, extended by each load, is then the authority, as
 *       the stored expiry changes only when the session is written;</li>
 *   <li>without an expiry (a browser-session cookie), the store's default time-to-live is an idle timeout, extended
 *       by each load.</li>
 * </ul>
 * The load extends the time-to-live in the same round trip as the read ({@link SessionStore#getAndTouch}), before the
 * record says what the session's own lifetime is, so it assumes the configured one ({@link #assumed}); when the
 * record's own lifetime ({@link #own}) differs, one more store call corrects it at once ({@link #correction}), so a
 * session with a shorter lifetime of its own never outlives it, whether or not the end of the request runs.
 */
final class Lifetime {

    private Lifetime() {
    }

    /**
     * What a load does to a session's time-to-live: keep the one its last write set, or extend it to an instant
     * ({@code null}: the store's default time-to-live).
     */
    record Touch(boolean extend, Instant expiresAt) {
        static final Touch KEEP = new Touch(false, null);

        static Touch to(Instant expiresAt) {
            return new Touch(true, expiresAt);
        }
    }

    /**
     * The touch a load makes before it knows the record, from the configured cookie: a session saved with that
     * cookie has an expiry exactly when the configuration gives one.
     */
    static Touch assumed(CookieOptions configured, boolean rolling, Instant now) {
        if (configured.maxAge().isPresent()) {
            return rolling ? Touch.to(now.plus(configured.maxAge().get())) : Touch.KEEP;
        }
        return configured.expires().isPresent() ? Touch.KEEP : Touch.to(null);
    }

    /** The touch a loaded session's own lifetime asks for. */
    static Touch own(RecordCodec.StoredLifetime stored, CookieOptions configured, boolean rolling, Instant now) {
        if (stored == null) {
            return assumed(configured, rolling, now);
        }
        if (stored.maxAge() != null) {
            // Without a stored expiry (not a record express or SessionKit writes) there is none to keep.
            return rolling || stored.expires() == null ? Touch.to(now.plus(stored.maxAge())) : Touch.KEEP;
        }
        return stored.expires() != null ? Touch.KEEP : Touch.to(null);
    }

    /**
     * Whether a stored session is over: its stored expiry has passed, and that expiry is the one its client's cookie
     * has (not a rolling session's, which the store's time-to-live carries).
     */
    static boolean expired(RecordCodec.StoredLifetime stored, boolean rolling, Instant now) {
        if (stored == null || stored.expires() == null || rolling && stored.maxAge() != null) {
            return false;
        }
        return !stored.expires().isAfter(now);
    }

    /**
     * The touch that puts right what the load's assumption did, or {@code null} when it was right: back to the
     * stored expiry when the load extended a session that keeps its own, to the own expiry when it differs.
     */
    static Touch correction(Touch assumed, Touch own, RecordCodec.StoredLifetime stored) {
        if (own.extend()) {
            return own.equals(assumed) ? null : own;
        }
        return assumed.extend() ? Touch.to(Objects.requireNonNull(stored.expires(), "a kept lifetime has an expiry"))
                : null;
    }
}
