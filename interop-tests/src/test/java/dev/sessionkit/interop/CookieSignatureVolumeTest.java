package dev.sessionkit.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.CookieSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 5: 1,000 random (value, secret) pairs, many with non-ASCII characters, signed by the npm package
 * cookie-signature 1.2.2 and by {@link CookieSigner}: the strings are identical, each side accepts them, and a
 * mutated copy of each is rejected by both ({@code unsign} returns {@code false} in Node, empty in Java). The pairs
 * come from a fixed seed, so a failure can be replayed.
 */
@ExtendWith(NodeEnvironment.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CookieSignatureVolumeTest {

    private static final long SEED = 0x5E5510_4B17L;
    private static final int PAIRS = 1_000;
    private static final String BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    /** Characters to draw from: ASCII (with the separators {@code . : %}), Latin-1, Greek, CJK, and emoji. */
    private static final int[][] RANGES = {
        {0x20, 0x7E}, {0x20, 0x7E}, {0x20, 0x7E}, {0xA0, 0xFF}, {0x391, 0x3C9}, {0x4E00, 0x4FFF}, {0x1F600, 0x1F64F},
    };

    @Test
    void thousandPairs_signedByNodeAndJava_identicalAndMutationsRejectedByBoth(@TempDir Path dir)
            throws IOException {
        Random random = new Random(SEED);
        List<String> values = new ArrayList<>();
        List<String> secrets = new ArrayList<>();
        List<String> javaSigned = new ArrayList<>();
        List<String> mutated = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            String value = i % 100 == 0 ? "" : randomText(random, 1 + random.nextInt(48));
            String secret = randomSecret(random);
            String signed = CookieSigner.sign(value, secret);
            values.add(value);
            secrets.add(secret);
            javaSigned.add(signed);
            mutated.add(mutate(signed, secret, i, random));
        }
        assertThat(values.stream().filter(v -> !isAscii(v))).as("values with non-ASCII").hasSizeGreaterThan(500);
        assertThat(secrets.stream().filter(s -> !isAscii(s))).as("secrets with non-ASCII").hasSizeGreaterThan(500);

        List<Map<String, String>> toSign = new ArrayList<>();
        List<Map<String, String>> toUnsign = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            toSign.add(Map.of("value", values.get(i), "secret", secrets.get(i)));
        }
        for (int i = 0; i < PAIRS; i++) {
            toUnsign.add(Map.of("signed", javaSigned.get(i), "secret", secrets.get(i)));
        }
        for (int i = 0; i < PAIRS; i++) {
            toUnsign.add(Map.of("signed", mutated.get(i), "secret", secrets.get(i)));
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("sign", toSign);
        request.put("unsign", toUnsign);
        Path in = dir.resolve("in.json");
        Path out = dir.resolve("out.json");
        Files.writeString(in, Json.write(request), StandardCharsets.UTF_8);

        NodeEnvironment.run(List.of(NodeEnvironment.node().toString(), "sign.mjs", in.toString(), out.toString()),
                Duration.ofSeconds(60), "sign.log");
        JsonNode result = Json.read(Files.readString(out, StandardCharsets.UTF_8));
        JsonNode nodeSigned = result.get("signed");
        JsonNode nodeUnsigned = result.get("unsigned");
        assertThat(nodeSigned).hasSize(PAIRS);
        assertThat(nodeUnsigned).hasSize(2 * PAIRS);

        SoftAssertions softly = new SoftAssertions();
        for (int i = 0; i < PAIRS; i++) {
            String value = values.get(i);
            CookieSigner signer = CookieSigner.of(secrets.get(i));
            String fromNode = nodeSigned.get(i).asText();
            softly.assertThat(javaSigned.get(i)).as("pair %d: Java's signature equals Node's", i).isEqualTo(fromNode);
            softly.assertThat(signer.unsign(fromNode)).as("pair %d: Java accepts Node's", i).contains(value);
            softly.assertThat(nodeUnsigned.get(i).isTextual() ? nodeUnsigned.get(i).asText() : nodeUnsigned.get(i))
                    .as("pair %d: Node accepts Java's", i).isEqualTo(value);

            String copy = mutated.get(i);
            softly.assertThat(copy).as("pair %d: the mutation changed something", i).isNotEqualTo(fromNode);
            softly.assertThat(signer.unsign(copy)).as("pair %d: Java rejects %s", i, copy).isEqualTo(Optional.empty());
            JsonNode nodeVerdict = nodeUnsigned.get(PAIRS + i);
            softly.assertThat(nodeVerdict.isBoolean() && !nodeVerdict.asBoolean())
                    .as("pair %d: Node's unsign(%s) is false, was %s", i, copy, nodeVerdict).isTrue();
        }
        softly.assertAll();
    }

    /**
     * A copy of {@code signed} changed in one of the ways an attacker or a broken proxy would: a signature
     * character, a value character, a non-canonical last character that base64 decoders accept as the same bytes,
     * the base64url spelling, {@code =} padding, a truncated signature, the signature of another secret, a missing
     * separator.
     */
    private static String mutate(String signed, String secret, int i, Random random) {
        int dot = signed.lastIndexOf('.');
        String value = signed.substring(0, dot);
        String signature = signed.substring(dot + 1);
        switch (i % 8) {
            case 0: {
                int at = random.nextInt(signature.length());
                char replacement = otherThan(signature.charAt(at), random);
                return value + "." + signature.substring(0, at) + replacement + signature.substring(at + 1);
            }
            case 1:
                if (value.isEmpty()) {
                    return "x." + signature;
                } else {
                    // Replace a whole code point, never half of a surrogate pair (the JSON must stay valid UTF-8).
                    int at = value.offsetByCodePoints(0, random.nextInt(value.codePointCount(0, value.length())));
                    int c = value.codePointAt(at);
                    String replacement = c == 'a' ? "b" : "a";
                    return value.substring(0, at) + replacement + value.substring(at + Character.charCount(c)) + "."
                            + signature;
                }
            case 2: {
                // 32 bytes in 43 characters leave 2 unused bits in the last one: flipping one gives the same bytes.
                char last = signature.charAt(signature.length() - 1);
                char twin = BASE64.charAt(BASE64.indexOf(last) ^ 1);
                return value + "." + signature.substring(0, signature.length() - 1) + twin;
            }
            case 3: {
                String url = signature.replace('+', '-').replace('/', '_');
                return url.equals(signature) ? value + "." + signature + "=" : value + "." + url;
            }
            case 4:
                return signed + "=";
            case 5:
                return signed.substring(0, signed.length() - 1 - random.nextInt(5));
            case 6:
                return CookieSigner.sign(value, secret + "!");
            default:
                return value + signature;
        }
    }

    private static char otherThan(char c, Random random) {
        char other;
        do {
            other = BASE64.charAt(random.nextInt(BASE64.length()));
        } while (other == c);
        return other;
    }

    private static String randomText(Random random, int codePoints) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < codePoints; i++) {
            int[] range = RANGES[random.nextInt(RANGES.length)];
            out.appendCodePoint(range[0] + random.nextInt(range[1] - range[0] + 1));
        }
        return out.toString();
    }

    /** A secret with at least one character that is not whitespace (blank secrets are refused on the Java side). */
    private static String randomSecret(Random random) {
        String secret;
        do {
            secret = randomText(random, 1 + random.nextInt(40));
        } while (secret.isBlank());
        return secret;
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 0x80);
    }
}
