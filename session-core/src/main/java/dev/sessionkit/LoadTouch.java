package dev.sessionkit;

import java.time.Instant;
import java.util.Objects;

/**
 * The rule for the time-to-live a load gives a session. The load extends it in the same round trip as the read
 * ({@link SessionStore#getAndTouch}), before the record says what the session's own cookie is, so it assumes the
 * configured lifetime; the end of the request touches again only when that assumption did not hold.
 */
final class LoadTouch {

    private LoadTouch() {
    }

    /** The expiry a session with the configured cookie gets now, or {@code null} for a browser-session cookie. */
    static Instant assumedExpiry(CookieOptions configured, Instant now) {
        if (configured.maxAge().isPresent()) {
            return now.plus(configured.maxAge().get());
        }
        return configured.expires().orElse(null);
    }

    /** Whether a session's cookie expires as the configuration says, which is what the load's touch assumed. */
    static boolean held(CookieAttributes cookie, CookieOptions configured) {
        if (cookie.maxAge() != null || configured.maxAge().isPresent()) {
            return Objects.equals(cookie.maxAge(), configured.maxAge().orElse(null));
        }
        return Objects.equals(cookie.expires(), configured.expires().orElse(null));
    }
}
