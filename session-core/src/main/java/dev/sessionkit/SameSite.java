package dev.sessionkit;

/**
 * The {@code SameSite} attribute of the session cookie.
 */
public enum SameSite {
    /** {@code SameSite=Strict}: the cookie is sent on same-site requests only. */
    STRICT("Strict"),
    /**
     * {@code SameSite=Lax}: also sent on top-level cross-site navigations. The default, as OWASP and ASVS 3.4.3
     * advise: it stops most cross-site request forgery while links from other sites keep working.
     */
    LAX("Lax"),
    /** {@code SameSite=None}: sent on cross-site requests too; browsers require {@code Secure}. */
    NONE("None"),
    /**
     * {@code None} on a secure request and {@code Lax} on a plain one: for an application embedded cross-site in
     * production (over HTTPS) that also runs on {@code http://localhost}, where browsers refuse {@code None}.
     */
    NONE_WHEN_SECURE(null),
    /** No {@code SameSite} attribute: the browser decides (Chromium treats it as {@code Lax}, others may not). */
    OFF(null);

    private final String attribute;

    SameSite(String attribute) {
        this.attribute = attribute;
    }

    /** Returns the attribute value for a request whose security is {@code secure}, or {@code null} to omit it. */
    String attribute(boolean secure) {
        if (this == NONE_WHEN_SECURE) {
            return secure ? NONE.attribute : LAX.attribute;
        }
        return attribute;
    }
}
