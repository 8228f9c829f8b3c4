package dev.sessionkit;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Cookie parsing and serialisation exactly as jshttp {@code cookie} / {@code cookie-es} do it (docs/FORMAT.md,
 * "Reading a cookie" and "Set-Cookie"). The checks of attribute values are {@link CookieChecks}.
 */
final class Cookies {

    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final boolean[] URI_UNRESERVED = new boolean[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            URI_UNRESERVED[c] = true;
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            URI_UNRESERVED[c] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            URI_UNRESERVED[c] = true;
        }
        for (char c : "-_.!~*'()".toCharArray()) {
            URI_UNRESERVED[c] = true;
        }
    }

    private Cookies() {
    }

    // ---- Cookie request header -----------------------------------------------------------------------------------

    /**
     * Returns the decoded value of the first cookie called {@code name} in the request's {@code Cookie} headers, or
     * {@code null}. A later cookie of the same name is never tried, even when the first one is unusable.
     */
    static String find(List<String> cookieHeaders, String name) {
        for (String header : cookieHeaders) {
            String value = find(header, name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    static String find(String header, String name) {
        long range = range(header, name);
        return range < 0 ? null : decodeUriComponent(header.substring(start(range), end(range)));
    }

    /**
     * Where the first cookie of this name has its value in a header, still encoded and without its quotes, as
     * {@code start << 32 | end} ({@link #start}, {@link #end}), or -1: so that a caller can read a value that needs
     * no decoding in place, without a copy.
     */
    static long range(String header, String name) {
        int length = header.length();
        int start = 0;
        int eq = header.indexOf('=');
        // Linear in the header: each '=' and ';' is found once. Looking for '=' afresh in every segment would scan
        // the rest of the header per segment, quadratic for a header of segments without '=' ("a;a;a;...").
        while (start < length && eq >= 0) {
            if (eq < start) {
                eq = header.indexOf('=', start);
                if (eq < 0) {
                    break;
                }
            }
            int end = header.indexOf(';', start);
            if (end < 0) {
                end = length;
            }
            if (eq < end) {
                int keyStart = skipBlanks(header, start, eq);
                int keyEnd = trimBlanks(header, eq, keyStart);
                if (keyEnd - keyStart == name.length() && header.startsWith(name, keyStart)) {
                    int valueStart = skipBlanks(header, eq + 1, end);
                    int valueEnd = trimBlanks(header, end, valueStart);
                    if (valueEnd - valueStart >= 2 && header.charAt(valueStart) == '"'
                            && header.charAt(valueEnd - 1) == '"') {
                        valueStart++;
                        valueEnd--;
                    }
                    return (long) valueStart << 32 | valueEnd;
                }
            }
            start = end + 1;
        }
        return -1;
    }

    static int start(long range) {
        return (int) (range >>> 32);
    }

    static int end(long range) {
        return (int) range;
    }

    private static int skipBlanks(String s, int from, int to) {
        while (from < to && isBlank(s.charAt(from))) {
            from++;
        }
        return from;
    }

    private static int trimBlanks(String s, int to, int from) {
        while (to > from && isBlank(s.charAt(to - 1))) {
            to--;
        }
        return to;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    /** JavaScript's {@code decodeURIComponent} that gives back its input when that is not well formed. */
    static String decodeUriComponent(String s) {
        int percent = s.indexOf('%');
        if (percent < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        out.append(s, 0, percent);
        byte[] bytes = new byte[s.length() / 3];
        boolean ascii = true;
        int i = percent;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            int n = 0;
            while (i < s.length() && s.charAt(i) == '%') {
                if (i + 2 >= s.length()) {
                    return s;
                }
                int hi = hexDigit(s.charAt(i + 1));
                int lo = hexDigit(s.charAt(i + 2));
                if (hi < 0 || lo < 0) {
                    return s;
                }
                bytes[n++] = (byte) (hi << 4 | lo);
                ascii &= hi < 8;
                i += 3;
            }
            if (ascii) {
                // The session cookie's escapes (%3A, %2B, %2F) are ASCII: no decoder needed.
                for (int k = 0; k < n; k++) {
                    out.append((char) bytes[k]);
                }
                continue;
            }
            ascii = true;
            try {
                out.append(StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes, 0, n)));
            } catch (CharacterCodingException e) {
                return s;
            }
        }
        return out.toString();
    }

    /** An ASCII hex digit's value, or -1: {@link Character#digit} would also take non-ASCII digits, which JS refuses. */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** JavaScript's {@code encodeURIComponent}: UTF-8, upper-case hex, unreserved characters kept. */
    static String encodeUriComponent(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 128 && URI_UNRESERVED[c]) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(s.length() + 16);
                out.append(s, 0, i);
            }
            int end = Character.isHighSurrogate(c) && i + 1 < s.length() ? i + 2 : i + 1;
            for (byte b : s.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
            }
            i = end - 1;
        }
        return out == null ? s : out.toString();
    }

    // ---- Set-Cookie ------------------------------------------------------------------------------------------------

    /**
     * Serialises a {@code Set-Cookie} value in the attribute order of jshttp {@code cookie}:
     * {@code Max-Age; Domain; Path; Expires; HttpOnly; Secure; Partitioned; Priority; SameSite}. {@code Max-Age} is
     * written when the cookie has a max age, in whole seconds.
     *
     * @param value the cookie value before percent-encoding
     * @param requestSecure whether the request is secure, which {@link SameSite#NONE_WHEN_SECURE} follows
     */
    static String serialize(String name, String value, CookieAttributes cookie, boolean requestSecure) {
        StringBuilder out = new StringBuilder(160);
        out.append(name).append('=').append(encodeUriComponent(value));
        if (cookie.maxAge() != null) {
            out.append("; Max-Age=").append(cookie.maxAge().toSeconds());
        }
        if (cookie.domain() != null) {
            out.append("; Domain=").append(cookie.domain());
        }
        out.append("; Path=").append(cookie.path());
        if (cookie.expires() != null) {
            out.append("; Expires=").append(httpDate(cookie.expires()));
        }
        if (cookie.httpOnly()) {
            out.append("; HttpOnly");
        }
        if (cookie.secure()) {
            out.append("; Secure");
        }
        if (cookie.partitioned()) {
            out.append("; Partitioned");
        }
        if (cookie.priority() != null) {
            out.append("; Priority=").append(cookie.priority().attribute());
        }
        String sameSite = cookie.sameSite().attribute(requestSecure && cookie.secure());
        if (sameSite != null) {
            out.append("; SameSite=").append(sameSite);
        }
        return out.toString();
    }

    static String httpDate(Instant instant) {
        return HTTP_DATE.format(instant);
    }
}
