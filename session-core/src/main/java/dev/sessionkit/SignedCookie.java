package dev.sessionkit;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session cookie on the wire, in express-session's format {@code name=encodeURIComponent("s:" + id + "." + mac)}:
 * the only place that knows it. Reading goes find, size limit, {@code s:}, unsign; writing goes sign, {@code s:},
 * encode. Untrusted input is never an exception: a cookie that is absent, too long, unsigned or tampered reads as no
 * id, logged at DEBUG without its value. Thread-safe.
 */
final class SignedCookie {

    /** Browsers keep at most 4096 bytes per cookie; anything longer cannot be a cookie we wrote. */
    static final int MAX_VALUE_LENGTH = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(SignedCookie.class);
    private static final String PREFIX = "s:";

    private final String name;
    private final CookieSigner signer;

    SignedCookie(String name, CookieSigner signer) {
        this.name = name;
        this.signer = signer;
    }

    /**
     * Returns the session id that the request's first cookie of this name carries with a valid signature, or
     * {@code null}. A later cookie of the same name is never tried.
     */
    String read(List<String> cookieHeaders) {
        String raw = Cookies.find(cookieHeaders, name);
        if (raw == null) {
            return null;
        }
        if (raw.length() > MAX_VALUE_LENGTH) {
            LOG.debug("session cookie ignored: {} characters long", raw.length());
            return null;
        }
        if (!raw.startsWith(PREFIX)) {
            LOG.debug("session cookie ignored: not signed");
            return null;
        }
        String id = signer.unsign(raw.substring(PREFIX.length())).orElse(null);
        if (id == null || id.isEmpty()) {
            LOG.debug("session cookie ignored: bad signature");
            return null;
        }
        return id;
    }

    /** The {@code Set-Cookie} value that gives the client a signed cookie for {@code id}. */
    String set(String id, CookieAttributes attributes, boolean requestSecure) {
        return Cookies.serialize(name, PREFIX + signer.sign(id), attributes, requestSecure);
    }

    /** The {@code Set-Cookie} value that makes the client drop its session cookie. */
    String clear(CookieAttributes attributes, boolean requestSecure) {
        return Cookies.serialize(name, "", attributes.expired(), requestSecure);
    }

    String name() {
        return name;
    }

    @Override
    public String toString() {
        return "SignedCookie{name=" + name + ", " + signer + '}';
    }
}
