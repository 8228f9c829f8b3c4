package dev.sessionkit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;

/**
 * Reads a stored record in one pass over its JSON: the cookie's lifetime and SessionKit's metadata are taken from the
 * token stream as they go by, every other top-level field is copied into a token buffer that the data type is then
 * read from. No tree of the record is built (a session's data is read on most requests, so this is the request path's
 * largest piece of work). Where the same key appears twice, the last one counts, as in JavaScript's
 * {@code JSON.parse}. Thread-safe.
 */
final class RecordReader<T> {

    /** The longest stored lifetime read: about 317 years, far beyond what browsers keep, short of overflow. */
    static final Duration MAX_STORED_MAX_AGE = Duration.ofMillis(10_000_000_000_000L);

    /** The latest instant a record's date can take: JavaScript writes later years with six digits. */
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    /** The reserved top-level key of SessionKit's own metadata in a record. */
    static final String META = "__sessionkit";

    /**
     * A readable record: its data, the lifetime it stored ({@code null} when it stored no cookie, h3-session's
     * shape), SessionKit's metadata ({@code null} when no SessionKit wrote it yet), the record's JSON exactly as
     * stored (what a compare-and-set save expects to find, and the base of a merge: {@link RecordCodec#dataTree}).
     */
    record Decoded<T>(T data, StoredLifetime lifetime, Meta meta, String json) {
    }

    /**
     * SessionKit's metadata, kept under {@value #META} at the top level of a record, where express-session and
     * h3-session keep it as one more data field when they save: when the session was created, and the principal and
     * label it is listed under ({@code null} when none).
     */
    record Meta(Instant created, String principal, String label) {
    }

    /**
     * The lifetime a record stored: {@code cookie.originalMaxAge} and {@code cookie.expires}, each {@code null} when
     * absent. Of a stored cookie nothing else is read: the configuration owns the cookie's security attributes
     * (Secure, HttpOnly, SameSite, Domain, Path, Partitioned, Priority), so a record can never weaken them.
     */
    record StoredLifetime(Duration maxAge, Instant expires) {

        /** The attributes a loaded session's cookie gets: the configured ones with the stored lifetime. */
        CookieAttributes over(CookieAttributes configured) {
            return configured.withMaxAge(maxAge).withExpires(expires);
        }
    }

    /** Thrown for a stored record that cannot be read; the message never contains the record. */
    static final class UnreadableRecordException extends Exception {
        private static final long serialVersionUID = 1L;

        UnreadableRecordException(String message) {
            super(message, null, false, false);
        }
    }


    private final ObjectMapper mapper;
    private final JsonFactory factory;
    private final JavaType dataType;
    private final String dataTypeName;

    RecordReader(ObjectMapper mapper, JavaType dataType) {
        this.mapper = mapper;
        this.factory = mapper.getFactory();
        this.dataType = dataType;
        this.dataTypeName = dataType.getRawClass().getSimpleName();
    }

