package dev.sessionkit;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session cookie on the wire, in express-session's format {@code name=encodeURIComponent("s:" + id + "." + mac)},
 * and the same signed value in the id header when one is configured: the only place that knows them. Reading goes
 * find, size limit, {@code s:}, unsign; writing goes sign, {@code s:}, encode. Untrusted input is never an exception:
 * a cookie or header that is absent, too long, unsigned or tampered reads as no id, logged at DEBUG without its
 * value. Thread-safe.
 */
final class SignedCookie {

    /** Browsers keep at most 4096 bytes per cookie; anything longer cannot be a cookie we wrote. */
    static final int MAX_VALUE_LENGTH = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(SignedCookie.class);
    private static final String PREFIX = "s:";

    private final String name;
    private final CookieSigner signer;
    private final boolean inCookie;
    /** The id header's name, or {@code null}. */
    private final String header;

    SignedCookie(String name, CookieSigner signer) {
        this(name, signer, true, null);
    }

    SignedCookie(String name, CookieSigner signer, boolean inCookie, String header) {
        this.name = name;
        this.signer = signer;
        this.inCookie = inCookie;
        this.header = header;
    }

    /**
     * What a response tells the client about its session.
     *
     * @param setCookie the {@code Set-Cookie} value, or {@code null} when sessions do not use the cookie
     * @param header the id header's value, or {@code null} when none is configured; empty to drop the id
     */
    record Reply(String setCookie, String header) {
    }

    /**
     * Returns the session id of a request: its cookie's, when the cookie carries one with a valid signature, else its
     * id header's (first value), else {@code null}. The cookie wins because it is out of reach of page scripts.
     */
    String read(HttpExchange exchange) {
        String id = inCookie ? read(exchange.requestHeaders("Cookie")) : null;
        if (id == null && header != null) {
            List<String> values = exchange.requestHeaders(header);
            String value = values.isEmpty() || values.get(0) == null ? "" : values.get(0).trim();
            id = value.isEmpty() ? null : read(value, 0, value.length());
        }
        return id;
    }

    /** Gives the client the signed id, in the cookie and the id header as configured. */
    Reply send(String id, CookieAttributes attributes, boolean requestSecure) {
        String signed = PREFIX + signer.sign(id);
        return new Reply(inCookie ? Cookies.serialize(name, signed, attributes, requestSecure) : null,
                header != null ? signed : null);
    }

    /** Makes the client drop its session id: an expired, empty cookie and an empty header. */
    Reply drop(CookieAttributes attributes, boolean requestSecure) {
        return new Reply(inCookie ? Cookies.serialize(name, "", attributes.expired(), requestSecure) : null,
                header != null ? "" : null);
    }

    String header() {
        return header;
    }

    /**
     * Whether the id header goes to this client: only to one that uses it (its request carried the header), or to
     * every client of header-only sessions. A browser that holds the {@code HttpOnly} cookie never gets the same
     * credential in a header that page scripts can read.
     */
    boolean headerClient(HttpExchange exchange) {
        return header != null && (!inCookie || !exchange.requestHeaders(header).isEmpty());
    }

    /**
     * Returns the session id that the request's first cookie of this name carries with a valid signature, or
     * {@code null}. A later cookie of the same name is never tried.
     */
    String read(List<String> cookieHeaders) {
        for (String header : cookieHeaders) {
            long range = Cookies.range(header, name);
            if (range >= 0) {
                return read(header, Cookies.start(range), Cookies.end(range));
            }
        }
        return null;
    }

    /**
     * The id the cookie value at {@code start..end} of a header carries. The usual value is read in place
     * ({@link SignedValueInPlace}); any other goes through {@code decodeURIComponent} first, as express-session reads
     * it. Both give the same outcome for every value.
     */
    private String read(String header, int start, int end) {
        SignedValueInPlace inPlace = SignedValueInPlace.of(header, start, end);
        if (inPlace != null) {
            if (inPlace.decodedLength() > MAX_VALUE_LENGTH) {
                LOG.debug("session cookie ignored: {} characters long", inPlace.decodedLength());
                return null;
            }
            return verified(inPlace.verify(signer));
        }
        String raw = Cookies.decodeUriComponent(header.substring(start, end));
        if (raw.length() > MAX_VALUE_LENGTH) {
            LOG.debug("session cookie ignored: {} characters long", raw.length());
            return null;
        }
        if (!raw.startsWith(PREFIX)) {
            LOG.debug("session cookie ignored: not signed");
            return null;
        }
        return verified(signer.unsign(raw.substring(PREFIX.length())).orElse(null));
    }

    private static String verified(String id) {
        if (id == null || id.isEmpty()) {
            LOG.debug("session cookie ignored: bad signature");
            return null;
        }
        return id;
    }

    String name() {
        return name;
    }

    @Override
    public String toString() {
        return "SignedCookie{name=" + name + ", " + signer + '}';
    }
}
