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

/**
 * Reads and writes records in express-session's JSON shape (BEHAVIOR.md §5):
 * {@code {"cookie":{originalMaxAge, partitioned, priority, expires, secure, httpOnly, domain, path, sameSite},…data}}.
 * Records without {@code cookie} (h3-session's shape) are read with the configured cookie settings.
 */
final class RecordCodec<T> {

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

    /** Thrown for a stored record that cannot be read; the message never contains the record. */
    static final class UnreadableRecordException extends Exception {
        private static final long serialVersionUID = 1L;

        UnreadableRecordException(String message) {
            super(message, null, false, false);
        }
    }

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

    String encodeRecord(CookieState cookie, String dataJson) {
        StringWriter out = new StringWriter(64 + dataJson.length());
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName("cookie");
            g.writeStartObject();
            if (cookie.maxAge == null) {
                g.writeNullField("originalMaxAge");
            } else {
                g.writeNumberField("originalMaxAge", cookie.maxAge.toMillis());
            }
            if (cookie.partitioned) {
                g.writeBooleanField("partitioned", true);
            }
            if (cookie.priority != null) {
                g.writeStringField("priority", cookie.priority.name().toLowerCase(Locale.ROOT));
            }
            if (cookie.expires == null) {
                g.writeNullField("expires");
            } else {
                g.writeStringField("expires", ISO_MILLIS.format(cookie.expires));
            }
            g.writeBooleanField("secure", cookie.secure);
            g.writeBooleanField("httpOnly", cookie.httpOnly);
            if (cookie.domain != null) {
                g.writeStringField("domain", cookie.domain);
            }
            g.writeStringField("path", cookie.path);
            String sameSite = cookie.sameSiteJson();
            if (sameSite != null) {
                g.writeStringField("sameSite", sameSite);
            }
            g.writeEndObject();
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

    /** A decoded record: the data, and the stored cookie settings when the record had them. */
    static final class Decoded<T> {
        final T data;
        final JsonNode cookie;

        Decoded(T data, JsonNode cookie) {
            this.data = data;
            this.cookie = cookie;
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
        try {
            T data = mapper.treeToValue(root, dataType);
            if (data == null) {
                throw new UnreadableRecordException("data decoded to null");
            }
            return new Decoded<>(data, cookie == null || cookie.isNull() ? null : cookie);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new UnreadableRecordException("data does not fit " + dataType.getRawClass().getSimpleName()
                    + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Applies stored cookie settings over the configured ones, as express-session restores its Cookie. */
    static void applyStoredCookie(JsonNode stored, CookieState cookie, boolean secureAuto, boolean requestSecure)
            throws UnreadableRecordException {
        try {
            JsonNode maxAge = stored.get("originalMaxAge");
            JsonNode expires = stored.get("expires");
            cookie.maxAge = maxAge != null && maxAge.isNumber() && maxAge.asLong() > 0
                    ? Duration.ofMillis(maxAge.asLong()) : null;
            cookie.expires = expires != null && expires.isTextual() ? Instant.parse(expires.asText()) : null;
            JsonNode path = stored.get("path");
            if (path != null && path.isTextual() && !path.asText().equals(cookie.path)) {
                cookie.path = Cookies.checkPath(path.asText()); // the configured path was checked once, at build()
            }
            JsonNode domain = stored.get("domain");
            if (domain != null) {
                cookie.domain = domain.isTextual() ? Cookies.checkDomain(domain.asText()) : null;
            }
            JsonNode httpOnly = stored.get("httpOnly");
            if (httpOnly != null && httpOnly.isBoolean()) {
                cookie.httpOnly = httpOnly.asBoolean();
            }
            JsonNode secure = stored.get("secure");
            if (secureAuto) {
                cookie.secure = requestSecure;
            } else if (secure != null && secure.isBoolean()) {
                cookie.secure = secure.asBoolean();
            }
            JsonNode partitioned = stored.get("partitioned");
            if (partitioned != null && partitioned.isBoolean()) {
                cookie.partitioned = partitioned.asBoolean();
            }
            JsonNode priority = stored.get("priority");
            if (priority != null && priority.isTextual()) {
                cookie.priority = CookiePriority.valueOf(priority.asText().toUpperCase(Locale.ROOT));
            }
            JsonNode sameSite = stored.get("sameSite");
            if (sameSite != null) {
                cookie.sameSite = sameSite(sameSite);
            }
        } catch (DateTimeException | IllegalArgumentException e) {
            throw new UnreadableRecordException("'cookie' has an invalid attribute (" + e.getClass().getSimpleName()
                    + ")");
        }
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
