package dev.sessionkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The editable cookie of one session: an immutable {@link CookieAttributes} that each edit replaces. It checks the
 * value itself and asks its {@link Edits} whether the edit is allowed now. Not thread-safe, like its session.
 */
final class EditableCookie implements SessionCookie {

    /** What the cookie needs from its session: permission to change, and the way to move the session's id. */
    interface Edits {
        /**
         * Throws {@link IllegalStateException} when {@code attribute} cannot be changed now: the request has ended,
         * the response was committed, or {@code onlyWhileNew} and the cookie is already in the browser.
         */
        void check(String attribute, boolean onlyWhileNew);

        void setSessionId(String id);
    }

    private final String name;
    private final boolean secureAuto;
    private final Clock clock;
    private final Edits edits;
    private CookieAttributes attributes;
    private boolean edited;

    EditableCookie(String name, CookieAttributes attributes, boolean secureAuto, Clock clock, Edits edits) {
        this.name = name;
        this.secureAuto = secureAuto;
        this.attributes = attributes.refreshed(clock.instant());
        this.clock = clock;
        this.edits = edits;
    }

    CookieAttributes attributes() {
        return attributes;
    }

    /** Moves a sliding expiry forward to count from now, as every response that uses the session does. */
    CookieAttributes refresh() {
        attributes = attributes.refreshed(clock.instant());
        return attributes;
    }

    /** Whether an attribute was changed in this request, which sends the cookie again. */
    boolean edited() {
        return edited;
    }

    /**
     * Applies an edit once the session allows it and the result is a cookie browsers accept: the {@code SameSite},
     * {@code Partitioned} and {@code __Secure-}/{@code __Host-} rules hold after every edit, as at {@code build()}.
     */
    private void edit(String attribute, boolean onlyWhileNew, CookieAttributes changed) {
        CookieChecks.checkCombination(name, changed.secure(), changed.secure() || secureAuto, changed);
        edits.check(attribute, onlyWhileNew);
        attributes = changed;
        edited = true;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String path() {
        return attributes.path();
    }

    @Override
    public void path(String path) {
        edit("path", true, attributes.withPath(CookieChecks.checkPath(path)));
    }

    @Override
    public Optional<String> domain() {
        return Optional.ofNullable(attributes.domain());
    }

    @Override
    public void domain(String domain) {
        edit("domain", true, attributes.withDomain(domain == null ? null : CookieChecks.checkDomain(domain)));
    }

    @Override
    public Optional<Duration> maxAge() {
        return Optional.ofNullable(attributes.maxAge());
    }

    @Override
    public void maxAge(Duration maxAge) {
        Duration checked = maxAge == null ? null : CookieChecks.checkMaxAge(maxAge);
        edit("maxAge", false, attributes.withMaxAge(checked).withExpires(null).refreshed(clock.instant()));
    }

    @Override
    public Optional<Instant> expires() {
        return Optional.ofNullable(attributes.expires());
    }

    @Override
    public void expires(Instant expires) {
        edit("expires", false, attributes.withMaxAge(null)
                .withExpires(expires == null ? null : CookieChecks.checkExpires(expires)));
    }

    @Override
    public boolean httpOnly() {
        return attributes.httpOnly();
    }

    @Override
    public void httpOnly(boolean httpOnly) {
        edit("httpOnly", false, attributes.withHttpOnly(httpOnly));
    }

    @Override
    public boolean secure() {
        return attributes.secure();
    }

    @Override
    public void secure(boolean secure) {
        edit("secure", false, attributes.withSecure(secure));
    }

    @Override
    public SameSite sameSite() {
        return attributes.sameSite();
    }

    @Override
    public void sameSite(SameSite sameSite) {
        Objects.requireNonNull(sameSite, "sameSite");
        edit("sameSite", false, attributes.withSameSite(sameSite));
    }

    @Override
    public boolean partitioned() {
        return attributes.partitioned();
    }

    @Override
    public void partitioned(boolean partitioned) {
        edit("partitioned", false, attributes.withPartitioned(partitioned));
    }

    @Override
    public Optional<CookiePriority> priority() {
        return Optional.ofNullable(attributes.priority());
    }

    @Override
    public void priority(CookiePriority priority) {
        edit("priority", false, attributes.withPriority(priority));
    }

    @Override
    public void setSessionId(String id) {
        edits.setSessionId(id);
    }

    @Override
    public String toString() {
        return "SessionCookie{name=" + name + ", path=" + attributes.path() + ", domain=" + attributes.domain()
                + ", maxAge=" + attributes.maxAge() + ", expires=" + attributes.expires() + ", httpOnly="
                + attributes.httpOnly() + ", secure=" + attributes.secure() + ", sameSite=" + attributes.sameSite()
                + ", partitioned=" + attributes.partitioned() + ", priority=" + attributes.priority() + '}';
    }
}
