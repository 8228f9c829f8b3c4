package dev.sessionkit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
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
 * <p>Verification signs the value again with every secret and compares the base64 of each MAC with the signature
 * presented, byte for byte, by {@link MessageDigest#isEqual} (in time that does not depend on how much of it
 * matches). So the non-canonical spellings of a signature that base64 decoders accept are refused, as
 * cookie-signature refuses them. With several secrets, the LAST one signs (h3-session's rule) and all of them verify, which allows a secret to be
 * rotated without logging anyone out.
 *
 * <p>A signer remembers the signed values it verified or made lately, a bounded number of them (at most
 * {@value #REMEMBERED} slots, one value each, a later value replacing an earlier one in its slot), so that the
 * cookie a browser sends on every request costs one HMAC, not one per request per secret. A value is recognised only
 * when both its id and its signature equal the remembered ones, each compared by {@link MessageDigest#isEqual}: a
 * presented value that was never verified is always signed again, and comparing it does not tell how much of a
 * remembered one it matches. Nothing but values that verified is ever remembered, and a signer's secrets never
 * change, so remembering cannot turn a refusal into an acceptance.
 *
 * <p>Thread-safe. {@link #toString()} never shows a secret.
 */
public final class CookieSigner {

    private static final Logger LOG = LoggerFactory.getLogger(CookieSigner.class);
    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();

    /** How many signed values a signer remembers, at most: a power of two, about 150 bytes each when full. */
    static final int REMEMBERED = 4096;

    private final SecretKeySpec[] keys;
    /**
     * The signed values verified or made lately, by a hash of the value. Slots are read and written without locks:
     * a {@link Verified} is immutable, and a slot read while another thread replaces it is only a miss.
     */
    private final Verified[] remembered = new Verified[REMEMBERED];
    /** A thread's MACs, one per secret: a {@link Mac} is not thread-safe, and initialising one costs more than a MAC. */
    private final ThreadLocal<Mac[]> macs;

    private CookieSigner(List<String> secrets) {
        this.keys = new SecretKeySpec[secrets.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = new SecretKeySpec(secrets.get(i).getBytes(StandardCharsets.UTF_8), ALGORITHM);
        }
        this.macs = ThreadLocal.withInitial(() -> new Mac[keys.length]);
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
        int dot = signed == null ? -1 : signed.lastIndexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String value = signed.substring(0, dot);
        return verifies(value, signed.substring(dot + 1).getBytes(StandardCharsets.UTF_8))
                ? Optional.of(value) : Optional.empty();
    }

    /**
     * Whether one of the secrets signs {@code value} with exactly the {@code presented} signature, its characters as
     * bytes. Every secret is tried, without an early exit, so the time taken does not tell which one matched.
     */
    boolean verifies(String value, byte[] presented) {
        byte[] input = value.getBytes(StandardCharsets.UTF_8);
        int slot = slot(value);
        Verified known = remembered[slot];
        if (known != null && known.matches(input, presented)) {
            return true;
        }
        Mac[] threadMacs = macs.get();
        boolean valid = false;
        for (int i = keys.length - 1; i >= 0; i--) {
            valid |= MessageDigest.isEqual(BASE64.encode(mac(threadMacs, i).doFinal(input)), presented);
        }
        if (valid) {
            remembered[slot] = new Verified(input, presented.clone());
        }
        return valid;
    }

    private static int slot(String value) {
        int hash = value.hashCode();
        return (hash ^ (hash >>> 16)) & (REMEMBERED - 1);
    }

    /** A signed value known to verify: the value's bytes and its signature's characters as bytes. */
    private static final class Verified {
        private final byte[] value;
        private final byte[] signature;

        Verified(byte[] value, byte[] signature) {
            this.value = value;
            this.signature = signature;
        }

        /** Both compared in full, each in time that does not depend on how much of it matches. */
        boolean matches(byte[] otherValue, byte[] otherSignature) {
            return MessageDigest.isEqual(value, otherValue) & MessageDigest.isEqual(signature, otherSignature);
        }
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
        byte[] input = value.getBytes(StandardCharsets.UTF_8);
        byte[] signature = BASE64.encode(mac(macs.get(), keyIndex).doFinal(input));
        // The browser sends a new cookie back on its next request: its first verification is then a lookup.
        remembered[slot(value)] = new Verified(input, signature);
        return value + '.' + new String(signature, StandardCharsets.ISO_8859_1);
    }

    private Mac mac(Mac[] threadMacs, int keyIndex) {
        Mac mac = threadMacs[keyIndex];
        if (mac == null) {
            try {
                mac = Mac.getInstance(ALGORITHM);
                mac.init(keys[keyIndex]);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
            }
            threadMacs[keyIndex] = mac;
        }
        return mac;
    }

    @Override
    public String toString() {
        return "CookieSigner{secrets=" + keys.length + '}';
    }
}
