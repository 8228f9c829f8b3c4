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
    /** {@link #PREFIX} as {@code encodeURIComponent} writes it, which is how express-session sends it. */
    private static final String ENCODED_PREFIX = "s%3A";

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
     * The id the cookie value at {@code start..end} of a header carries. The usual value, {@code s%3A} (or
     * {@code s:}), an id with nothing to decode, a dot and a signature whose only escapes are {@code %2B} and
     * {@code %2F} (base64's {@code +} and {@code /}), is verified in place, without a copy; any other goes through
     * {@code decodeURIComponent} first, as express-session reads it. Both give the same outcome for every value.
     */
    private String read(String header, int start, int end) {
        int prefix = signedPrefix(header, start, end);
        int dot = prefix < 0 ? -1 : header.lastIndexOf('.', end - 1);
        int escapes = prefix < 0 || dot < start + prefix || !noPercent(header, start + prefix, dot) ? -1
                : signatureEscapes(header, dot + 1, end);
        if (escapes >= 0 && FastPathSwitch.inPlaceCookie && FastPathSwitch.inPlaceCompare) {
            int length = end - start - (prefix - PREFIX.length()) - 2 * escapes; // as decoded
            if (length > MAX_VALUE_LENGTH) {
                LOG.debug("session cookie ignored: {} characters long", length);
                return null;
            }
            return verified(signer.unsign(header, start + prefix, end, true));
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
        return verified(signer.unsign(raw, PREFIX.length(), raw.length(), false));
    }

    /** How many {@code %2B} and {@code %2F} (either case) the signature has, or -1 when it has any other escape. */
    private static int signatureEscapes(String s, int from, int to) {
        int escapes = 0;
        for (int i = s.indexOf('%', from); i >= 0 && i < to; i = s.indexOf('%', i + 3)) {
            if (i + 2 >= to || s.charAt(i + 1) != '2' || "bBfF".indexOf(s.charAt(i + 2)) < 0) {
                return -1;
            }
            escapes++;
        }
        return escapes;
    }

    private static String verified(String id) {
        if (id == null || id.isEmpty()) {
            LOG.debug("session cookie ignored: bad signature");
            return null;
        }
        return id;
    }

    /** The length of {@code s:} or its encoding {@code s%3A} (either case) at {@code start}, or -1. */
    private static int signedPrefix(String header, int start, int end) {
        if (header.startsWith(PREFIX, start) && end - start >= PREFIX.length()) {
            return PREFIX.length();
        }
        return end - start >= ENCODED_PREFIX.length()
                && header.regionMatches(true, start, ENCODED_PREFIX, 0, ENCODED_PREFIX.length())
                && header.charAt(start) == 's' ? ENCODED_PREFIX.length() : -1;
    }

    private static boolean noPercent(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == '%') {
                return false;
            }
        }
        return true;
    }

    String name() {
        return name;
    }

    @Override
    public String toString() {
        return "SignedCookie{name=" + name + ", " + signer + '}';
    }
}
