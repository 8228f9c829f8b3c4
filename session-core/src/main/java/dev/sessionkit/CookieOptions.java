package dev.sessionkit;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The attributes of the session cookie that a new session starts with. Immutable; built with {@link #builder()}.
 *
 * <p>Defaults, as in h3-session: {@code Path=/}, {@code HttpOnly}, {@code Secure}, no {@code Max-Age} or
 * {@code Expires} (a cookie that lasts as long as the browser session), no {@code Domain}, no {@code SameSite},
 * no {@code Partitioned}, no {@code Priority}. Each session gets its own editable copy, {@link Session#cookie()}.
 *
 * <p>Thread-safe.
 */
public final class CookieOptions {

    private static final CookieOptions DEFAULTS = builder().build();

    private final String path;
    private final String domain;
    private final boolean httpOnly;
    private final boolean secure;
    private final boolean secureAuto;
    private final Duration maxAge;
    private final Instant expires;
    private final SameSite sameSite;
    private final boolean partitioned;
    private final CookiePriority priority;

    private CookieOptions(Builder b) {
        this.path = b.path;
        this.domain = b.domain;
        this.httpOnly = b.httpOnly;
        this.secure = b.secure;
        this.secureAuto = b.secureAuto;
        this.maxAge = b.maxAge;
        this.expires = b.expires;
        this.sameSite = b.sameSite;
        this.partitioned = b.partitioned;
        this.priority = b.priority;
    }

    /**
     * Returns a builder holding the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding the values of existing options, to derive others from them.
     *
     * @param options the options to start from
     * @return a new builder
     */
    public static Builder builder(CookieOptions options) {
        Builder b = new Builder();
        b.path = options.path;
        b.domain = options.domain;
        b.httpOnly = options.httpOnly;
        b.secure = options.secure;
        b.secureAuto = options.secureAuto;
        b.maxAge = options.maxAge;
        b.expires = options.expires;
        b.sameSite = options.sameSite;
        b.partitioned = options.partitioned;
        b.priority = options.priority;
        return b;
    }

    /**
     * Returns the default options: {@code Path=/; HttpOnly; Secure}, a browser-session cookie.
     *
     * @return the defaults
     */
    public static CookieOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Returns the {@code Path} attribute; default {@code "/"}.
     *
     * @return the path
     */
    public String path() {
        return path;
    }

    /**
     * Returns the {@code Domain} attribute; default none (a host-only cookie).
     *
     * @return the domain, if set
     */
    public Optional<String> domain() {
        return Optional.ofNullable(domain);
    }

    /**
     * Returns whether the cookie is {@code HttpOnly}; default {@code true}.
     *
     * @return the flag
     */
    public boolean httpOnly() {
        return httpOnly;
    }

    /**
     * Returns whether the cookie is always {@code Secure}; default {@code true}. Meaningless when
     * {@link #secureAuto()} is set.
     *
     * @return the flag
     */
    public boolean secure() {
        return secure;
    }

    /**
     * Returns whether {@code Secure} follows the request: set on HTTPS requests (or, with
     * {@link SessionConfig.Builder#trustProxy(boolean)}, when the proxy says so), omitted on plain HTTP. Default
     * {@code false}.
     *
     * @return the flag
     */
    public boolean secureAuto() {
        return secureAuto;
    }

    /**
     * Returns how long the cookie lives after each response that sends it; default none (a browser-session cookie).
     *
     * @return the max age, if set
     */
    public Optional<Duration> maxAge() {
        return Optional.ofNullable(maxAge);
    }

    /**
     * Returns a fixed expiry instant; default none.
     *
     * @return the expiry, if set
     */
    public Optional<Instant> expires() {
        return Optional.ofNullable(expires);
    }

    /**
     * Returns the {@code SameSite} setting; default {@link SameSite#OFF}.
     *
     * @return the setting
     */
    public SameSite sameSite() {
        return sameSite;
    }

    /**
     * Returns whether the cookie is {@code Partitioned} (CHIPS); default {@code false}.
     *
     * @return the flag
     */
    public boolean partitioned() {
        return partitioned;
    }

    /**
     * Returns the {@code Priority} attribute; default none.
     *
     * @return the priority, if set
     */
    public Optional<CookiePriority> priority() {
        return Optional.ofNullable(priority);
    }

    @Override
    public String toString() {
        return "CookieOptions{path=" + path + ", domain=" + domain + ", httpOnly=" + httpOnly
                + ", secure=" + (secureAuto ? "auto" : secure) + ", maxAge=" + maxAge + ", expires=" + expires
                + ", sameSite=" + sameSite + ", partitioned=" + partitioned + ", priority=" + priority + '}';
    }

    /**
     * Builds {@link CookieOptions}. Each method checks its argument at once; {@link #build()} checks combinations.
     * Not thread-safe.
     */
    public static final class Builder {
        private String path = "/";
        private String domain;
        private boolean httpOnly = true;
        private boolean secure = true;
        private boolean secureAuto;
        private Duration maxAge;
        private Instant expires;
        private SameSite sameSite = SameSite.OFF;
        private boolean partitioned;
        private CookiePriority priority;

        private Builder() {
        }

        /**
         * Sets the {@code Path} attribute; default {@code "/"}.
         *
         * @param path a path of printable ASCII without {@code ;}
         * @return this builder
         * @throws IllegalArgumentException when the path cannot be written in a cookie
         */
        public Builder path(String path) {
            this.path = Cookies.checkPath(path);
            return this;
        }

        /**
         * Sets the {@code Domain} attribute; default none.
         *
         * @param domain a host name such as {@code example.com}, or {@code null} for a host-only cookie
         * @return this builder
         * @throws IllegalArgumentException when the value is not a valid domain
         */
        public Builder domain(String domain) {
            this.domain = domain == null ? null : Cookies.checkDomain(domain);
            return this;
        }

        /**
         * Sets {@code HttpOnly}; default {@code true}.
         *
         * @param httpOnly whether scripts are denied access to the cookie
         * @return this builder
         */
        public Builder httpOnly(boolean httpOnly) {
            this.httpOnly = httpOnly;
            return this;
        }

        /**
         * Sets {@code Secure} always on or always off; default on. Clears {@link #secureAuto()}.
         *
         * @param secure whether the cookie carries {@code Secure}
         * @return this builder
         */
        public Builder secure(boolean secure) {
            this.secure = secure;
            this.secureAuto = false;
            return this;
        }

        /**
         * Makes {@code Secure} follow the request (express-session's {@code secure: 'auto'}).
         *
         * @return this builder
         */
        public Builder secureAuto() {
            this.secureAuto = true;
            return this;
        }

        /**
         * Sets the lifetime of the cookie after each response that sends it; {@code null} (the default) makes a
         * browser-session cookie. The response carries both {@code Max-Age} and {@code Expires}.
         *
         * @param maxAge a positive duration of at least one second, or {@code null}
         * @return this builder
         * @throws IllegalArgumentException when the duration is shorter than one second
         */
        public Builder maxAge(Duration maxAge) {
            this.maxAge = maxAge == null ? null : Cookies.checkMaxAge(maxAge);
            return this;
        }

        /**
         * Sets a fixed expiry instant; default none. Use {@link #maxAge(Duration)} for a sliding lifetime.
         *
         * @param expires the instant, or {@code null}
         * @return this builder
         */
        public Builder expires(Instant expires) {
            this.expires = expires;
            return this;
        }

        /**
         * Sets the {@code SameSite} attribute; default {@link SameSite#OFF}.
         *
         * @param sameSite the setting
         * @return this builder
         * @throws NullPointerException when {@code sameSite} is {@code null}
         */
        public Builder sameSite(SameSite sameSite) {
            this.sameSite = Objects.requireNonNull(sameSite, "sameSite");
            return this;
        }

        /**
         * Sets {@code Partitioned} (CHIPS); default {@code false}. Requires {@code Secure}.
         *
         * @param partitioned whether the cookie is partitioned
         * @return this builder
         */
        public Builder partitioned(boolean partitioned) {
            this.partitioned = partitioned;
            return this;
        }

        /**
         * Sets the {@code Priority} attribute; default none.
         *
         * @param priority the priority, or {@code null} to omit the attribute
         * @return this builder
         */
        public Builder priority(CookiePriority priority) {
            this.priority = priority;
            return this;
        }

        /**
         * Returns the options.
         *
         * @return immutable options
         * @throws IllegalArgumentException when {@code maxAge} and {@code expires} are both set, or when
         *     {@code SameSite=None} or {@code Partitioned} is combined with {@code secure(false)}
         */
        public CookieOptions build() {
            if (maxAge != null && expires != null) {
                throw new IllegalArgumentException(
                        "cookie maxAge and expires are both set: set maxAge for a lifetime counted from each "
                                + "response, or expires for a fixed instant, not both");
            }
            Cookies.checkSecureCombination(secure || secureAuto, sameSite, partitioned);
            return new CookieOptions(this);
        }
    }
}
