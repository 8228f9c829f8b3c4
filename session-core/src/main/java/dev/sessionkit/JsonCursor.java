package dev.sessionkit;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cursor over JSON text for {@link FastRecordReader}: strict RFC 8259 JSON, the values as Jackson's default
 * mapping types them. At the first thing it does not take (a syntax error, the end of the text, an escape in a key,
 * a number of more than {@value #MAX_NUMBER} characters, nesting deeper than {@value #MAX_DEPTH}) it gives up: from
 * then on every method returns at once ({@code false} or {@code null}), every loop over members ends and
 * {@link #atEnd()} is {@code false}, so a caller asks where it needs an answer, not after every call. No index is
 * read before it is checked against the text's length. Every method starts at its token's first character and ends
 * just after its last; blanks are the callers' to skip. Not thread-safe.
 */
final class JsonCursor {

    static final int MAX_NUMBER = 100;
    static final int MAX_DEPTH = 64;

    /** What {@link #at} gives past the end of the text: no character is negative. */
    private static final int END = -1;

    private final String s;
    private int i;
    private int depth;
    private boolean ok = true;
    /** Where the key just read starts (after its opening quote) and ends (its closing quote). */
    private int keyStart;
    private int keyEnd;

    JsonCursor(String s) {
        this.s = s;
    }

    /** Gives up: what the cursor read is not what its caller takes. Returns {@code false}. */
    boolean giveUp() {
        ok = false;
        return false;
    }

    /** Gives up, for a method that returns a value: {@code null}. */
    private <V> V none() {
        ok = false;
        return null;
    }

    /** Whether everything was taken and nothing follows. */
    boolean atEnd() {
        return ok && i == s.length();
    }

    /** The character at {@code k}, or {@link #END} past the end of the text. */
    private int at(int k) {
        return k < s.length() ? s.charAt(k) : END;
    }

    /** A key without escapes, the blanks and the colon after it, and the blanks after that. */
    boolean key() {
        if (!expect('"')) {
            return false;
        }
        int end = s.indexOf('"', i);
        if (end < 0) {
            return giveUp();
        }
        for (int k = i; k < end; k++) {
            char c = s.charAt(k);
            if (c == '\\' || c < 0x20) {
                return giveUp();
            }
        }
        keyStart = i;
        keyEnd = end;
        i = end + 1;
        blank();
        boolean colon = expect(':');
        blank();
        return colon;
    }

    /** Whether the key just read is {@code name}. */
    boolean keyIs(String name) {
        return keyEnd - keyStart == name.length() && s.startsWith(name, keyStart);
    }

    /** The key just read. */
    String keyName() {
        return s.substring(keyStart, keyEnd);
    }

    /**
     * After a member or an element and its blanks: {@code true} after a comma (and blanks), {@code false} after the
     * closing character or once given up.
     */
    boolean more(char close) {
        if (!ok) {
            return false;
        }
        blank();
        int c = at(i++);
        if (c == ',') {
            blank();
            return true;
        }
        if (c != close) {
            giveUp();
        }
        return false;
    }

    /** A value; without {@code build}, checked but not made ({@code null}). */
    Object value(boolean build) {
        if (!ok) {
            return null;
        }
        return switch (at(i)) {
            case '"' -> string(build);
            case '{' -> object(build);
            case '[' -> array(build);
            case 't' -> literal("true") ? Boolean.TRUE : null;
            case 'f' -> literal("false") ? Boolean.FALSE : null;
            case 'n' -> takeNull() ? null : none();
            default -> number();
        };
    }

    private Map<String, Object> object(boolean build) {
        if (!enter() || !expect('{')) {
            return null;
        }
        blank();
        Map<String, Object> map = build ? new LinkedHashMap<>() : null;
        if (!take('}')) {
            do {
                if (!key()) {
                    return null;
                }
                String name = build ? keyName() : null;
                Object value = value(build);
                if (build) {
                    map.put(name, value);
                }
            } while (more('}'));
        }
        depth--;
        return map;
    }

    private List<Object> array(boolean build) {
        if (!enter() || !expect('[')) {
            return null;
        }
        blank();
        List<Object> list = build ? new ArrayList<>() : null;
        if (!take(']')) {
            do {
                Object value = value(build);
                if (build) {
                    list.add(value);
                }
            } while (more(']'));
        }
        depth--;
        return list;
    }

    private boolean enter() {
        return ++depth <= MAX_DEPTH || giveUp();
    }

    /** A string; without {@code build}, checked but not made ({@code null}). */
    String string(boolean build) {
        if (!expect('"')) {
            return null;
        }
        int start = i;
        StringBuilder escaped = null;
        for (int c = at(i); c != '"'; c = at(++i)) {
            if (c < 0x20) {
                return none(); // a control character, or the end of the text
            }
            if (c == '\\') {
                if (escaped == null) {
                    escaped = new StringBuilder(i - start + 16).append(s, start, i);
                }
                int unescaped = escape();
                if (unescaped == END) {
                    return null;
                }
                escaped.append((char) unescaped);
            } else if (escaped != null) {
                escaped.append((char) c);
            }
        }
        int end = i++;
        if (!build) {
            return null;
        }
        return escaped != null ? escaped.toString() : s.substring(start, end);
    }

    /** The character an escape stands for, or {@link #END} (given up); {@code i} ends on its last character. */
    private int escape() {
        int c = at(++i);
        return switch (c) {
            case '"', '\\', '/' -> c;
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> hex4();
            default -> {
                giveUp();
                yield END;
            }
        };
    }

    /** The four hex digits of a {@code \\u} escape, or {@link #END} (given up). */
    private int hex4() {
        int code = 0;
        for (int k = 0; k < 4; k++) {
            int h = at(++i);
            int digit = h >= 0 && h <= 'f' ? Character.digit(h, 16) : -1;
            if (digit < 0) {
                giveUp();
                return END;
            }
            code = code << 4 | digit;
        }
        return code;
    }

    /** {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}, as Jackson types it by default. */
    private Object number() {
        int start = i;
        if (at(i) == '-') {
            i++;
        }
        int firstDigit = i;
        digits();
        int integerDigits = i - firstDigit;
        if (integerDigits > 1 && s.charAt(firstDigit) == '0') {
            return none(); // a leading zero
        }
        boolean integral = true;
        if (at(i) == '.') {
            i++;
            digits();
            integral = false;
        }
        if (at(i) == 'e' || at(i) == 'E') {
            i++;
            if (at(i) == '+' || at(i) == '-') {
                i++;
            }
            digits();
            integral = false;
        }
        if (!ok || i - start > MAX_NUMBER) { // a part without digits, or too long
            return none();
        }
        if (!integral) {
            double value = Double.parseDouble(s.substring(start, i));
            return Double.isFinite(value) ? (Object) value : none();
        }
        if (integerDigits <= 18) {
            long value = 0;
            for (int k = firstDigit; k < i; k++) {
                value = value * 10 + (s.charAt(k) - '0');
            }
            value = firstDigit > start ? -value : value;
            return value == (int) value ? (Object) (int) value : (Object) value;
        }
        BigInteger value = new BigInteger(s.substring(start, i));
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }

    /** One or more ASCII digits, or gives up. */
    private boolean digits() {
        int start = i;
        while (at(i) >= '0' && at(i) <= '9') {
            i++;
        }
        return i > start || giveUp();
    }

    private boolean literal(String word) {
        if (!s.startsWith(word, i)) {
            return giveUp();
        }
        i += word.length();
        return true;
    }

    /**
     * A string holding a date in {@code toISOString}'s form, read in place by {@link IsoInstant}; anything else
     * gives up ({@code null}).
     */
    Instant isoInstant() {
        Instant instant = ok && at(i) == '"' && at(i + 25) == '"' ? IsoInstant.parse(s, i + 1) : null;
        if (instant == null) {
            return none();
        }
        i += 26;
        return instant;
    }

    /** Takes a {@code null} literal if it is next. */
    boolean takeNull() {
        if (ok && s.startsWith("null", i)) {
            i += 4;
            return true;
        }
        return false;
    }

    void blank() {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            i++;
        }
    }

    /** Takes {@code c}, or gives up. */
    boolean expect(char c) {
        if (!ok || at(i) != c) {
            return giveUp();
        }
        i++;
        return true;
    }

    /** Takes {@code c} if it is next. */
    boolean take(char c) {
        if (ok && at(i) == c) {
            i++;
            return true;
        }
        return false;
    }
}
