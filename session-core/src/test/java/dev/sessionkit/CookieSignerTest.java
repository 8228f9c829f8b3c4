package dev.sessionkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CookieSignerTest {

    private static final String HELLO = "hello.xz6khi6+oL1pnNhBgjk3Nr1CX2sxTjJiO9pKXaHZ33E";
    private static final String UUID_ID = "7247d6e9-8ddb-4005-988b-9aa82bd7d6d5";
    private static final String UUID_SIGNED =
            "7247d6e9-8ddb-4005-988b-9aa82bd7d6d5.SqXEHIEp60/XWc2/abq9Mwr0rD+4GAXJCjqT8QzKzu4";
    private static final String ROTATED_ID = "rYlH1pWOfQ6m0mSjM2ftmrFmtF4E1WrJ";
    private static final String ROTATED_NEW = ROTATED_ID + ".4YFe8+M0PTh1G3NUIWVgc46enr+ayoyAzap+2tlfJGo";
    private static final String ROTATED_OLD = ROTATED_ID + ".dhorbbZvkP3KkIcCT+edxG/5XG12EoMDswhfUOi4O2g";
    /** The same id signed with "third-secret" (computed with Python's hmac + base64). */
    private static final String ROTATED_THIRD = ROTATED_ID + ".Tl7h5d8Ui0tnbGlhO5vJ0eTZy2QqDU6tLgddv+86TSY";

    /**
     * What npm's cookie-signature computes for these (its HMAC-SHA256, base64 without padding, run with Node's
     * crypto). Non-ASCII written as escapes so no editor can change their normal form.
     */
    static Stream<Arguments> vectors() {
        return Stream.of(
                Arguments.of("keyboard cat", "hello", HELLO),
                Arguments.of("keyboard cat", UUID_ID, UUID_SIGNED),
                // secret "secret-é✓", value "héllo ✓ 世界 😀" (precomposed é, U+1F600 as a surrogate pair)
                Arguments.of("secret-\u00e9\u2713", "h\u00e9llo \u2713 \u4e16\u754c \uD83D\uDE00",
                        "h\u00e9llo \u2713 \u4e16\u754c \uD83D\uDE00.xjo8c6fgRvOZQT+T2xJR3IIYbR3tdTKuJKACJ0lm+7Q"),
                Arguments.of("keyboard cat", "", ".aJcKKTu8Uv0mRiw7LTI435t+pOa+giU/WLAuLCKGEFc"),
                Arguments.of("new-secret", ROTATED_ID, ROTATED_NEW),
                Arguments.of("old-secret", ROTATED_ID, ROTATED_OLD),
                Arguments.of("mySecret", "Luke", "Luke.qgkMwFbWmKhCsCGpAgWunY49jYk1ULKSJFyxnx37tuo"));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void sign_referenceVector_matchesCookieSignature(String secret, String value, String signed) {
        assertThat(CookieSigner.sign(value, secret)).isEqualTo(signed);
        assertThat(CookieSigner.of(secret).sign(value)).isEqualTo(signed);
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void unsign_referenceVector_returnsValue(String secret, String value, String signed) {
        assertThat(CookieSigner.of(secret).unsign(signed)).contains(value);
    }

    @Test
    void sign_nonAsciiVector_isFortyThreeCharacterStandardBase64() {
        String signed = CookieSigner.sign("h\u00e9llo \u2713 \u4e16\u754c \uD83D\uDE00", "secret-\u00e9\u2713");
        String signature = signed.substring(signed.lastIndexOf('.') + 1);

        assertThat(signature).hasSize(43).matches("[A-Za-z0-9+/]{43}");
    }

    static Stream<Arguments> tampered() {
        return Stream.of(
                Arguments.of("value changed", "hellp.xz6khi6+oL1pnNhBgjk3Nr1CX2sxTjJiO9pKXaHZ33E"),
                Arguments.of("last char E->A", "hello.xz6khi6+oL1pnNhBgjk3Nr1CX2sxTjJiO9pKXaHZ33A"),
                Arguments.of("non-canonical last char F", "hello.xz6khi6+oL1pnNhBgjk3Nr1CX2sxTjJiO9pKXaHZ33F"),
                Arguments.of("non-canonical last char G", "hello.xz6khi6+oL1pnNhBgjk3Nr1CX2sxTjJiO9pKXaHZ33G"),
                Arguments.of("base64url spelling of hello", "hello.xz6khi6-oL1pnNhBgjk3Nr1CX2sxTjJiO9pKXaHZ33E"),
                Arguments.of("base64url spelling of uuid", UUID_SIGNED.replace('+', '-').replace('/', '_')),
                Arguments.of("padding", HELLO + "="),
                Arguments.of("truncated", "hello.x"),
                Arguments.of("no dot", "hello"),
                Arguments.of("empty signature", "hello."),
                Arguments.of("empty string", ""),
                Arguments.of("signature only", ".xz6khi6+oL1pnNhBgjk3Nr1CX2sxTjJiO9pKXaHZ33E"),
                Arguments.of("extra segment", HELLO + ".xz6khi6+oL1pnNhBgjk3Nr1CX2sxTjJiO9pKXaHZ33E"),
                Arguments.of("leading space", " " + HELLO),
                Arguments.of("trailing space", HELLO + " "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tampered")
    void unsign_tamperedOrMalformed_isEmpty(String description, String signed) {
        assertThat(CookieSigner.of("keyboard cat").unsign(signed)).isEmpty();
    }

    @Test
    void unsign_base64UrlVectorActuallyDiffers_isEmpty() {
        // Guards the must-fail case above: the chosen vector must contain both characters that base64url respells.
        assertThat(UUID_SIGNED).contains("+").contains("/");
        String urlSpelling = UUID_SIGNED.replace('+', '-').replace('/', '_');

        assertThat(CookieSigner.of("keyboard cat").unsign(urlSpelling)).isEmpty();
        assertThat(CookieSigner.of("keyboard cat").unsign(UUID_SIGNED)).contains(UUID_ID);
    }

    @Test
    void unsign_wrongSecret_isEmpty() {
        assertThat(CookieSigner.of("keyboard dog").unsign(HELLO)).isEmpty();
    }

    @Test
    void unsign_null_isEmpty() {
        assertThat(CookieSigner.of("keyboard cat").unsign(null)).isEmpty();
    }

    @Test
    void unsign_idWithDotsAndColons_splitsAtLastDot() {
        // Signature computed independently with Python's hmac + base64.
        String signed = "a.b:c.d.vt94lm/GHvVoxfVH/kZIE96TacXAoySruCo3THE/tC8";
        CookieSigner signer = CookieSigner.of("keyboard cat");

        assertThat(signer.sign("a.b:c.d")).isEqualTo(signed);
        assertThat(signer.unsign(signed)).contains("a.b:c.d");
        assertThat(signer.unsign("s:" + signer.sign("s:x.y"))).isEmpty();
        assertThat(signer.unsign(signer.sign("s:x.y"))).contains("s:x.y");
    }

    @Test
    void sign_rotatedSecrets_signsWithLastSecret() {
        CookieSigner signer = CookieSigner.of("old-secret", "new-secret");

        assertThat(signer.sign(ROTATED_ID)).isEqualTo(ROTATED_NEW);
        assertThat(CookieSigner.of(List.of("old-secret", "new-secret")).sign(ROTATED_ID)).isEqualTo(ROTATED_NEW);
    }

    @Test
    void unsign_rotatedSecrets_acceptsEverySecret() {
        CookieSigner signer = CookieSigner.of("old-secret", "new-secret");

        assertThat(signer.unsign(ROTATED_OLD)).contains(ROTATED_ID);
        assertThat(signer.unsign(ROTATED_NEW)).contains(ROTATED_ID);
    }

    @Test
    void unsign_rotatedSecretsAndUnknownThirdSecret_isEmpty() {
        assertThat(CookieSigner.sign(ROTATED_ID, "third-secret")).isEqualTo(ROTATED_THIRD);

        assertThat(CookieSigner.of("old-secret", "new-secret").unsign(ROTATED_THIRD)).isEmpty();
    }

    @Test
    void unsign_afterTheValueVerified_stillRefusesAnyOtherSignatureOfIt() {
        CookieSigner signer = CookieSigner.of("keyboard cat");
        String tampered = UUID_SIGNED.substring(0, UUID_SIGNED.length() - 1) + "v";

        assertThat(signer.unsign(UUID_SIGNED)).contains(UUID_ID);
        assertThat(signer.unsign(tampered)).isEmpty();
        assertThat(signer.unsign(UUID_ID + ".")).isEmpty();
        assertThat(signer.unsign(UUID_SIGNED)).contains(UUID_ID);
    }

    @Test
    void unsign_rememberedSignature_doesNotVerifyAnotherValueOfTheSameSlot() {
        CookieSigner signer = CookieSigner.of("keyboard cat");
        // "Aa" and "BB" have the same String hash, so they share a remembered slot.
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        String signedAa = signer.sign("Aa");
        String signature = signedAa.substring(signedAa.indexOf('.') + 1);

        assertThat(signer.unsign(signedAa)).contains("Aa");
        assertThat(signer.unsign("BB." + signature)).isEmpty();
        assertThat(signer.unsign(signer.sign("BB"))).contains("BB");
        assertThat(signer.unsign(signedAa)).contains("Aa");
    }

    @Test
    void unsign_moreValuesThanRemembered_verifiesEachAndRefusesEachTampered() {
        CookieSigner signer = CookieSigner.of("keyboard cat");
        CookieSigner other = CookieSigner.of("another secret");
        int count = CookieSigner.REMEMBERED * 2 + 1;
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < count; i++) {
                String value = "session-" + i;
                assertThat(signer.unsign(signer.sign(value))).contains(value);
                assertThat(signer.unsign(other.sign(value))).isEmpty();
            }
        }
    }

    @Test
    void unsign_rememberedUnderAnOldSecret_isRefusedByASignerWithoutIt() {
        CookieSigner both = CookieSigner.of("old-secret", "new-secret");
        assertThat(both.unsign(ROTATED_OLD)).contains(ROTATED_ID);
        assertThat(both.unsign(ROTATED_OLD)).contains(ROTATED_ID);

        assertThat(CookieSigner.of("new-secret").unsign(ROTATED_OLD)).isEmpty();
    }

    @Test
    void unsign_manyThreadsAtOnce_agreesWithASingleThread() throws Exception {
        CookieSigner signer = CookieSigner.of("keyboard cat");
        CookieSigner other = CookieSigner.of("another secret");
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> wrong = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                wrong.add(pool.submit(() -> {
                    int mistakes = 0;
                    for (int i = 0; i < 20_000; i++) {
                        String value = "v" + (i % 300);
                        mistakes += signer.unsign(signer.sign(value)).isPresent() ? 0 : 1;
                        mistakes += signer.unsign(other.sign(value)).isPresent() ? 1 : 0;
                    }
                    return mistakes;
                }));
            }
            for (Future<Integer> future : wrong) {
                assertThat(future.get()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void of_emptyList_throwsHelpfulIllegalArgument() {
        assertThatThrownBy(() -> CookieSigner.of(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no secret given");
    }

    @Test
    void of_noVarargs_throwsHelpfulIllegalArgument() {
        assertThatThrownBy(() -> CookieSigner.of())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no secret given");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t \n"})
    void of_blankSecret_throwsHelpfulIllegalArgument(String blank) {
        assertThatThrownBy(() -> CookieSigner.of("good-secret", blank))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secret #2 of 2")
                .hasMessageContaining("blank");
    }

    @Test
    void of_nullSecretInList_throwsNullPointerNamingIt() {
        assertThatThrownBy(() -> CookieSigner.of(Arrays.asList("good-secret", null)))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("secret #2 of 2 is null");
    }

    @Test
    void of_nullSecretInVarargs_throwsNullPointerNamingIt() {
        assertThatThrownBy(() -> CookieSigner.of("good-secret", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("secret #2 of 2 is null");
    }

    @Test
    void of_nullList_throwsNullPointerNamingIt() {
        assertThatThrownBy(() -> CookieSigner.of((List<String>) null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("secrets");
    }

    @Test
    void of_badSecret_messageDoesNotEchoOtherSecrets() {
        assertThatThrownBy(() -> CookieSigner.of("do-not-print-me", " "))
                .hasMessageNotContaining("do-not-print-me");
    }

    @Test
    void toString_rotatedSecrets_showsCountButNoSecret() {
        String text = CookieSigner.of("old-secret", "new-secret").toString();

        assertThat(text).contains("2").doesNotContain("old-secret").doesNotContain("new-secret");
    }

    static Stream<Arguments> expressSetCookieVectors() {
        return Stream.of(
                Arguments.of("apple", "s%3Aapple.D8Y%2BpkTAmeR0PobOhY4G97PRW%2Bj7bUnP%2F5m6%2FOn1MCU"),
                Arguments.of("%", "s%3A%25.kzQ6x52kKVdF35Qh62AWk4ZekS28K5XYCXKa%2FOTZ01g"),
                Arguments.of("/foo", "s%3A%2Ffoo.paEKBtAHbV5s1IB8B2zPnzAgYmmnRPIqObW4VRYj%2FMQ"));
    }

    @ParameterizedTest
    @MethodSource("expressSetCookieVectors")
    void signAndEncode_expressSessionVector_matchesSetCookieValue(String value, String encoded) {
        assertThat(Cookies.encodeUriComponent("s:" + CookieSigner.sign(value, "keyboard cat"))).isEqualTo(encoded);
    }

    @ParameterizedTest
    @MethodSource("expressSetCookieVectors")
    void decodeAndUnsign_expressSessionVector_returnsValue(String value, String encoded) {
        String decoded = Cookies.decodeUriComponent(encoded);

        assertThat(decoded).startsWith("s:");
        assertThat(CookieSigner.of("keyboard cat").unsign(decoded.substring(2))).contains(value);
    }
}
