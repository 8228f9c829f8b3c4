package dev.sessionkit;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The attributes of the session cookie that a new session starts with. Immutable; built with {@link #builder()}.
 *
 * <p>Defaults, as in h3-session: {@code Path=/}, {@code HttpOnly}, {@code Secure}, no {@code Max-Age} or
 * {@code Expires} (a cookie that lasts as long as the browser session), no {@code Domain}, no {@code Partitioned},
 * no {@code Priority}; and, unlike h3-session, {@code SameSite=Lax}, as OWASP advises. Each session gets its own
 * editable copy, {@link Session#cookie()}.
 *
 * <p>Thread-safe.
 */
public final class CookieOptions {

    private static final CookieOptions DEFAULTS = builder().build();

    private final CookieAttributes attributes;
    private final boolean secureAuto;

    private CookieOptions(CookieAttributes attributes, boolean secureAuto) {
        this.attributes = attributes;
        this.secureAuto = secureAuto;
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
        b.attributes = options.attributes;
        b.secureAuto = options.secureAuto;
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
        return attributes.path();
    }

    /**
     * Returns the {@code Domain} attribute; default none (a host-only cookie).
     *
     * @return the domain, if set
     */
    public Optional<String> domain() {
        return Optional.ofNullable(attributes.domain());
    }

    /**
     * Returns whether the cookie is {@code HttpOnly}; default {@code true}.
     *
     * @return the flag
     */
    public boolean httpOnly() {
        return attributes.httpOnly();
    }

    /**
     * Returns whether the cookie is always {@code Secure}; default {@code true}. Meaningless when
     * {@link #secureAuto()} is set.
     *
     * @return the flag
     */
    public boolean secure() {
        return attributes.secure();
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
        return Optional.ofNullable(attributes.maxAge());
    }

    /**
     * Returns a fixed expiry instant; default none.
     *
     * @return the expiry, if set
     */
    public Optional<Instant> expires() {
        return Optional.ofNullable(attributes.expires());
    }

    /**
     * Returns the {@code SameSite} setting; default {@link SameSite#LAX}.
     *
     * @return the setting
     */
    public SameSite sameSite() {
        return attributes.sameSite();
    }

    /**
     * Returns whether the cookie is {@code Partitioned} (CHIPS); default {@code false}.
     *
     * @return the flag
     */
    public boolean partitioned() {
        return attributes.partitioned();
    }

    /**
     * Returns the {@code Priority} attribute; default none.
     *
     * @return the priority, if set
     */
    public Optional<CookiePriority> priority() {
        return Optional.ofNullable(attributes.priority());
    }

    /** Checks that a cookie of this name may carry these attributes ({@code __Secure-}/{@code __Host-} rules). */
    void checkNamePrefix(String name) {
        CookieChecks.checkCombination(name, attributes.secure() && !secureAuto, attributes.secure() || secureAuto,
                attributes);
    }

    /** The attributes a new session of a request starts with: {@code secure: auto} resolved for the request. */
    CookieAttributes forRequest(boolean requestSecure) {
        return secureAuto ? attributes.withSecure(requestSecure) : attributes;
    }

    @Override
    public String toString() {
        return "CookieOptions{path=" + attributes.path() + ", domain=" + attributes.domain() + ", httpOnly="
                + attributes.httpOnly() + ", secure=" + (secureAuto ? "auto" : attributes.secure()) + ", maxAge="
                + attributes.maxAge() + ", expires=" + attributes.expires() + ", sameSite=" + attributes.sameSite()
                + ", partitioned=" + attributes.partitioned() + ", priority=" + attributes.priority() + '}';
    }

    /**
     * Builds {@link CookieOptions}. Each method checks its argument at once; {@link #build()} checks combinations.
     * Not thread-safe.
     */
    public static final class Builder {
        private CookieAttributes attributes = CookieAttributes.DEFAULTS;
        private boolean secureAuto;

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
            attributes = attributes.withPath(CookieChecks.checkPath(path));
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
            attributes = attributes.withDomain(domain == null ? null : CookieChecks.checkDomain(domain));
            return this;
        }

        /**
         * Sets {@code HttpOnly}; default {@code true}.
         *
         * @param httpOnly whether scripts are denied access to the cookie
         * @return this builder
         */
        public Builder httpOnly(boolean httpOnly) {
            attributes = attributes.withHttpOnly(httpOnly);
            return this;
        }

        /**
         * Sets {@code Secure} always on or always off; default on. Clears {@link #secureAuto()}.
         *
         * @param secure whether the cookie carries {@code Secure}
         * @return this builder
         */
        public Builder secure(boolean secure) {
            attributes = attributes.withSecure(secure);
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
         * @param maxAge a duration from one second to 400 days (the most browsers keep a cookie), or {@code null}
         * @return this builder
         * @throws IllegalArgumentException when the duration is shorter than one second or longer than 400 days
         */
        public Builder maxAge(Duration maxAge) {
            attributes = attributes.withMaxAge(maxAge == null ? null : CookieChecks.checkMaxAge(maxAge));
            return this;
        }

        /**
         * Sets a fixed expiry instant; default none. Use {@link #maxAge(Duration)} for a sliding lifetime.
         *
         * @param expires an instant from 1970 to 9999, or {@code null}
         * @return this builder
         * @throws IllegalArgumentException when the instant is outside 1970 to 9999
         */
        public Builder expires(Instant expires) {
            attributes = attributes.withExpires(expires == null ? null : CookieChecks.checkExpires(expires));
            return this;
        }

        /**
         * Sets the {@code SameSite} attribute; default {@link SameSite#LAX}.
         *
         * @param sameSite the setting
         * @return this builder
         * @throws NullPointerException when {@code sameSite} is {@code null}
         */
        public Builder sameSite(SameSite sameSite) {
            attributes = attributes.withSameSite(Objects.requireNonNull(sameSite, "sameSite"));
            return this;
        }

        /**
         * Sets {@code Partitioned} (CHIPS); default {@code false}. Requires {@code Secure}.
         *
         * @param partitioned whether the cookie is partitioned
         * @return this builder
         */
        public Builder partitioned(boolean partitioned) {
            attributes = attributes.withPartitioned(partitioned);
            return this;
        }

        /**
         * Sets the {@code Priority} attribute; default none.
         *
         * @param priority the priority, or {@code null} to omit the attribute
         * @return this builder
         */
        public Builder priority(CookiePriority priority) {
            attributes = attributes.withPriority(priority);
            return this;
        }

        /**
         * Returns the options.
         *
         * @return immutable options
         * @throws IllegalArgumentException when {@code maxAge} and {@code expires} are both set, when
         *     {@code SameSite=None} is not always {@code Secure}, or {@code Partitioned} is combined with
         *     {@code secure(false)}
         */
        public CookieOptions build() {
            if (attributes.maxAge() != null && attributes.expires() != null) {
                throw new IllegalArgumentException(
                        "cookie maxAge and expires are both set: set maxAge for a lifetime counted from each "
                                + "response, or expires for a fixed instant, not both");
            }
            CookieChecks.checkCombination(null, attributes.secure() && !secureAuto, attributes.secure() || secureAuto,
                    attributes);
            return new CookieOptions(attributes, secureAuto);
        }
    }
}
