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
