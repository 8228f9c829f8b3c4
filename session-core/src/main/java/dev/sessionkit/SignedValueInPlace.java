package dev.sessionkit;

/**
 * The usual session cookie value, read where it stands in the {@code Cookie} header instead of URL-decoded first:
 * {@code s%3A} (or {@code s:}), an id with nothing to decode, a dot, and a signature whose only escapes are
 * {@code %2B} and {@code %2F} (base64's {@code +} and {@code /}, as {@code encodeURIComponent} writes them). Decoding
 * the whole value first costs a read-only request an eighth to a third of its time (benchmarks/RESULTS.md,
 * "Fast paths"); {@link SignedCookie} does that for any other value. Both readings give the same outcome for every
 * value ({@code CookieHeaderFuzzTest}). Every index is checked against the value's end before it is read. Immutable.
 */
final class SignedValueInPlace {

    private static final String PREFIX = "s:";
    private static final String ENCODED_PREFIX = "s%3A";
    /** The length of a signature: 32 bytes of HMAC-SHA256 in unpadded base64. */
    private static final int SIGNATURE_LENGTH = 43;
    /** A byte no base64 character has, for a character that is not ASCII: it never matches. */
    private static final byte NOT_BASE64 = (byte) 0xFF;

    private final String text;
    private final int start;
    private final int prefix;
    private final int dot;
    private final int end;
    private final int escapes;

    private SignedValueInPlace(String text, int start, int prefix, int dot, int end, int escapes) {
        this.text = text;
        this.start = start;
        this.prefix = prefix;
        this.dot = dot;
        this.end = end;
        this.escapes = escapes;
    }

    /**
     * The value at {@code start..end} of {@code text}, read in place, or {@code null} when it is not of the usual
     * form and must be decoded first.
     */
    static SignedValueInPlace of(String text, int start, int end) {
        int prefix = signedPrefix(text, start, end);
        if (prefix < 0) {
            return null;
        }
        int dot = text.lastIndexOf('.', end - 1);
        if (dot < start + prefix || !noPercent(text, start + prefix, dot)) {
            return null;
        }
        int escapes = signatureEscapes(text, dot + 1, end);
        return escapes < 0 ? null : new SignedValueInPlace(text, start, prefix, dot, end, escapes);
    }

    /** The value's length as decoded: what a browser stored. */
    int decodedLength() {
        return end - start - (prefix - PREFIX.length()) - 2 * escapes;
    }

    /** The id, when one of the signer's secrets made exactly this signature; else {@code null}. */
    String verify(CookieSigner signer) {
        String id = text.substring(start + prefix, dot);
        return signer.verifies(id, signature()) ? id : null;
    }

    /** The signature's characters as bytes, its {@code %2B} and {@code %2F} read as {@code +} and {@code /}. */
    private byte[] signature() {
        byte[] bytes = new byte[end - dot - 1 - 2 * escapes];
        int k = 0;
        for (int i = dot + 1; i < end; i++, k++) {
            char c = text.charAt(i);
            if (c == '%') { // one of the escapes signatureEscapes counted: two characters follow, before end
                c = (text.charAt(i + 2) | 0x20) == 'b' ? '+' : '/';
                i += 2;
            }
            bytes[k] = c < 0x80 ? (byte) c : NOT_BASE64;
        }
        return bytes;
    }

    /** How many {@code %2B} and {@code %2F} (either case) the signature has, or -1 when it has any other escape. */
    private static int signatureEscapes(String s, int from, int to) {
        int escapes = 0;
        for (int i = s.indexOf('%', from); i >= 0 && i < to; i = s.indexOf('%', i + 3)) {
            if (i + 2 >= to || s.charAt(i + 1) != '2' || "bBfF".indexOf(s.charAt(i + 2)) < 0) {
                return -1;
            }
            escapes++;
        }
        return escapes;
    }

    private static boolean noPercent(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == '%') {
                return false;
            }
        }
        return true;
    }

    /** The length of {@code s:} or its encoding {@code s%3A} (either case) at {@code start}, or -1. */
    private static int signedPrefix(String text, int start, int end) {
        if (text.startsWith(PREFIX, start) && end - start >= PREFIX.length()) {
            return PREFIX.length();
        }
        return end - start >= ENCODED_PREFIX.length()
                && text.regionMatches(true, start, ENCODED_PREFIX, 0, ENCODED_PREFIX.length())
                && text.charAt(start) == 's' ? ENCODED_PREFIX.length() : -1;
    }
}
