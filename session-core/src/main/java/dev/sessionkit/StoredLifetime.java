package dev.sessionkit;

import java.time.Duration;
import java.time.Instant;

/**
 * The lifetime a record stored: {@code cookie.originalMaxAge} and {@code cookie.expires}, each {@code null} when
 * absent. Of a stored cookie nothing else is read: the configuration owns the cookie's security attributes
 * (Secure, HttpOnly, SameSite, Domain, Path, Partitioned, Priority), so a record can never weaken them.
 */
record StoredLifetime(Duration maxAge, Instant expires) {

    /** The longest stored lifetime read: about 317 years, far beyond what browsers keep, short of overflow. */
    static final Duration MAX_MAX_AGE = Duration.ofMillis(10_000_000_000_000L);

    /** The attributes a loaded session's cookie gets: the configured ones with the stored lifetime. */
    CookieAttributes over(CookieAttributes configured) {
        return configured.withMaxAge(maxAge).withExpires(expires);
    }
}
