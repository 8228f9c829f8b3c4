package dev.sessionkit.interop;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A {@code connect.sid} cookie value as it travels ({@code s%3A<id>.<signature>}, percent-encoded), passed from one
 * side's {@code Set-Cookie} to the other side's {@code Cookie} header by hand, as a browser would.
 *
 * @param wire the value exactly as the {@code Set-Cookie} header carried it
 */
record SignedCookie(String wire) {

    static final String NAME = "connect.sid";

    /** The {@code Cookie} request header that sends this value. */
    String header() {
        return NAME + "=" + wire;
    }

    /** The value percent-decoded: {@code s:<id>.<signature>}. */
    String decoded() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < wire.length(); i++) {
            char c = wire.charAt(i);
            if (c == '%' && i + 2 < wire.length()) {
                bytes.write(Integer.parseInt(wire.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The session id: between {@code s:} and the last {@code .}. */
    String id() {
        String value = decoded();
        if (!value.startsWith("s:") || value.lastIndexOf('.') < 2) {
            throw new AssertionError("not a signed session cookie: " + value);
        }
        return value.substring(2, value.lastIndexOf('.'));
    }

    /** The signed part, {@code <id>.<signature>}, as cookie-signature's {@code unsign} takes it. */
    String signed() {
        return decoded().substring(2);
    }

    /** The Redis key of the session, in connect-redis's layout. */
    String key() {
        return "sess:" + id();
    }

    @Override
    public String toString() {
        return "SignedCookie{id=" + id() + '}';
    }
}
