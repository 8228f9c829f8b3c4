package dev.sessionkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The session cookie's value is read in place when only its {@code s%3A} prefix is encoded, and decoded first
 * otherwise: both ways give the same id for the same value, and neither accepts what the other refuses.
 */
class SignedCookieTest {

    private static final String SECRET = "signed cookie test secret, 32+ characters";
    private static final SignedCookie COOKIE = new SignedCookie("sid", CookieSigner.of(SECRET));
    private static final String SIGNED = CookieSigner.sign("abc-123", SECRET);

    private static String read(String value) {
        return COOKIE.read(List.of("other=1; sid=" + value + "; more=x.y"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"s%3A", "s%3a", "s:"})
    void prefixEncodedOrNot_readsTheId(String prefix) {
        assertThat(read(prefix + SIGNED)).isEqualTo("abc-123");
        assertThat(read('"' + prefix + SIGNED + '"')).as("quoted").isEqualTo("abc-123");
    }

    @ParameterizedTest
    @ValueSource(strings = {"S%3A", "s%3B", "s%3", "s", "%73%3A", ""})
    void notTheSignedPrefix_readsNoId_unlessItDecodesToIt(String prefix) {
        String expected = prefix.equals("%73%3A") ? "abc-123" : null; // %73 is 's': decoded first, then read
        assertThat(read(prefix + SIGNED)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc%2D123", "abc-123%2E"})
    void moreEncodedCharacters_decodedFirst_sameOutcome(String encodedId) {
        String id = Cookies.decodeUriComponent(encodedId);
        String signed = CookieSigner.sign(id, SECRET);
        String value = "s%3A" + encodedId + signed.substring(id.length());

        assertThat(read(value)).isEqualTo(id);
        assertThat(read(value.substring(0, value.length() - 1) + "A")).as("signature changed").isNull();
    }

    /** A signature with both '+' and '/', which a cookie carries as %2B and %2F. */
    @org.junit.jupiter.api.Test
    void signatureWithPlusAndSlash_encodedAnyWay_readsTheId() {
        String id = null;
        String signature = "";
        for (int i = 0; !(signature.contains("+") && signature.contains("/")); i++) {
            id = "id-" + i;
            signature = CookieSigner.sign(id, SECRET).substring(id.length() + 1);
        }
        String encoded = "s%3A" + Cookies.encodeUriComponent(id + "." + signature);
        assertThat(encoded).contains("%2B").contains("%2F");

        assertThat(read(encoded)).isEqualTo(id);
        assertThat(read(encoded.replace("%2B", "%2b").replace("%2F", "%2f"))).as("lower-case hex").isEqualTo(id);
        assertThat(read("s:" + id + "." + signature)).as("not encoded at all").isEqualTo(id);
        String overEncoded = encoded.substring(0, encoded.length() - 1) + "%" + Integer.toHexString(
                encoded.charAt(encoded.length() - 1));
        assertThat(read(overEncoded)).as("a letter encoded too: decoded first, still the signature").isEqualTo(id);
        assertThat(read(encoded.replace("%2B", "%2F"))).as("a '+' turned into '/'").isNull();
        assertThat(read(encoded.replaceFirst("%2B", "%2"))).as("a broken escape").isNull();
        assertThat(read(encoded + "%2B")).as("one character too many").isNull();
    }

    /** "s:" + id + "." + 43 characters: 4096 with an id of 4050, the longest read; the encoded form is 2 longer. */
    @ParameterizedTest
    @ValueSource(ints = {4050, 4051})
    void longValues_theLimitCountsDecodedCharacters(int idLength) {
        String id = "i".repeat(idLength);
        String signed = CookieSigner.sign(id, SECRET);
        String expected = idLength == 4050 ? id : null;

        assertThat(read("s%3A" + signed)).isEqualTo(expected);
        assertThat(read("s:" + signed)).isEqualTo(expected);
        assertThat(read("s%3A" + signed)).isEqualTo(CookieHeaderFuzzTest.decodedThenVerified("s:" + signed, SECRET));
    }

    @ParameterizedTest
    @ValueSource(strings = {".", "s:.", "s%3A.", "s%3Aabc-123.", "s%3A.x", "s%3Aabc-123", "s%3Aabc-123.AAAA"})
    void noOrWrongSignature_readsNoId(String value) {
        assertThat(read(value)).isNull();
    }

    /**
     * A signature character beyond ASCII whose low byte is the right one: read in place, decoded first, or unsigned
     * alone, it is not the signature.
     */
    @org.junit.jupiter.api.Test
    void signatureCharacterBeyondAscii_readsNoId() {
        char last = SIGNED.charAt(SIGNED.length() - 1);
        String forged = SIGNED.substring(0, SIGNED.length() - 1) + (char) (0x100 + last);

        assertThat(read("s%3A" + forged)).isNull();
        assertThat(read("s:" + forged)).isNull();
        assertThat(CookieSigner.of(SECRET).unsign(forged)).isEmpty();
        assertThat(read("s%3A" + SIGNED)).as("the same value with the right character").isEqualTo("abc-123");
    }
}
