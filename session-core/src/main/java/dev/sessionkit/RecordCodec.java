package dev.sessionkit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.RecordReader.UnreadableRecordException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes records in express-session's JSON shape (docs/FORMAT.md, "The record"):
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

    private final ObjectMapper mapper;
    private final JsonFactory factory;
    private final JavaType dataType;
    private final RecordReader<T> reader;

    /** The mapper's settings when the codec was made, if records of SessionData may be read without it. */
    private final MapperSettings plain;

    RecordCodec(ObjectMapper mapper, JavaType dataType) {
        this(mapper, dataType, false);
    }

    /**
     * @param plain the data is {@link SessionData} and the mapper the builder's own: ordinary records are read by
     *     {@link FastRecordReader}, for as long as nothing reconfigures the mapper
     */
    RecordCodec(ObjectMapper mapper, JavaType dataType, boolean plain) {
        this.mapper = mapper;
        this.factory = mapper.getFactory();
        this.dataType = dataType;
        this.reader = new RecordReader<>(mapper, dataType);
        this.plain = plain ? MapperSettings.of(mapper) : null;
    }

    /**
     * What of a mapper decides how a record's JSON becomes {@link SessionData}. Jackson replaces these objects when
     * they change (a feature, a module, a constraint), so comparing them by identity tells whether they did.
     */
    private record MapperSettings(Object config, Object context, Object constraints, int parserFeatures) {
        static MapperSettings of(ObjectMapper mapper) {
            return new MapperSettings(mapper.getDeserializationConfig(), mapper.getDeserializationContext(),
                    mapper.getFactory().streamReadConstraints(), mapper.getFactory().getParserFeatures());
        }

        boolean unchanged(ObjectMapper mapper) {
            return config == mapper.getDeserializationConfig() && context == mapper.getDeserializationContext()
                    && constraints == mapper.getFactory().streamReadConstraints()
                    && parserFeatures == mapper.getFactory().getParserFeatures();
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
        if (json.contains("\"cookie\"") || json.contains("\"" + RecordMeta.KEY + "\"")) {
            checkNoReservedKey(json, data);
        }
        return json;
    }

    /**
     * Refuses data whose JSON has a top-level {@code cookie} or {@value RecordMeta#KEY}, which a map or an any-getter
     * can produce although {@link SessionData} and the data class check refuse them: written after the record's own,
     * the reader would take them (a forged creation time or principal).
     */
    private void checkNoReservedKey(String json, Object data) {
        try (JsonParser p = factory.createParser(json)) {
            p.nextToken();
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                if (name.equals("cookie") || name.equals(RecordMeta.KEY)) {
                    throw new IllegalArgumentException("session data of type " + data.getClass().getName()
                            + " has the top-level key '" + name + "', which the record reserves (express-session's "
                            + "cookie, SessionKit's metadata): nothing was written; rename the key");
                }
                p.nextToken();
                p.skipChildren();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String encodeRecord(CookieAttributes cookie, String dataJson) {
        return encodeRecord(cookie, null, dataJson);
    }

    /** The record: express-session's cookie first, then SessionKit's metadata (when given), then the data. */
    String encodeRecord(CookieAttributes cookie, RecordMeta meta, String dataJson) {
        StringWriter out = new StringWriter(128 + dataJson.length());
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName("cookie");
            writeCookie(g, cookie);
            if (meta != null) {
                g.writeFieldName(RecordMeta.KEY);
                g.writeStartObject();
                g.writeStringField("created", IsoInstant.write(meta.created()));
                if (meta.authenticated() != null) {
                    g.writeStringField("authenticated", IsoInstant.write(meta.authenticated()));
                }
                if (meta.principal() != null) {
                    g.writeStringField("principal", meta.principal());
                }
                if (meta.label() != null) {
                    g.writeStringField("label", meta.label());
                }
                if (meta.indexed() != null) {
                    g.writeStringField("indexed", meta.indexed());
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
            g.writeStringField("expires", IsoInstant.write(cookie.expires()));
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

    /**
     * The data of a stored record as a JSON tree, for a merge: the record without express-session's cookie and
     * SessionKit's metadata. Built only when a save meets another writer's change, from a record that decoded.
     */
    ObjectNode dataTree(String recordJson) {
        ObjectNode tree = tree(recordJson);
        tree.remove("cookie");
        tree.remove(RecordMeta.KEY);
        return tree;
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
    DecodedRecord<T> read(Optional<String> stored) {
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

    @SuppressWarnings("unchecked") // plain: T is SessionData
    DecodedRecord<T> decode(String json) throws UnreadableRecordException {
        if (plain != null && plain.unchanged(mapper)) {
            DecodedRecord<SessionData> fast = FastRecordReader.read(json);
            if (fast != null) {
                return (DecodedRecord<T>) fast;
            }
        }
        return reader.decode(json);
    }
}
