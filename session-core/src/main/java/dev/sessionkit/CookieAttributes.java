package dev.sessionkit;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The nine attributes of the session cookie as one immutable value: what {@link CookieOptions} configures, what each
 * session's {@link EditableCookie} holds, what {@link RecordCodec} stores and what {@link Cookies#serialize} writes.
 * {@code secure} is resolved: a {@code secure: auto} option becomes the request's own security when a session takes
 * its copy ({@link CookieOptions#forRequest(boolean)}).
 *
 * <p>The {@code with…} methods return copies; they check nothing, the callers that take untrusted or user values do.
 */
record CookieAttributes(String path, String domain, boolean httpOnly, boolean secure, Duration maxAge, Instant expires,
                        SameSite sameSite, boolean partitioned, CookiePriority priority) {

    /** h3-session's defaults, {@code Path=/; HttpOnly; Secure}, a browser-session cookie, and {@code SameSite=Lax}. */
    static final CookieAttributes DEFAULTS =
            new CookieAttributes("/", null, true, true, null, null, SameSite.LAX, false, null);

    CookieAttributes {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sameSite, "sameSite");
    }

    CookieAttributes withPath(String path) {
        return new CookieAttributes(path, domain, httpOnly, secure, maxAge, expires, sameSite, partitioned, priority);
    }

    CookieAttributes withDomain(String domain) {
        return new CookieAttributes(path, domain, httpOnly, secure, maxAge, expires, sameSite, partitioned, priority);
    }

    CookieAttributes withHttpOnly(boolean httpOnly) {
        return new CookieAttributes(path, domain, httpOnly, secure, maxAge, expires, sameSite, partitioned, priority);
    }

    CookieAttributes withSecure(boolean secure) {
        return new CookieAttributes(path, domain, httpOnly, secure, maxAge, expires, sameSite, partitioned, priority);
    }

    CookieAttributes withMaxAge(Duration maxAge) {
        return new CookieAttributes(path, domain, httpOnly, secure, maxAge, expires, sameSite, partitioned, priority);
    }

    CookieAttributes withExpires(Instant expires) {
        return new CookieAttributes(path, domain, httpOnly, secure, maxAge, expires, sameSite, partitioned, priority);
    }

    CookieAttributes withSameSite(SameSite sameSite) {
        return new CookieAttributes(path, domain, httpOnly, secure, maxAge, expires, sameSite, partitioned, priority);
    }

    CookieAttributes withPartitioned(boolean partitioned) {
        return new CookieAttributes(path, domain, httpOnly, secure, maxAge, expires, sameSite, partitioned, priority);
    }

    CookieAttributes withPriority(CookiePriority priority) {
        return new CookieAttributes(path, domain, httpOnly, secure, maxAge, expires, sameSite, partitioned, priority);
    }

    /** Moves a sliding expiry to {@code now + maxAge}, as express-session's {@code resetMaxAge} does per request. */
    CookieAttributes refreshed(Instant now) {
        return maxAge == null ? this : withExpires(now.plus(maxAge));
    }

    /** The attributes of a cookie that tells the browser to drop it: {@code Max-Age=0} and an expiry in 1970. */
    CookieAttributes expired() {
        return withMaxAge(Duration.ZERO).withExpires(Instant.EPOCH);
    }
}