    Decoded<T> decode(String json) throws UnreadableRecordException {
        try (JsonParser p = factory.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new UnreadableRecordException("not a JSON object");
            }
            StoredLifetime lifetime = null;
            Meta meta = null;
            TokenBuffer fields = new TokenBuffer(mapper, false);
            fields.writeStartObject();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("cookie")) {
                    lifetime = value == JsonToken.VALUE_NULL ? null : lifetime(p);
                } else if (name.equals(META)) {
                    meta = value == JsonToken.VALUE_NULL ? null : meta(p);
                } else {
                    fields.writeFieldName(name);
                    copy(p, fields);
                }
            }
            if (p.nextToken() != null) {
                throw new UnreadableRecordException("not a JSON object: more follows it");
            }
            fields.writeEndObject();
            return new Decoded<>(data(fields), lifetime, meta, json);
        } catch (JsonProcessingException e) {
            throw new UnreadableRecordException("not JSON (" + e.getClass().getSimpleName() + ")");
        } catch (IOException e) {
            throw new UnreadableRecordException("not readable (" + e.getClass().getSimpleName() + ")");
        }
    }

    private T data(TokenBuffer fields) throws UnreadableRecordException {
        try (JsonParser p = fields.asParser()) {
            // A reader per record, from the mapper as it is now: one made once would keep the settings the mapper
            // had then, and a mapper reconfigured later would read records one way and write them another.
            T value = mapper.readerFor(dataType).readValue(p);
            if (value == null) {
                throw new UnreadableRecordException("data decoded to null");
            }
            return value;
        } catch (IOException | IllegalArgumentException e) {
            throw new UnreadableRecordException("data does not fit " + dataTypeName + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Copies the value at the parser's token (or skips it, {@code out} {@code null}) up to its end, refusing a number
     * beyond a double's range ({@code 1e400}): read as an infinity, it would be saved back as the string
     * {@code "Infinity"}, and JavaScript would read {@code Infinity} and save {@code null}. Not a record any JSON
     * writer makes. Iterative, so nesting costs no stack (the parser limits its depth).
     */
    private static void copy(JsonParser p, TokenBuffer out) throws IOException, UnreadableRecordException {
        int depth = 0;
        JsonToken t = p.currentToken();
        while (true) {
            if (t == JsonToken.VALUE_NUMBER_FLOAT && !Double.isFinite(p.getDoubleValue())) {
                throw new UnreadableRecordException("a number beyond the range of a double");
            }
            if (out != null) {
                out.copyCurrentEvent(p);
            }
            if (t.isStructStart()) {
                depth++;
            } else if (t.isStructEnd()) {
                depth--;
            }
            if (depth == 0) {
                return;
            }
            t = p.nextToken();
        }
    }

    /**
     * The stored lifetime, within the range a session can have: {@code originalMaxAge} a whole number of
     * milliseconds from one second to {@link RecordCodec#MAX_STORED_MAX_AGE}, {@code expires} an ISO-8601 instant
     * from 1970 to 9999. Anything else is an unreadable record rather than a session whose arithmetic would fail on
     * every request. Of a stored cookie nothing else is read.
     */
    private static StoredLifetime lifetime(JsonParser p) throws IOException, UnreadableRecordException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new UnreadableRecordException("'cookie' is not an object");
        }
        Duration age = null;
        Instant at = null;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (name.equals("originalMaxAge")) {
                age = value == JsonToken.VALUE_NULL ? null : maxAge(p, value);
            } else if (name.equals("expires")) {
                at = value == JsonToken.VALUE_NULL ? null : expires(p, value);
            } else {
                copy(p, null);
            }
        }
        return new StoredLifetime(age, at);
    }

    private static Duration maxAge(JsonParser p, JsonToken value) throws IOException, UnreadableRecordException {
        double millis = value.isNumeric() ? p.getDoubleValue() : Double.NaN;
        if (!(millis >= 1000 && millis <= MAX_STORED_MAX_AGE.toMillis())) {
            throw new UnreadableRecordException("'cookie.originalMaxAge' is not a lifetime of 1 s to "
                    + MAX_STORED_MAX_AGE.toDays() + " days");
        }
        return Duration.ofMillis(value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : (long) millis);
    }

    private static Instant expires(JsonParser p, JsonToken value) throws IOException, UnreadableRecordException {
        Instant at = value == JsonToken.VALUE_STRING ? instant(p.getText()) : null;
        if (at == null) {
            throw new UnreadableRecordException("'cookie.expires' is not an ISO-8601 instant from 1970 to 9999");
        }
        return at;
    }

    /**
     * SessionKit's metadata. A metadata value that is not what SessionKit writes makes the record unreadable: a
     * creation time that cannot be trusted must not reset an absolute timeout.
     */
    private static Meta meta(JsonParser p) throws IOException, UnreadableRecordException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw notMeta();
        }
        Instant created = null;
        String principal = null;
        String label = null;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            boolean text = value == JsonToken.VALUE_STRING;
            switch (name) {
                case "created" -> created = text ? instant(p.getText()) : null;
                case "principal" -> principal = text ? p.getText() : null;
                case "label" -> label = text ? p.getText() : null;
                default -> {
                    copy(p, null);
                    continue;
                }
            }
            if (!text) {
                throw notMeta(); // principal and label are strings when present; null is not SessionKit's
            }
        }
        if (created == null) {
            throw notMeta();
        }
        return new Meta(created, principal, label);
    }

    private static UnreadableRecordException notMeta() {
        return new UnreadableRecordException("'" + META + "' is not SessionKit's metadata");
    }

    /**
     * An ISO-8601 instant from 1970 to 9999, or {@code null}. JavaScript's {@code toISOString} form
     * ({@code 2026-11-30T16:35:50.123Z}, what every writer of records uses) is read without the cost of
     * {@link Instant#parse}, which takes any other form.
     */
    static Instant instant(String text) {
        Instant at = FastPathSwitch.handDates ? IsoInstant.parse(text) : null;
        if (at == null) {
            try {
                at = Instant.parse(text);
            } catch (DateTimeException e) {
                return null;
            }
        }
        return at.isBefore(Instant.EPOCH) || at.isAfter(LATEST) ? null : at;
    }

    /** JavaScript's {@code Date.prototype.toISOString} form, {@code uuuu-MM-dd'T'HH:mm:ss.SSS'Z'}, read by hand. */
    static final class IsoInstant {

        private static final int LENGTH = 24;

        private IsoInstant() {
        }

        /** The instant, or {@code null} when the text is not exactly that form with a valid date and time. */
        static Instant parse(String s) {
            return s.length() == LENGTH ? parse(s, 0) : null;
        }

        /** The same for the {@value #LENGTH} characters of {@code s} from {@code at}, which the caller has. */
        static Instant parse(String s, int at) {
            if (s.charAt(at + 4) != '-' || s.charAt(at + 7) != '-' || s.charAt(at + 10) != 'T'
                    || s.charAt(at + 13) != ':' || s.charAt(at + 16) != ':' || s.charAt(at + 19) != '.'
                    || s.charAt(at + 23) != 'Z') {
                return null;
            }
            int year = digits(s, at, 4);
            int month = digits(s, at + 5, 2);
            int day = digits(s, at + 8, 2);
            int hour = digits(s, at + 11, 2);
            int minute = digits(s, at + 14, 2);
            int second = digits(s, at + 17, 2);
            int millis = digits(s, at + 20, 3);
            if (year < 0 || month < 1 || month > 12 || day < 1 || day > monthLength(year, month) || hour < 0
                    || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || millis < 0) {
                return null; // Instant.parse decides (a leap second, for one) or refuses
            }
            long seconds = epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second;
            return Instant.ofEpochMilli(seconds * 1000 + millis);
        }

        /**
         * The instant in that form, or {@code null} for a year outside 0 to 9999 (which JavaScript writes with six
         * digits and a sign).
         */
        static String format(Instant at) {
            long millis;
            try {
                millis = at.toEpochMilli();
            } catch (ArithmeticException e) {
                return null;
            }
            long day = Math.floorDiv(millis, 86_400_000L);
            long ofDay = Math.floorMod(millis, 86_400_000L);
            // Days since 0000-03-01, in 400-year eras of 146,097 days (the inverse of epochDay).
            long shifted = day + 719_468L;
            long era = Math.floorDiv(shifted, 146_097L);
            long dayOfEra = shifted - era * 146_097L;
            long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
            long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
            long monthIndex = (5 * dayOfYear + 2) / 153;
            int dayOfMonth = (int) (dayOfYear - (153 * monthIndex + 2) / 5 + 1);
            int month = (int) (monthIndex < 10 ? monthIndex + 3 : monthIndex - 9);
            long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
            if (year < 0 || year > 9999) {
                return null;
            }
            char[] out = new char[LENGTH];
            put(out, 0, year, 4);
            out[4] = '-';
            put(out, 5, month, 2);
            out[7] = '-';
            put(out, 8, dayOfMonth, 2);
            out[10] = 'T';
            put(out, 11, ofDay / 3_600_000, 2);
            out[13] = ':';
            put(out, 14, ofDay / 60_000 % 60, 2);
            out[16] = ':';
            put(out, 17, ofDay / 1000 % 60, 2);
            out[19] = '.';
            put(out, 20, ofDay % 1000, 3);
            out[23] = 'Z';
            return new String(out);
        }

        private static void put(char[] out, int at, long value, int digits) {
            for (int i = at + digits - 1; i >= at; i--, value /= 10) {
                out[i] = (char) ('0' + value % 10);
            }
        }

        /** The decimal number of {@code count} digits at {@code from}, or -1. */
        private static int digits(String s, int from, int count) {
            int value = 0;
            for (int i = from; i < from + count; i++) {
                int digit = s.charAt(i) - '0';
                if (digit < 0 || digit > 9) {
                    return -1;
                }
                value = value * 10 + digit;
            }
            return value;
        }

        private static int monthLength(int year, int month) {
            return switch (month) {
                case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
                case 4, 6, 9, 11 -> 30;
                default -> 31;
            };
        }

        /** Days since 1970-01-01 of a date in the proleptic Gregorian calendar (years 0 to 9999). */
        private static long epochDay(int year, int month, int day) {
            int y = month <= 2 ? year - 1 : year;
            int era = Math.floorDiv(y, 400);
            int yearOfEra = y - era * 400;
            int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
            int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
            return era * 146_097L + dayOfEra - 719_468L;
        }
    }
}
