package dev.sessionkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Optional;

/**
 * Signature verification on any string: never an exception, and never a false accept: the fuzzer does not know the
 * secrets, so the only strings that may verify are the exact signatures SessionKit makes. And any value signed with any
 * secret verifies with that secret, and not with another.
 */
class SignatureFuzzTest {

    private static final String OLD = "signature fuzz: the old secret, 32+ chars";
    private static final String NEW = "signature fuzz: the new secret, 32+ chars";
    private static final CookieSigner SIGNER = CookieSigner.of(OLD, NEW);

    @FuzzTest
    void unsign(FuzzedDataProvider data) {
        String signed = data.consumeRemainingAsString();
        Optional<String> value = SIGNER.unsign(signed);

        value.ifPresent(v -> assertThat(signed).as("a value verifies only with its exact signature")
                .isIn(CookieSigner.sign(v, OLD), CookieSigner.sign(v, NEW)));
    }

    @FuzzTest
    void signThenUnsign(FuzzedDataProvider data) {
        String secret = data.consumeString(64);
        String value = data.consumeRemainingAsString();
        if (secret.isBlank()) {
            return;
        }
        String signed = CookieSigner.sign(value, secret);

        assertThat(CookieSigner.of(secret).unsign(signed)).contains(value);
        assertThat(SIGNER.unsign(signed)).as("another secret's signature").isEmpty();
    }
}
