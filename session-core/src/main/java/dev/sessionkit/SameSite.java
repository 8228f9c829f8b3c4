package dev.sessionkit;

/**
 * The {@code SameSite} attribute of the session cookie.
 */
public enum SameSite {
    /** {@code SameSite=Strict}: the cookie is sent on same-site requests only. */
    STRICT("Strict"),
    /** {@code SameSite=Lax}: also sent on top-level cross-site navigations (the browsers' default). */
    LAX("Lax"),
    /** {@code SameSite=None}: sent on cross-site requests too; browsers require {@code Secure}. */
    NONE("None"),
    /**
     * {@code None} on a secure request and {@code Lax} on a plain one, as express-session's {@code 'auto'}; useful
     * when the same application runs behind TLS and on {@code http://localhost}.
     */
    AUTO(null),
    /** No {@code SameSite} attribute: the browser decides. The default. */
    OFF(null);

    private final String attribute;

    SameSite(String attribute) {
        this.attribute = attribute;
    }

    /** Returns the attribute value for a request whose security is {@code secure}, or {@code null} to omit it. */
    String attribute(boolean secure) {
        if (this == AUTO) {
            return secure ? NONE.attribute : LAX.attribute;
        }
        return attribute;
    }
}
