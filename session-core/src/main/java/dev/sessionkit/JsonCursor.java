package dev.sessionkit;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cursor over JSON text for {@link FastRecordReader}: strict RFC 8259 JSON, the values as Jackson's default
 * mapping types them, and {@link GiveUp} at the first thing it does not take (a syntax error, an escape in a key, a
 * number of more than {@value #MAX_NUMBER} characters, nesting deeper than {@value #MAX_DEPTH}). Every method starts
 * at its token's first character and ends just after its last; blanks are the callers' to skip. Not thread-safe.
 */
final class JsonCursor {

    static final int MAX_NUMBER = 100;
    static final int MAX_DEPTH = 64;

    /** Thrown to give up; carries no stack, costs nothing. */
    static final class GiveUp extends RuntimeException {
        private static final long serialVersionUID = 1L;

        GiveUp() {
            super(null, null, false, false);
        }
    }

    static final GiveUp GIVE_UP = new GiveUp();

    final String s;
    int i;
    private int depth;
    /** Where the key just read ends (its closing quote). */
    int keyEnd;

    JsonCursor(String s) {
        this.s = s;
    }

    /** A key without escapes, the blanks and the colon after it, and the blanks after that; returns its start. */
    int keyAndColon() {
        expect('"');
        int start = i;
        int end = s.indexOf('"', start);
        if (end < 0) {
            throw GIVE_UP;
        }
        for (int k = start; k < end; k++) {
            char c = s.charAt(k);
            if (c == '\\' || c < 0x20) {
                throw GIVE_UP;
            }
        }
        keyEnd = end;
        i = end + 1;
        blank();
        expect(':');
        blank();
        return start;
    }

    boolean is(int keyStart, String name) {
        return keyEnd - keyStart == name.length() && s.startsWith(name, keyStart);
    }

    /** After a member or an element and its blanks: {@code true} after a comma (and blanks), else the closing char. */
    boolean more(char close) {
        blank();
        char c = s.charAt(i++);
        if (c == ',') {
            blank();
            return true;
        }
        if (c != close) {
            throw GIVE_UP;
        }
        return false;
    }

    Object value(boolean build) {
        char c = s.charAt(i);
        Object value;
        if (c == '"') {
            value = string(build);
        } else if (c == '{') {
            value = object(build);
        } else if (c == '[') {
            value = array(build);
        } else if (c == 't') {
            literal("true");
            value = Boolean.TRUE;
        } else if (c == 'f') {
            literal("false");
            value = Boolean.FALSE;
        } else if (c == 'n') {
            literal("null");
            value = null;
        } else {
            value = number();
        }
        return value;
    }

    private Map<String, Object> object(boolean build) {
        enter();
        expect('{');
        blank();
        Map<String, Object> map = build ? new LinkedHashMap<>() : null;
        if (!take('}')) {
            do {
                int key = keyAndColon();
                String name = build ? s.substring(key, keyEnd) : null;
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
        enter();
        expect('[');
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

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw GIVE_UP;
        }
    }

    /** A string; without {@code build}, checked but not made. */
    String string(boolean build) {
        expect('"');
        int start = i;
        StringBuilder escaped = null;
        for (char c = s.charAt(i); c != '"'; c = s.charAt(++i)) {
            if (c < 0x20) {
                throw GIVE_UP;
            }
            if (c == '\\') {
                if (escaped == null) {
                    escaped = new StringBuilder(i - start + 16).append(s, start, i);
                }
                escaped.append(escape());
            } else if (escaped != null) {
                escaped.append(c);
            }
        }
        int end = i++;
        if (!build) {
            return null;
        }
        return escaped != null ? escaped.toString() : s.substring(start, end);
    }

    /** The character an escape stands for; {@code i} ends on the escape's last character. */
    private char escape() {
        char c = s.charAt(++i);
        switch (c) {
            case '"', '\\', '/':
                return c;
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'u':
                int code = 0;
                for (int k = 0; k < 4; k++) {
                    char h = s.charAt(++i);
                    int digit = h <= 'f' ? Character.digit(h, 16) : -1;
                    if (digit < 0) {
                        throw GIVE_UP;
                    }
                    code = code << 4 | digit;
                }
                return (char) code;
            default:
                throw GIVE_UP;
        }
    }

    /** {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}, as Jackson types it by default. */
    private Object number() {
        int start = i;
        if (s.charAt(i) == '-') {
            i++;
        }
        int firstDigit = i;
        digits();
        int integerDigits = i - firstDigit;
        if (integerDigits > 1 && s.charAt(firstDigit) == '0') {
            throw GIVE_UP; // a leading zero
        }
        boolean integral = true;
        if (i < s.length() && s.charAt(i) == '.') {
            i++;
            digits();
            integral = false;
        }
        if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (s.charAt(i) == '+' || s.charAt(i) == '-') {
                i++;
            }
            digits();
            integral = false;
        }
        if (i - start > MAX_NUMBER) {
            throw GIVE_UP;
        }
        if (!integral) {
            double value = Double.parseDouble(s.substring(start, i));
            if (!Double.isFinite(value)) {
                throw GIVE_UP;
            }
            return value;
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

    /** One or more ASCII digits. */
    private void digits() {
        int start = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        if (i == start) {
            throw GIVE_UP;
        }
    }

    private void literal(String word) {
        if (!s.startsWith(word, i)) {
            throw GIVE_UP;
        }
        i += word.length();
    }

    /** Takes a {@code null} literal if it is next. */
    boolean takeNull() {
        if (s.startsWith("null", i)) {
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

    void expect(char c) {
        if (s.charAt(i) != c) {
            throw GIVE_UP;
        }
        i++;
    }

    /** Takes {@code c} if it is next. */
    boolean take(char c) {
        if (i < s.length() && s.charAt(i) == c) {
            i++;
            return true;
        }
        return false;
    }
}
