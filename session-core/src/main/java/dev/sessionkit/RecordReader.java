package dev.sessionkit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
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

    DecodedRecord<T> decode(String json) throws UnreadableRecordException {
        try (JsonParser p = factory.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new UnreadableRecordException("not a JSON object");
            }
            StoredLifetime lifetime = null;
            RecordMeta meta = null;
            TokenBuffer fields = new TokenBuffer(mapper, false);
            fields.writeStartObject();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("cookie")) {
                    lifetime = value == JsonToken.VALUE_NULL ? null : lifetime(p);
                } else if (name.equals(RecordMeta.KEY)) {
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
            return new DecodedRecord<>(data(fields), lifetime, meta, json);
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
     * milliseconds from one second to {@link StoredLifetime#MAX_MAX_AGE}, {@code expires} an ISO-8601 instant
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
        if (!(millis >= 1000 && millis <= StoredLifetime.MAX_MAX_AGE.toMillis())) {
            throw new UnreadableRecordException("'cookie.originalMaxAge' is not a lifetime of 1 s to "
                    + StoredLifetime.MAX_MAX_AGE.toDays() + " days");
        }
        return Duration.ofMillis(value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : (long) millis);
    }

    private static Instant expires(JsonParser p, JsonToken value) throws IOException, UnreadableRecordException {
        Instant at = value == JsonToken.VALUE_STRING ? IsoInstant.read(p.getText()) : null;
        if (at == null) {
            throw new UnreadableRecordException("'cookie.expires' is not an ISO-8601 instant from 1970 to 9999");
        }
        return at;
    }

    /**
     * SessionKit's metadata. A metadata value that is not what SessionKit writes makes the record unreadable: a
     * creation time that cannot be trusted must not reset an absolute timeout.
     */
    private static RecordMeta meta(JsonParser p) throws IOException, UnreadableRecordException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw notMeta();
        }
        Instant created = null;
        Instant authenticated = null;
        String principal = null;
        String label = null;
        String indexed = null;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            boolean text = value == JsonToken.VALUE_STRING;
            switch (name) {
                case "created" -> created = text ? IsoInstant.read(p.getText()) : null;
                case "authenticated" -> {
                    authenticated = text ? IsoInstant.read(p.getText()) : null;
                    if (authenticated == null) {
                        throw notMeta(); // an authentication time that cannot be trusted must not move a deadline
                    }
                }
                case "principal" -> principal = text ? p.getText() : null;
                case "label" -> label = text ? p.getText() : null;
                case "indexed" -> indexed = text ? p.getText() : null;
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
        return new RecordMeta(created, authenticated, principal, label, indexed);
    }

    private static UnreadableRecordException notMeta() {
        return new UnreadableRecordException("'" + RecordMeta.KEY + "' is not SessionKit's metadata");
    }
}
