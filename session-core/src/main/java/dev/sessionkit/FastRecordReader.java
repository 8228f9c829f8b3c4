package dev.sessionkit;

import dev.sessionkit.RecordReader.Decoded;
import dev.sessionkit.RecordReader.Meta;
import dev.sessionkit.RecordReader.StoredLifetime;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads an ordinary record of {@link SessionData} under the default object mapper straight from its characters, into
 * the values Jackson's default mapping gives (strings, {@code Integer}, {@code Long} or {@code BigInteger} by size,
 * {@code Double}, booleans, {@code null}, {@code ArrayList}, {@code LinkedHashMap}), building nothing it does not
 * keep: no parser, no token buffer, and the cookie's and metadata's keys and dates compared and read in place.
 *
 * <p>It reads what SessionKit, express-session and h3-session write, and gives up ({@code null}) on anything else:
 * what {@link JsonCursor} does not take (a syntax error, an escape in a key, an outsized number, deep nesting), a
 * record over {@value #MAX_LENGTH} characters, a date not in {@code toISOString}'s form, a
 * lifetime or metadata out of range. {@link RecordReader} then reads the record and decides, so every outcome is
 * Jackson's: {@code FastRecordFuzzTest} checks that whatever this reader returns, {@link RecordReader} returns the
 * same. Not thread-safe: one instance per record.
 */
final class FastRecordReader {

    static final int MAX_LENGTH = 32_768;

    private final JsonCursor c;

    private FastRecordReader(String json) {
        this.c = new JsonCursor(json);
    }

    /** The decoded record, or {@code null}: not an ordinary record, {@link RecordReader} decides. */
    static Decoded<SessionData> read(String json) {
        if (json.length() > MAX_LENGTH) {
            return null;
        }
        try {
            return new FastRecordReader(json).record();
        } catch (JsonCursor.GiveUp | IndexOutOfBoundsException e) {
            return null;
        }
    }

    private Decoded<SessionData> record() {
        Map<String, Object> data = new LinkedHashMap<>();
        StoredLifetime lifetime = null;
        Meta meta = null;
        c.blank();
        c.expect('{');
        c.blank();
        if (!c.take('}')) {
            do {
                int key = c.keyAndColon();
                if (c.is(key, "cookie")) {
                    lifetime = c.takeNull() ? null : lifetime();
                } else if (c.is(key, RecordReader.META)) {
                    meta = c.takeNull() ? null : meta();
                } else {
                    String name = c.s.substring(key, c.keyEnd);
                    data.put(name, c.value(true));
                }
            } while (c.more('}'));
        }
        c.blank();
        if (c.i != c.s.length()) {
            throw JsonCursor.GIVE_UP;
        }
        return new Decoded<>(SessionData.fromJson(data), lifetime, meta, c.s);
    }

    private StoredLifetime lifetime() {
        c.expect('{');
        c.blank();
        Duration age = null;
        Instant at = null;
        if (!c.take('}')) {
            do {
                int key = c.keyAndColon();
                if (c.is(key, "originalMaxAge")) {
                    age = c.takeNull() ? null : maxAge();
                } else if (c.is(key, "expires")) {
                    at = c.takeNull() ? null : instant();
                } else {
                    c.value(false);
                }
            } while (c.more('}'));
        }
        return new StoredLifetime(age, at);
    }

    private Duration maxAge() {
        Object number = c.value(true);
        double millis = number instanceof Number n ? n.doubleValue() : Double.NaN;
        if (!(millis >= 1000 && millis <= RecordReader.MAX_STORED_MAX_AGE.toMillis())) {
            throw JsonCursor.GIVE_UP;
        }
        return Duration.ofMillis(number instanceof Double ? (long) millis : ((Number) number).longValue());
    }

    private Meta meta() {
        c.expect('{');
        c.blank();
        Instant created = null;
        String principal = null;
        String label = null;
        if (!c.take('}')) {
            do {
                int key = c.keyAndColon();
                if (c.is(key, "created")) {
                    created = instant();
                } else if (c.is(key, "principal")) {
                    principal = c.string(true);
                } else if (c.is(key, "label")) {
                    label = c.string(true);
                } else {
                    c.value(false);
                }
            } while (c.more('}'));
        }
        if (created == null) {
            throw JsonCursor.GIVE_UP;
        }
        return new Meta(created, principal, label);
    }

    /** A date in toISOString's form, read in place; anything else gives up. */
    private Instant instant() {
        if (!FastPathSwitch.handDates) {
            if (c.s.charAt(c.i) != '"') {
                throw JsonCursor.GIVE_UP;
            }
            Instant at = RecordReader.instant(c.string(true));
            if (at == null) {
                throw JsonCursor.GIVE_UP;
            }
            return at;
        }
        if (c.s.charAt(c.i) != '"' || c.s.charAt(c.i + 25) != '"') {
            throw JsonCursor.GIVE_UP;
        }
        Instant at = RecordReader.IsoInstant.parse(c.s, c.i + 1);
        if (at == null || at.isBefore(Instant.EPOCH) || at.isAfter(RecordReader.LATEST)) {
            throw JsonCursor.GIVE_UP;
        }
        c.i += 26;
        return at;
    }
}
