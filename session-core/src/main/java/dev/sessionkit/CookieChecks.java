package dev.sessionkit;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The checks of cookie attributes that {@link CookieOptions}, the editable {@link SessionCookie} and
 * {@link SessionConfig} share: each returns the value it accepts or throws {@link IllegalArgumentException} with a
 * message that names the value and says what to do.
 */
final class CookieChecks {

    /** RFC 9110 {@code token}: what RFC 6265 allows as a cookie name. */
    private static final Pattern NAME = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
    /**
     * An absolute path of printable ASCII without {@code ;} or {@code <} (express's {@code cookie}), not ending in a
     * space: browsers ignore a {@code Path} that does not start with {@code /} and trim trailing spaces (RFC 6265
     * section 5.2), so either would give a cookie other than the one configured.
     */
    private static final Pattern PATH =
            Pattern.compile("/([\\u0020-\\u003A\\u003D-\\u007E]*[\\u0021-\\u003A\\u003D-\\u007E])?");
    private static final Pattern DOMAIN = Pattern.compile(
            "\\.?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*",
            Pattern.CASE_INSENSITIVE);

    private CookieChecks() {
    }

    static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("cookie name '" + name + "' is not a valid cookie name: use visible "
                    + "ASCII without spaces, ';', ',' or '='");
        }
        return name;
    }

    /** A header name for the session id: a token, as a cookie name is, and not one of the cookie headers. */
    static String checkIdHeader(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("idHeader is not a valid header name (letters, digits and "
                    + "!#$%&'*+-.^_`|~ only)");
        }
        if (name.equalsIgnoreCase("Cookie") || name.equalsIgnoreCase("Set-Cookie")) {
            throw new IllegalArgumentException("idHeader cannot be " + name + ": give a header of its own, for "
                    + "example X-Session-Id");
        }
        return name;
    }

    static String checkPath(String path) {
        Objects.requireNonNull(path, "path");
        if (!PATH.matcher(path).matches()) {
            throw new IllegalArgumentException("cookie path '" + path + "' cannot be written in a cookie: use a "
                    + "path that starts with '/', of printable ASCII without ';' or '<', not ending in a space");
        }
        return path;
    }

    /**
     * Returns the domain without a leading dot: browsers ignore it (RFC 6265 section 5.2.3), and a {@code Domain}
     * with one is outside RFC 6265's grammar for servers.
     */
    static String checkDomain(String domain) {
        if (!DOMAIN.matcher(domain).matches()) {
            throw new IllegalArgumentException("cookie domain '" + domain + "' is not a valid domain: use a host "
                    + "name such as example.com");
        }
        return domain.startsWith(".") ? domain.substring(1) : domain;
    }

    /** Browsers keep a cookie at most 400 days (RFC 6265bis): a longer lifetime would not be honoured. */
    static final Duration MAX_AGE_LIMIT = Duration.ofDays(400);
    /** The latest expiry a record can carry in JavaScript's four-digit-year ISO format. */
    static final Instant LATEST_EXPIRY = Instant.parse("9999-12-31T23:59:59.999Z");

    /** A session lifetime option: from one second to the 400 days browsers keep a cookie at most. */
    static Duration checkLifetime(String name, Duration lifetime) {
        if (lifetime.compareTo(Duration.ofSeconds(1)) < 0 || lifetime.compareTo(MAX_AGE_LIMIT) > 0) {
            throw new IllegalArgumentException(name + " " + lifetime + " is outside one second to 400 days");
        }
        return lifetime;
    }

    static Duration checkMaxAge(Duration maxAge) {
        if (maxAge.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("cookie maxAge " + maxAge + " is shorter than one second: use a "
                    + "positive duration, or null for a browser-session cookie (Session.destroy() expires a cookie)");
        }
        if (maxAge.compareTo(MAX_AGE_LIMIT) > 0) {
            throw new IllegalArgumentException("cookie maxAge " + maxAge + " is longer than 400 days, the most "
                    + "browsers keep a cookie (RFC 6265bis): use at most Duration.ofDays(400)");
        }
        return maxAge;
    }

    static Instant checkExpires(Instant expires) {
        if (expires.isBefore(Instant.EPOCH) || expires.isAfter(LATEST_EXPIRY)) {
            throw new IllegalArgumentException("cookie expires " + expires + " is outside 1970 to 9999, which a "
                    + "cookie and a stored record cannot carry");
        }
        return expires;
    }

    /**
     * Checks the attribute combinations browsers refuse: {@code SameSite=None} and {@code Partitioned} need
     * {@code Secure}, and so does a {@code __Secure-} or {@code __Host-} name, which {@code __Host-} also ties to
     * {@code Path=/} and no {@code Domain}.
     *
     * @param name the cookie name
     * @param alwaysSecure whether every response's cookie carries {@code Secure}
     * @param mayBeSecure whether some response's cookie may carry it ({@code secure: auto} on HTTPS)
     */
    static void checkCombination(String name, boolean alwaysSecure, boolean mayBeSecure, CookieAttributes cookie) {
        if (!alwaysSecure && cookie.sameSite() == SameSite.NONE) {
            throw new IllegalArgumentException("SameSite=None requires Secure on every response, and secure is "
                    + (mayBeSecure ? "auto" : "false") + ": make the cookie secure, or use SameSite.NONE_WHEN_SECURE "
                    + "or LAX");
        }
        if (!mayBeSecure && cookie.partitioned()) {
            throw new IllegalArgumentException("Partitioned requires Secure, and secure is false: make the cookie "
                    + "secure (or secureAuto()), or drop partitioned");
        }
        if (name != null) {
            checkNamePrefix(name, alwaysSecure, cookie.path(), cookie.domain());
        }
    }

    /** Checks the rules browsers apply to {@code __Secure-} and {@code __Host-} cookie names. */
    static void checkNamePrefix(String name, boolean alwaysSecure, String path, String domain) {
        boolean secureHost = name.startsWith("__Host-");
        if ((secureHost || name.startsWith("__Secure-")) && !alwaysSecure) {
            throw new IllegalArgumentException("cookie name '" + name + "' has a __Secure-/__Host- prefix, which "
                    + "browsers accept only with Secure: set cookie secure(true)");
        }
        if (secureHost && (!path.equals("/") || domain != null)) {
            throw new IllegalArgumentException("cookie name '" + name + "' has the __Host- prefix, which browsers "
                    + "accept only with Path=/ and no Domain");
        }
    }

    /** Returns {@code value} when it is within {@code min} to {@code max}, inclusive. */
    static int checkRange(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(option + " " + value + " is outside " + min + " to " + max);
        }
        return value;
    }
}
