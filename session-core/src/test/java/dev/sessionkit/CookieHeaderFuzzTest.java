package dev.sessionkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Any {@code Cookie} header: finding the session cookie and reading its signed value never throws, an id comes out
 * only when the header carries exactly the signature SessionKit makes for it, and the in-place reading of the usual
 * value gives what decoding the whole value first would.
 */
class CookieHeaderFuzzTest {

    private static final String SECRET = "cookie header fuzz secret of 32+ chars";
    private static final SignedCookie COOKIE = new SignedCookie("connect.sid", CookieSigner.of(SECRET));
    private static final SignedCookie ID_HEADER = new SignedCookie("connect.sid", CookieSigner.of(SECRET), false,
            "X-Session-Id");

    @FuzzTest
    void cookieHeader(FuzzedDataProvider data) {
        String header = data.consumeRemainingAsString();
        String raw = Cookies.find(header, "connect.sid");
        if (raw != null) {
            assertThat(header).contains("connect.sid");
            assertThat(Cookies.decodeUriComponent(raw)).isNotNull();
        }

        String id = COOKIE.read(List.of(header));

        assertThat(id).as("read in place, as the decoded value would read").isEqualTo(decodedThenVerified(raw, SECRET));

        if (id != null) {
            String signed = "s:" + CookieSigner.sign(id, SECRET);
            assertThat(header).as("an id comes out only of its own signature").satisfiesAnyOf(
                    h -> assertThat(h).contains(signed),
                    h -> assertThat(h).contains(Cookies.encodeUriComponent(signed)),
                    h -> assertThat(Cookies.decodeUriComponent(raw)).isEqualTo(signed));
        }
    }

    /**
     * A cookie SessionKit signed, then edited by the fuzzer (characters replaced, inserted or percent-encoded, hex
     * in either case): read in place or decoded first, the outcome is the same, and an edit that changes the decoded
     * value never keeps the id.
     */
    @FuzzTest
    void signedCookieEdits(FuzzedDataProvider data) {
        String id = data.consumeString(40);
        String decoded = "s:" + CookieSigner.sign(id, SECRET);
        StringBuilder value = new StringBuilder(data.consumeBoolean() ? "s%3A" : "s:")
                .append(Cookies.encodeUriComponent(decoded.substring(2)));
        for (int edits = data.consumeInt(0, 4); edits > 0 && value.length() > 0; edits--) {
            int at = data.consumeInt(0, value.length() - 1);
            switch (data.consumeInt(0, 3)) {
                case 0 -> value.setCharAt(at, data.consumeChar());
                case 1 -> value.insert(at, data.consumeChar());
                case 2 -> value.replace(at, at + 1, "%" + Integer.toHexString(value.charAt(at) & 0x7f).toUpperCase());
                default -> value.replace(at, at + 1, String.valueOf(value.charAt(at)).toLowerCase());
            }
        }
        String header = "a=1; connect.sid=" + value + "; b=2";

        String read = COOKIE.read(List.of(header));

        String wouldRead = decodedThenVerified(Cookies.find(header, "connect.sid"), SECRET);
        assertThat(read).isEqualTo(wouldRead);
        if (read != null) {
            assertThat(read).isEqualTo(id.isEmpty() ? null : id);
            assertThat(Cookies.find(header, "connect.sid")).as("edits that decode away, or blanks trimmed")
                    .isEqualTo(decoded);
        }
    }

    /**
     * Any value of the id header ({@code X-Session-Id}): reading it never throws, and gives what decoding the whole
     * (trimmed) value first would, so an id comes out only of its own signature. The header's value starts at index
     * 0, unlike a cookie's: this target found a read that indexed before it.
     */
    @FuzzTest
    void idHeader(FuzzedDataProvider data) {
        String value = data.consumeRemainingAsString();
        HttpExchange request = new FakeExchange().header("X-Session-Id", value);

        String id = ID_HEADER.read(request);

        String trimmed = value.trim();
        assertThat(id).isEqualTo(trimmed.isEmpty() ? null
                : decodedThenVerified(Cookies.decodeUriComponent(trimmed), SECRET));
    }

    /** The reading the in-place one must equal: decode the whole value, check its prefix, verify what follows. */
    static String decodedThenVerified(String decoded, String secret) {
        if (decoded == null || decoded.length() > SignedCookie.MAX_VALUE_LENGTH || !decoded.startsWith("s:")) {
            return null;
        }
        return CookieSigner.of(secret).unsign(decoded.substring(2)).filter(id -> !id.isEmpty()).orElse(null);
    }

    @FuzzTest
    void percentDecoding(FuzzedDataProvider data) {
        String value = data.consumeRemainingAsString();
        String decoded = Cookies.decodeUriComponent(value);

        assertThat(decoded).isNotNull();
        if (!value.contains("%")) {
            assertThat(decoded).isEqualTo(value);
        }
        assertThat(Cookies.decodeUriComponent(Cookies.encodeUriComponent(decoded))).isEqualTo(decoded);
    }
}
