package dev.sessionkit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes records in express-session's JSON shape (BEHAVIOR.md §5):
 * {@code {"cookie":{originalMaxAge, partitioned, priority, expires, secure, httpOnly, domain, path, sameSite},…data}}.
 * Records without {@code cookie} (h3-session's shape) are read with the configured cookie settings. Of a stored
 * cookie only the lifetime is read ({@link StoredLifetime}).
 *
 * <p>A record that cannot be read (not JSON, data of another shape, an invalid cookie attribute) is the codec's
 * business alone: {@link #read} logs it at WARN, without the record or the id, and reports it as absent, so that a
 * new session starts. Thread-safe.
 */
final class RecordCodec<T> {

    private static final Logger LOG = LoggerFactory.getLogger(RecordCodec.class);

    /** The longest stored lifetime read: about 317 years, far beyond what browsers keep, short of overflow. */
    static final Duration MAX_STORED_MAX_AGE = Duration.ofMillis(10_000_000_000_000L);
    /** The latest instant a record's date can take: JavaScript writes later years with six digits. */
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    /** JavaScript's {@code Date.prototype.toISOString}: always milliseconds, always {@code Z}. */
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final ObjectMapper mapper;
    private final JsonFactory factory;
    private final JavaType dataType;

    RecordCodec(ObjectMapper mapper, JavaType dataType) {
        this.mapper = mapper;
        this.factory = mapper.getFactory();
        this.dataType = dataType;
    }

    /** The reserved top-level key of SessionKit's own metadata in a record. */
    static final String META = "__sessionkit";

    /**
     * A readable record: its data, the lifetime it stored ({@code null} when it stored no cookie, h3-session's
     * shape), SessionKit's metadata ({@code null} when no SessionKit wrote it yet), the record's JSON exactly as
     * stored (what a compare-and-set save expects to find), and the data as a JSON tree (the base of a merge).
     */
    record Decoded<T>(T data, StoredLifetime lifetime, Meta meta, String json, ObjectNode tree) {
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

    // ---- writing -----------------------------------------------------------------------------------------------

    /** The data of a session serialised alone: the unit of change detection and the tail of the record. */
    String encodeData(T data) {
        String json;
        try {
            json = mapper.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("session data of type " + data.getClass().getName()
                    + " cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        if (json.isEmpty() || json.charAt(0) != '{') {
            throw new IllegalStateException("session data of type " + data.getClass().getName()
                    + " must be written as a JSON object, not " + (json.isEmpty() ? "nothing" : json.charAt(0)));
        }
        return json;
    }

    String encodeRecord(CookieAttributes cookie, String dataJson) {
        return encodeRecord(cookie, null, dataJson);
    }

    /** The record: express-session's cookie first, then SessionKit's metadata (when given), then the data. */
    String encodeRecord(CookieAttributes cookie, Meta meta, String dataJson) {
        StringWriter out = new StringWriter(128 + dataJson.length());
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName("cookie");
            writeCookie(g, cookie);
            if (meta != null) {
                g.writeFieldName(META);
                g.writeStartObject();
                g.writeStringField("created", ISO_MILLIS.format(meta.created()));
                if (meta.principal() != null) {
                    g.writeStringField("principal", meta.principal());
                }
                if (meta.label() != null) {
                    g.writeStringField("label", meta.label());
                }
                g.writeEndObject();
            }
            g.flush();
            int open = dataJson.indexOf('{');
            String fields = dataJson.substring(open + 1, dataJson.lastIndexOf('}')).strip();
            if (!fields.isEmpty()) {
                g.writeRaw(',');
                g.writeRaw(fields);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** express-session's {@code Cookie.toJSON()}, field for field and in its order. */
    private static void writeCookie(JsonGenerator g, CookieAttributes cookie) throws IOException {
        g.writeStartObject();
        if (cookie.maxAge() == null) {
            g.writeNullField("originalMaxAge");
        } else {
            g.writeNumberField("originalMaxAge", cookie.maxAge().toMillis());
        }
        if (cookie.partitioned()) {
            g.writeBooleanField("partitioned", true);
        }
        if (cookie.priority() != null) {
            g.writeStringField("priority", cookie.priority().name().toLowerCase(Locale.ROOT));
        }
        if (cookie.expires() == null) {
            g.writeNullField("expires");
        } else {
            g.writeStringField("expires", ISO_MILLIS.format(cookie.expires()));
        }
        g.writeBooleanField("secure", cookie.secure());
        g.writeBooleanField("httpOnly", cookie.httpOnly());
        if (cookie.domain() != null) {
            g.writeStringField("domain", cookie.domain());
        }
        g.writeStringField("path", cookie.path());
        // The value Set-Cookie carries, so that express-session, which knows only strict, lax and none, can read it.
        String sameSite = cookie.sameSite().attribute(cookie.secure());
        if (sameSite != null) {
            g.writeStringField("sameSite", sameSite.toLowerCase(Locale.ROOT));
        }
        g.writeEndObject();
    }

    /** The data as a JSON tree, from {@link #encodeData}'s output: one side of a merge. */
    ObjectNode tree(String dataJson) {
        try {
            return (ObjectNode) mapper.readTree(dataJson);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("session data JSON cannot be read back (" + e.getOriginalMessage() + ")", e);
        }
    }

    /** The data a merged tree stands for. */
    T data(ObjectNode tree) {
        try {
            return mapper.treeToValue(tree, dataType);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new SessionConflictException("the merged session data does not fit "
                    + dataType.getRawClass().getSimpleName() + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    // ---- reading -----------------------------------------------------------------------------------------------

    /**
     * Returns the decoded record, or {@code null} when there is none or it cannot be read (logged at WARN): the
     * one place where an unreadable record is handled.
     */
    Decoded<T> read(Optional<String> stored) {
        if (stored.isEmpty()) {
            return null;
        }
        try {
            return decode(stored.get());
        } catch (UnreadableRecordException e) {
            LOG.warn("stored session unreadable ({}); starting a new session", e.getMessage());
            return null;
        }
    }

    Decoded<T> decode(String json) throws UnreadableRecordException {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UnreadableRecordException("not JSON (" + e.getClass().getSimpleName() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new UnreadableRecordException("not a JSON object");
        }
        checkFinite(root);
        JsonNode cookie = ((ObjectNode) root).remove("cookie");
        if (cookie != null && !cookie.isObject() && !cookie.isNull()) {
            throw new UnreadableRecordException("'cookie' is not an object");
        }
        StoredLifetime lifetime = cookie == null || cookie.isNull() ? null : lifetime(cookie);
        Meta meta = meta(((ObjectNode) root).remove(META));
        try {
            T data = mapper.treeToValue(root, dataType);
            if (data == null) {
                throw new UnreadableRecordException("data decoded to null");
            }
            return new Decoded<>(data, lifetime, meta, json, (ObjectNode) root);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new UnreadableRecordException("data does not fit " + dataType.getRawClass().getSimpleName()
                    + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Refuses a number beyond a double's range ({@code 1e400}): read as an infinity, it would be saved back as the
     * string {@code "Infinity"}, and JavaScript would read {@code Infinity} and save {@code null}. Not a record any
     * JSON writer makes.
     */
    private static void checkFinite(JsonNode node) throws UnreadableRecordException {
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                checkFinite(child);
            }
        } else if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            throw new UnreadableRecordException("a number beyond the range of a double");
        }
    }

    /**
     * SessionKit's metadata, or {@code null} when the record has none. A metadata object that is not what SessionKit
     * writes makes the record unreadable: a creation time that cannot be trusted must not reset an absolute timeout.
     */
    static Meta meta(JsonNode node) throws UnreadableRecordException {
        if (node == null || node.isNull()) {
            return null;
        }
        JsonNode created = node.get("created");
        JsonNode principal = node.get("principal");
        JsonNode label = node.get("label");
        Instant at = null;
        try {
            at = node.isObject() && created != null && created.isTextual() ? Instant.parse(created.asText()) : null;
        } catch (DateTimeException e) {
            at = null;
        }
        if (at == null || at.isBefore(Instant.EPOCH) || at.isAfter(LATEST)
                || principal != null && !principal.isTextual() || label != null && !label.isTextual()) {
            throw new UnreadableRecordException("'" + META + "' is not SessionKit's metadata");
        }
        return new Meta(at, principal == null ? null : principal.asText(), label == null ? null : label.asText());
    }

    /**
     * The stored lifetime, within the range a session can have: {@code originalMaxAge} a whole number of
     * milliseconds from one second to {@link #MAX_STORED_MAX_AGE}, {@code expires} an ISO-8601 instant from 1970 to
     * 9999. Anything else is an unreadable record rather than a session whose arithmetic would fail on every request.
     */
    static StoredLifetime lifetime(JsonNode stored) throws UnreadableRecordException {
        JsonNode maxAge = stored.get("originalMaxAge");
        JsonNode expires = stored.get("expires");
        Duration age = null;
        if (maxAge != null && !maxAge.isNull()) {
            if (!maxAge.isNumber() || maxAge.asDouble() < 1000 || maxAge.asDouble() > MAX_STORED_MAX_AGE.toMillis()) {
                throw new UnreadableRecordException("'cookie.originalMaxAge' is not a lifetime of 1 s to "
                        + MAX_STORED_MAX_AGE.toDays() + " days");
            }
            age = Duration.ofMillis(maxAge.asLong());
        }
        Instant at = null;
        if (expires != null && !expires.isNull()) {
            try {
                at = expires.isTextual() ? Instant.parse(expires.asText()) : null;
            } catch (DateTimeException e) {
                at = null;
            }
            if (at == null || at.isBefore(Instant.EPOCH) || at.isAfter(LATEST)) {
                throw new UnreadableRecordException("'cookie.expires' is not an ISO-8601 instant from 1970 to 9999");
            }
        }
        return new StoredLifetime(age, at);
    }
}
