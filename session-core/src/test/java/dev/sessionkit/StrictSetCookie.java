package dev.sessionkit;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A strict parser of a server's {@code Set-Cookie} value, RFC 6265 section 4.1.1 (with the attributes of RFC 6265bis),
 * that also applies what a user agent does to the values it accepts (section 5.2: attribute values trimmed of
 * whitespace, a path that does not start with {@code /} ignored): anything a browser would read differently from what
 * the server meant fails with {@link AssertionError}. For tests.
 */
final class StrictSetCookie {

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
    /** cookie-octet: US-ASCII except CTLs, whitespace, DQUOTE, comma, semicolon and backslash. */
    private static final Pattern COOKIE_VALUE = Pattern.compile("[\\x21\\x23-\\x2B\\x2D-\\x3A\\x3C-\\x5B\\x5D-\\x7E]*");
    /** RFC 1034 subdomain, letters-digits-hyphens labels, as RFC 1123 relaxes the first character. */
    private static final Pattern DOMAIN = Pattern.compile(
            "[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");
    /** Any CHAR except CTLs or ";". */
    private static final Pattern AV_VALUE = Pattern.compile("[\\x20-\\x3A\\x3C-\\x7E]*");
    private static final DateTimeFormatter RFC_1123 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private StrictSetCookie() {
    }

    /**
     * Parses a {@code Set-Cookie} value: {@code $name} and {@code $value} for the pair, then each attribute under
     * its lower-case name, valueless ones mapped to the empty string.
     */
    static Map<String, String> parse(String header) {
        check(header != null, "no Set-Cookie", header);
        String[] parts = header.split("; ", -1);
        int eq = parts[0].indexOf('=');
        check(eq > 0, "cookie-pair without '='", header);
        Map<String, String> out = new HashMap<>();
        out.put("$name", parts[0].substring(0, eq));
        out.put("$value", parts[0].substring(eq + 1));
        check(TOKEN.matcher(out.get("$name")).matches(), "cookie-name is not a token", header);
        check(COOKIE_VALUE.matcher(out.get("$value")).matches(), "cookie-value has a character outside cookie-octet",
                header);
        for (int i = 1; i < parts.length; i++) {
            String av = parts[i];
            check(!av.isEmpty() && AV_VALUE.matcher(av).matches(), "attribute with a CTL, ';' or nothing", header);
            int sep = av.indexOf('=');
            String name = (sep < 0 ? av : av.substring(0, sep)).toLowerCase(Locale.ROOT);
            String raw = sep < 0 ? "" : av.substring(sep + 1);
            String value = raw.strip();
            check(value.equals(raw), "attribute value with whitespace a browser trims: '" + raw + "'", header);
            check(!out.containsKey(name), "attribute " + name + " twice", header);
            switch (name) {
                case "expires" -> {
                    try {
                        RFC_1123.parse(value);
                    } catch (DateTimeParseException e) {
                        throw new AssertionError("Expires is not an rfc1123-date: " + header);
                    }
                }
                case "max-age" -> check(value.matches("[1-9][0-9]*"), "Max-Age is not a positive number", header);
                case "domain" -> {
                    check(DOMAIN.matcher(value).matches(), "Domain is not a subdomain", header);
                    value = value.toLowerCase(Locale.ROOT);
                }
                case "path" -> check(value.startsWith("/"), "Path a browser ignores (not starting with /)", header);
                case "secure", "httponly", "partitioned" -> check(sep < 0, name + " with a value", header);
                case "samesite" -> check(value.matches("Strict|Lax|None"), "SameSite value", header);
                case "priority" -> check(value.matches("Low|Medium|High"), "Priority value", header);
                default -> throw new AssertionError("unknown attribute " + name + ": " + header);
            }
            out.put(name, value);
        }
        return out;
    }

    private static void check(boolean condition, String what, String header) {
        if (!condition) {
            throw new AssertionError(what + ": " + header);
        }
    }
}
