package dev.sessionkit;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads an ordinary record of {@link SessionData} under the default object mapper straight from its characters, into
 * the values Jackson's default mapping gives (strings, {@code Integer}, {@code Long} or {@code BigInteger} by size,
 * {@code Double}, booleans, {@code null}, {@code ArrayList}, {@code LinkedHashMap}), building nothing it does not
 * keep: no parser, no token buffer, and the cookie's and metadata's keys and dates compared and read in place. It
 * saves a read-only request a quarter of its time or more (benchmarks/RESULTS.md, "Fast paths").
 *
 * <p>It reads what SessionKit, express-session and h3-session write, and gives up ({@code null}) on anything else:
 * what {@link JsonCursor} does not take (a syntax error, an escape in a key, an outsized number, deep nesting), a
 * record over {@value #MAX_LENGTH} characters, a date not in {@code toISOString}'s form, a lifetime or metadata out
 * of range. {@link RecordReader} then reads the record and decides, so every outcome is Jackson's:
 * {@code FastRecordFuzzTest} checks that whatever this reader returns, {@link RecordReader} returns the same. Not
 * thread-safe: one instance per record.
 */
final class FastRecordReader {

    static final int MAX_LENGTH = 32_768;

    private final String json;
    private final JsonCursor c;

    private FastRecordReader(String json) {
        this.json = json;
        this.c = new JsonCursor(json);
    }

    /** The decoded record, or {@code null}: not an ordinary record, {@link RecordReader} decides. */
    static DecodedRecord<SessionData> read(String json) {
        return json.length() > MAX_LENGTH ? null : new FastRecordReader(json).record();
    }

    private DecodedRecord<SessionData> record() {
        Map<String, Object> data = new LinkedHashMap<>();
        StoredLifetime lifetime = null;
        RecordMeta meta = null;
        c.blank();
        c.expect('{');
        c.blank();
        if (!c.take('}')) {
            do {
                if (!c.key()) {
                    return null;
                }
                if (c.keyIs("cookie")) {
                    lifetime = c.takeNull() ? null : lifetime();
                } else if (c.keyIs(RecordMeta.KEY)) {
                    meta = c.takeNull() ? null : meta();
                } else {
                    String name = c.keyName();
                    data.put(name, c.value(true));
                }
            } while (c.more('}'));
        }
        c.blank();
        return c.atEnd() ? new DecodedRecord<>(SessionData.fromJson(data), lifetime, meta, json) : null;
    }

    private StoredLifetime lifetime() {
        if (!c.expect('{')) {
            return null;
        }
        c.blank();
        Duration age = null;
        Instant at = null;
        if (!c.take('}')) {
            do {
                if (!c.key()) {
                    return null;
                }
                if (c.keyIs("originalMaxAge")) {
                    age = c.takeNull() ? null : maxAge();
                } else if (c.keyIs("expires")) {
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
        if (!(millis >= 1000 && millis <= StoredLifetime.MAX_MAX_AGE.toMillis())) {
            c.giveUp();
            return null;
        }
        return Duration.ofMillis(number instanceof Double ? (long) millis : ((Number) number).longValue());
    }

    private RecordMeta meta() {
        if (!c.expect('{')) {
            return null;
        }
        c.blank();
        Instant created = null;
        Instant authenticated = null;
        String principal = null;
        String label = null;
        String indexed = null;
        if (!c.take('}')) {
            do {
                if (!c.key()) {
                    return null;
                }
                if (c.keyIs("created")) {
                    created = instant();
                } else if (c.keyIs("authenticated")) {
                    authenticated = instant();
                    if (authenticated == null) {
                        return null;
                    }
                } else if (c.keyIs("principal")) {
                    principal = c.string(true);
                } else if (c.keyIs("label")) {
                    label = c.string(true);
                } else if (c.keyIs("indexed")) {
                    indexed = c.string(true);
                } else {
                    c.value(false);
                }
            } while (c.more('}'));
        }
        if (created == null) {
            c.giveUp();
            return null;
        }
        return new RecordMeta(created, authenticated, principal, label, indexed);
    }

    /** A date in toISOString's form from 1970 to 9999, read in place; anything else gives up. */
    private Instant instant() {
        Instant at = c.isoInstant();
        if (at != null && !IsoInstant.inRange(at)) {
            c.giveUp();
            return null;
        }
        return at;
    }
}
