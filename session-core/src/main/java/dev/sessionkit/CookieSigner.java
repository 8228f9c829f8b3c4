package dev.sessionkit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs and verifies values in the format of the npm package {@code cookie-signature}, which express-session and
 * h3-session use: {@code value + "." + base64(HMAC-SHA256(secret, value))} without the trailing {@code =}.
 *
 * <p>Verification signs the value again with every secret and compares the signature it makes, as text, with the one
 * presented, in time that depends only on the presented one's length (the value before the dot is the presented
 * value itself). So the non-canonical spellings of a signature that base64 decoders accept are refused, as
 * cookie-signature refuses them.
 * With several secrets, the LAST one signs (h3-session's rule) and all of them verify, which allows a secret to be
 * rotated without logging anyone out.
 *
 * <p>Thread-safe. {@link #toString()} never shows a secret.
 */
public final class CookieSigner {

    private static final Logger LOG = LoggerFactory.getLogger(CookieSigner.class);
    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();

    private final SecretKeySpec[] keys;
    private final ThreadLocal<PerThread> perThread;

    private CookieSigner(List<String> secrets) {
        this.keys = new SecretKeySpec[secrets.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = new SecretKeySpec(secrets.get(i).getBytes(StandardCharsets.UTF_8), ALGORITHM);
        }
        this.perThread = ThreadLocal.withInitial(() -> new PerThread(keys.length));
    }

    /**
     * Returns a signer for a list of secrets, oldest first: the last signs, all verify.
     *
     * @param secrets one or more non-blank secrets
     * @return a signer
     * @throws IllegalArgumentException when the list is empty or a secret is blank
     * @throws NullPointerException when the list or a secret is {@code null}
     */
    public static CookieSigner of(List<String> secrets) {
        return new CookieSigner(checkSecrets(secrets));
    }

    /**
     * Returns a signer for the given secrets, oldest first: the last signs, all verify.
     *
     * @param secrets one or more non-blank secrets
     * @return a signer
     * @throws IllegalArgumentException when no secret is given or a secret is blank
     */
    public static CookieSigner of(String... secrets) {
        return of(Arrays.asList(Objects.requireNonNull(secrets, "secrets")));
    }

    static List<String> checkSecrets(List<String> secrets) {
        Objects.requireNonNull(secrets, "secrets");
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("no secret given: set at least one secret (a long random string, "
                    + "for example from an environment variable); with several, the last signs and all verify");
        }
        List<String> copy = new ArrayList<>(secrets.size());
        for (int i = 0; i < secrets.size(); i++) {
            String secret = secrets.get(i);
            if (secret == null) {
                throw new NullPointerException("secret #" + (i + 1) + " of " + secrets.size() + " is null");
            }
            if (secret.isBlank()) {
                throw new IllegalArgumentException("secret #" + (i + 1) + " of " + secrets.size()
                        + " is empty or blank: every secret must be a non-blank string");
            }
            copy.add(secret);
        }
        return List.copyOf(copy);
    }

    /** The shortest secret accepted without {@code allowShortSecrets}: 32 characters, 192 bits of base64. */
    static final int MIN_SECRET_LENGTH = 32;

    /**
     * Refuses secrets shorter than {@link #MIN_SECRET_LENGTH} unless allowed, and logs a WARN when allowed: an HMAC
     * key short enough to guess can be found offline from any one cookie, and then every session can be forged.
     * The message says how long the secret is, never what it is.
     */
    static void checkStrength(List<String> secrets, boolean allowShort) {
        for (int i = 0; i < secrets.size(); i++) {
            int length = secrets.get(i).length();
            if (length >= MIN_SECRET_LENGTH) {
                continue;
            }
            String which = "secret #" + (i + 1) + " of " + secrets.size() + " has " + length + " characters";
            if (!allowShort) {
                throw new IllegalArgumentException(which + ": use at least " + MIN_SECRET_LENGTH + " random "
                        + "characters (for example the output of: openssl rand -base64 48), or allowShortSecrets(true) "
                        + "while sharing sessions with a service whose secret cannot change yet");
            }
            LOG.warn("{}, under the {} advised: allowed by allowShortSecrets; replace it (openssl rand -base64 48) "
                    + "and rotate it in as the last secret", which, MIN_SECRET_LENGTH);
        }
    }

    /**
     * Signs a value with the signing (last) secret.
     *
     * @param value the value, typically a session id
     * @return {@code value + "." + signature}
     */
    public String sign(String value) {
        return sign(value, keys.length - 1);
    }

    /**
     * Verifies a signed value against every secret.
     *
     * @param signed a string of the form {@code value.signature}
     * @return the value when one of the secrets produced exactly this signature, otherwise empty
     */
    public Optional<String> unsign(String signed) {
        return signed == null ? Optional.empty() : Optional.ofNullable(unsign(signed, 0, signed.length(), false));
    }

    /**
     * Verifies the signed value that {@code text} holds from {@code from} to {@code to}, in place.
     *
     * @param encodedSignature whether the signature is as {@code encodeURIComponent} left it in a cookie: its
     *     {@code +} and {@code /} as {@code %2B} and {@code %2F} (the caller has checked it holds no other escape)
     * @return the value, or {@code null} when no secret produced exactly this signature
     */
    String unsign(String text, int from, int to, boolean encodedSignature) {
        if (!FastPathSwitch.inPlaceCompare && !encodedSignature) {
            return unsignDecoded(text, from, to);
        }
        int dot = text.lastIndexOf('.', to - 1);
        if (dot < from) {
            return null;
        }
        String value = text.substring(from, dot);
        byte[] input = value.getBytes(StandardCharsets.UTF_8);
        PerThread buffers = perThread.get();
        boolean valid = false;
        for (int i = keys.length - 1; i >= 0; i--) {
            // No early exit: every secret is tried, so the time taken does not tell which one matched.
            valid |= buffers.matches(mac(buffers, i), input, text, dot + 1, to, encodedSignature);
        }
        return valid ? value : null;
    }

    /** The library path: the MAC computed, base64-encoded and compared with the presented one by MessageDigest. */
    private String unsignDecoded(String text, int from, int to) {
        int dot = text.lastIndexOf('.', to - 1);
        if (dot < from) {
            return null;
        }
        String value = text.substring(from, dot);
        byte[] input = value.getBytes(StandardCharsets.UTF_8);
        byte[] presented = text.substring(dot + 1, to).getBytes(StandardCharsets.UTF_8);
        PerThread buffers = perThread.get();
        boolean valid = false;
        for (int i = keys.length - 1; i >= 0; i--) {
            byte[] expected = BASE64.encode(mac(buffers, i).doFinal(input));
            valid |= java.security.MessageDigest.isEqual(expected, presented);
        }
        return valid ? value : null;
    }

    /**
     * Signs a value with a secret, exactly as {@code require('cookie-signature').sign(value, secret)}.
     *
     * @param value the value
     * @param secret a non-blank secret
     * @return {@code value + "." + signature}
     */
    public static String sign(String value, String secret) {
        return of(secret).sign(value);
    }

    private String sign(String value, int keyIndex) {
        Objects.requireNonNull(value, "value");
        byte[] mac = mac(perThread.get(), keyIndex).doFinal(value.getBytes(StandardCharsets.UTF_8));
        return value + '.' + BASE64.encodeToString(mac);
    }

    private Mac mac(PerThread buffers, int keyIndex) {
        Mac mac = buffers.macs[keyIndex];
        if (mac == null) {
            try {
                mac = Mac.getInstance(ALGORITHM);
                mac.init(keys[keyIndex]);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
            }
            buffers.macs[keyIndex] = mac;
        }
        return mac;
    }

    /**
     * A thread's MACs (a {@link Mac} is not thread-safe, and initialising one per request would cost more than the
     * signature) and the buffers a verification writes into, so that it allocates nothing but the value it returns.
     */
    private static final class PerThread {
        /** The length of a signature: 32 bytes of HMAC-SHA256 in unpadded base64. */
        private static final int SIGNATURE_LENGTH = 43;

        final Mac[] macs;
        private final byte[] digest = new byte[32];
        private final byte[] signature = new byte[SIGNATURE_LENGTH];

        PerThread(int keys) {
            this.macs = new Mac[keys];
        }

        /**
         * Whether {@code signed}, from {@code from} to {@code to}, is the signature of {@code input} by {@code mac}
         * (with {@code encoded}, read through its {@code %2B} and {@code %2F}): compared in time that depends on the
         * presented signature alone, never on how much of it matches.
         */
        boolean matches(Mac mac, byte[] input, String signed, int from, int to, boolean encoded) {
            mac.update(input);
            try {
                mac.doFinal(digest, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 failed", e);
            }
            BASE64.encode(digest, signature);
            int difference = 0;
            int length = 0; // of the signature as decoded
            for (int i = from; i < to; i++, length++) {
                char c = signed.charAt(i);
                if (encoded && c == '%') {
                    c = (signed.charAt(i + 2) | 0x20) == 'b' ? '+' : '/'; // %2B or %2F, in either case
                    i += 2;
                }
                if (length < SIGNATURE_LENGTH) {
                    difference |= c ^ signature[length];
                }
            }
            return length == SIGNATURE_LENGTH && difference == 0;
        }
    }

    @Override
    public String toString() {
        return "CookieSigner{secrets=" + keys.length + '}';
    }
}
