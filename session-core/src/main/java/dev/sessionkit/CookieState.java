package dev.sessionkit;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** The editable cookie of one session; every change goes through its session's checks. */
final class CookieState implements SessionCookie {

    private final DefaultSession<?> owner;
    String path;
    String domain;
    boolean httpOnly;
    boolean secure;
    Duration maxAge;
    Instant expires;
    SameSite sameSite;
    boolean partitioned;
    CookiePriority priority;

    CookieState(DefaultSession<?> owner, CookieOptions options, boolean requestSecure) {
        this.owner = owner;
        this.path = options.path();
        this.domain = options.domain().orElse(null);
        this.httpOnly = options.httpOnly();
        this.secure = options.secureAuto() ? requestSecure : options.secure();
        this.maxAge = options.maxAge().orElse(null);
        this.expires = options.expires().orElse(null);
        this.sameSite = options.sameSite();
        this.partitioned = options.partitioned();
        this.priority = options.priority().orElse(null);
    }

    /** Moves a sliding expiry forward, as express-session's {@code resetMaxAge} does on every request. */
    void refreshExpiry(Instant now) {
        if (maxAge != null) {
            expires = now.plus(maxAge);
        }
    }

    String setCookie(String name, String signedValue, boolean requestSecure) {
        long maxAgeSeconds = maxAge == null ? -1 : maxAge.toSeconds();
        return Cookies.serialize(name, signedValue, maxAgeSeconds, domain, path, expires, httpOnly, secure,
                partitioned, priority == null ? null : priority.attribute(), sameSite.attribute(requestSecure && secure));
    }

    String clearCookie(String name, boolean requestSecure) {
        return Cookies.serialize(name, "", 0, domain, path, Instant.EPOCH, httpOnly, secure, partitioned,
                priority == null ? null : priority.attribute(), sameSite.attribute(requestSecure && secure));
    }

    String sameSiteJson() {
        return sameSite == SameSite.OFF ? null : sameSite.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String name() {
        return owner.cookieName();
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public void path(String path) {
        Cookies.checkPath(path);
        owner.beforeCookieEdit("path", true);
        this.path = path;
    }

    @Override
    public Optional<String> domain() {
        return Optional.ofNullable(domain);
    }

    @Override
    public void domain(String domain) {
        if (domain != null) {
            Cookies.checkDomain(domain);
        }
        owner.beforeCookieEdit("domain", true);
        this.domain = domain;
    }

    @Override
    public Optional<Duration> maxAge() {
        return Optional.ofNullable(maxAge);
    }

    @Override
    public void maxAge(Duration maxAge) {
        if (maxAge != null) {
            Cookies.checkMaxAge(maxAge);
        }
        owner.beforeCookieEdit("maxAge", false);
        this.maxAge = maxAge;
        this.expires = null;
        refreshExpiry(owner.now());
    }

    @Override
    public Optional<Instant> expires() {
        return Optional.ofNullable(expires);
    }

    @Override
    public void expires(Instant expires) {
        owner.beforeCookieEdit("expires", false);
        this.maxAge = null;
        this.expires = expires;
    }

    @Override
    public boolean httpOnly() {
        return httpOnly;
    }

    @Override
    public void httpOnly(boolean httpOnly) {
        owner.beforeCookieEdit("httpOnly", false);
        this.httpOnly = httpOnly;
    }

    @Override
    public boolean secure() {
        return secure;
    }

    @Override
    public void secure(boolean secure) {
        Cookies.checkSecureCombination(secure, sameSite, partitioned);
        owner.beforeCookieEdit("secure", false);
        this.secure = secure;
    }

    @Override
    public SameSite sameSite() {
        return sameSite;
    }

    @Override
    public void sameSite(SameSite sameSite) {
        Objects.requireNonNull(sameSite, "sameSite");
        Cookies.checkSecureCombination(secure, sameSite, partitioned);
        owner.beforeCookieEdit("sameSite", false);
        this.sameSite = sameSite;
    }

    @Override
    public boolean partitioned() {
        return partitioned;
    }

    @Override
    public void partitioned(boolean partitioned) {
        Cookies.checkSecureCombination(secure, sameSite, partitioned);
        owner.beforeCookieEdit("partitioned", false);
        this.partitioned = partitioned;
    }

    @Override
    public Optional<CookiePriority> priority() {
        return Optional.ofNullable(priority);
    }

    @Override
    public void priority(CookiePriority priority) {
        owner.beforeCookieEdit("priority", false);
        this.priority = priority;
    }

    @Override
    public void setSessionId(String id) {
        owner.setSessionId(id);
    }

    @Override
    public String toString() {
        return "SessionCookie{name=" + name() + ", path=" + path + ", domain=" + domain + ", maxAge=" + maxAge
                + ", expires=" + expires + ", httpOnly=" + httpOnly + ", secure=" + secure + ", sameSite=" + sameSite
                + ", partitioned=" + partitioned + ", priority=" + priority + '}';
    }
}
