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
 * Records without {@code cookie} (h3-session's shape) are read with the configured cookie settings.
 *
 * <p>A record that cannot be read (not JSON, data of another shape, an invalid cookie attribute) is the codec's
 * business alone: {@link #read} logs it at WARN, without the record or the id, and reports it as absent, so that a
 * new session starts. Thread-safe.
 */
final class RecordCodec<T> {

    private static final Logger LOG = LoggerFactory.getLogger(RecordCodec.class);

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

    /**
     * A readable record: its data, and the cookie attributes it stored, or {@code null} when it stored none
     * (h3-session's shape).
     */
    record Decoded<T>(T data, StoredCookie cookie) {
    }

    /**
     * The cookie attributes a record stored; {@code null} fields were absent from it. {@code maxAge} and
     * {@code expires} are the lifetime, always taken from the record ({@code null} there means none).
     */
    record StoredCookie(Duration maxAge, Instant expires, String path, boolean hasDomain, String domain,
                        Boolean httpOnly, Boolean secure, Boolean partitioned, CookiePriority priority,
                        SameSite sameSite) {

        /** The stored attributes over the ones a session of this request starts with, as express-session does. */
        CookieAttributes over(CookieAttributes configured, boolean secureAuto) {
            CookieAttributes cookie = configured.withMaxAge(maxAge).withExpires(expires);
            if (path != null) {
                cookie = cookie.withPath(path);
            }
            if (hasDomain) {
                cookie = cookie.withDomain(domain);
            }
            if (httpOnly != null) {
                cookie = cookie.withHttpOnly(httpOnly);
            }
            if (secure != null && !secureAuto) {
                cookie = cookie.withSecure(secure);
            }
            if (partitioned != null) {
                cookie = cookie.withPartitioned(partitioned);
            }
            if (priority != null) {
                cookie = cookie.withPriority(priority);
            }
            return sameSite == null ? cookie : cookie.withSameSite(sameSite);
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
        StringWriter out = new StringWriter(64 + dataJson.length());
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName("cookie");
            writeCookie(g, cookie);
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
        if (cookie.sameSite() != SameSite.OFF) {
            g.writeStringField("sameSite", cookie.sameSite().name().toLowerCase(Locale.ROOT));
        }
        g.writeEndObject();
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
        JsonNode cookie = ((ObjectNode) root).remove("cookie");
        if (cookie != null && !cookie.isObject() && !cookie.isNull()) {
            throw new UnreadableRecordException("'cookie' is not an object");
        }
        StoredCookie storedCookie = cookie == null || cookie.isNull() ? null : storedCookie(cookie);
        try {
            T data = mapper.treeToValue(root, dataType);
            if (data == null) {
                throw new UnreadableRecordException("data decoded to null");
            }
            return new Decoded<>(data, storedCookie);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new UnreadableRecordException("data does not fit " + dataType.getRawClass().getSimpleName()
                    + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    static StoredCookie storedCookie(JsonNode stored) throws UnreadableRecordException {
        try {
            JsonNode maxAge = stored.get("originalMaxAge");
            JsonNode expires = stored.get("expires");
            JsonNode path = stored.get("path");
            JsonNode domain = stored.get("domain");
            JsonNode priority = stored.get("priority");
            JsonNode sameSite = stored.get("sameSite");
            return new StoredCookie(
                    maxAge != null && maxAge.isNumber() && maxAge.asLong() > 0 ? Duration.ofMillis(maxAge.asLong())
                            : null,
                    expires != null && expires.isTextual() ? Instant.parse(expires.asText()) : null,
                    path != null && path.isTextual() ? path(path.asText()) : null,
                    domain != null,
                    domain != null && domain.isTextual() ? Cookies.checkDomain(domain.asText()) : null,
                    flag(stored.get("httpOnly")),
                    flag(stored.get("secure")),
                    flag(stored.get("partitioned")),
                    priority != null && priority.isTextual()
                            ? CookiePriority.valueOf(priority.asText().toUpperCase(Locale.ROOT)) : null,
                    sameSite == null ? null : sameSite(sameSite));
        } catch (DateTimeException | IllegalArgumentException e) {
            throw new UnreadableRecordException("'cookie' has an invalid attribute (" + e.getClass().getSimpleName()
                    + ")");
        }
    }

    /** A stored path, checked unless it is the usual {@code /}. */
    private static String path(String path) {
        return path.equals("/") ? "/" : Cookies.checkPath(path);
    }

    private static Boolean flag(JsonNode node) {
        return node != null && node.isBoolean() ? node.asBoolean() : null;
    }

    private static SameSite sameSite(JsonNode node) {
        if (node.isBoolean()) {
            return node.asBoolean() ? SameSite.STRICT : SameSite.OFF;
        }
        if (node.isTextual()) {
            return SameSite.valueOf(node.asText().toUpperCase(Locale.ROOT));
        }
        return SameSite.OFF;
    }
}
