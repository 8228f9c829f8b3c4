package dev.sessionkit.store.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns the bytes Redis holds into the record's text, and back into the SHA-1 the compare-and-set compares, so that
 * the compare is of what Redis holds, byte for byte. Records are UTF-8 (JSON.stringify and SessionKit write nothing
 * else), and for them the text's UTF-8 is the stored bytes. A record that is not valid UTF-8 (another writer's)
 * decodes with replacement characters, whose UTF-8 differs from the stored bytes: its key, text and stored SHA-1 are
 * remembered, so that a save of the session compares the bytes it was loaded from. Bounded; thread-safe.
 */
final class StoredBytes {

    private static final int MAX_REMEMBERED = 1024;

    private record Malformed(String text, String sha1) {
    }

    private final Map<String, Malformed> malformed = new ConcurrentHashMap<>();

    /** The text of a stored value, {@code null} for none. */
    String text(String key, byte[] stored) {
        if (stored == null) {
            return null;
        }
        String text = new String(stored, StandardCharsets.UTF_8);
        if (validUtf8(stored)) {
            if (!malformed.isEmpty()) {
                malformed.remove(key);
            }
            return text;
        }
        if (malformed.size() >= MAX_REMEMBERED) {
            malformed.clear(); // a flood of malformed records only costs those sessions a conflict
        }
        malformed.put(key, new Malformed(text, sha1Hex(stored)));
        return text;
    }

    /** The SHA-1 (hex) of the bytes {@code expected} was read from. */
    String sha1(String key, String expected) {
        Malformed read = malformed.isEmpty() ? null : malformed.get(key);
        return read != null && read.text().equals(expected) ? read.sha1()
                : sha1Hex(expected.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether the bytes are well-formed UTF-8: no stray continuation, overlong form, surrogate or value past U+10FFFF. */
    static boolean validUtf8(byte[] bytes) {
        int i = 0;
        while (i < bytes.length) {
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                i++;
                continue;
            }
            int length;
            int min;
            if (b >= 0xC2 && b <= 0xDF) {
                length = 2;
                min = 0x80;
            } else if (b >= 0xE0 && b <= 0xEF) {
                length = 3;
                min = 0x800;
            } else if (b >= 0xF0 && b <= 0xF4) {
                length = 4;
                min = 0x10000;
            } else {
                return false;
            }
            if (i + length > bytes.length) {
                return false;
            }
            int code = b & (0xFF >> (length + 1));
            for (int k = 1; k < length; k++) {
                int next = bytes[i + k] & 0xFF;
                if ((next & 0xC0) != 0x80) {
                    return false;
                }
                code = code << 6 | next & 0x3F;
            }
            if (code < min || code > 0x10FFFF || code >= 0xD800 && code <= 0xDFFF) {
                return false;
            }
            i += length;
        }
        return true;
    }

    static String sha1Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available in this JVM", e);
        }
    }
}
