package dev.sessionkit;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default session data: an ordered map of JSON values with typed getters. Keys keep their insertion order, so
 * the stored JSON lists them as express-session would.
 *
 * <p>Values should be what JSON can carry: strings, numbers, booleans, {@code null}, lists and maps of those. Other
 * objects are written as Jackson serialises them and come back, after a reload, as maps. JSON numbers come back as
 * {@code Integer}, {@code Long}, {@code BigInteger} or {@code Double}; the typed getters convert between them. A
 * typed getter never throws for a value of another type (a record written by another service may hold anything): it
 * returns empty and logs a WARN naming the key and the types.
 *
 * <p>Not thread-safe: like the {@link Session} it belongs to, it is confined to one request.
 * {@link #toString()} shows the keys, never the values.
 */
public final class SessionData {

    private static final Logger LOG = LoggerFactory.getLogger(SessionData.class);

    private final Map<String, Object> values;

    /** Creates empty data. */
    public SessionData() {
        this.values = new LinkedHashMap<>();
    }

    private SessionData(LinkedHashMap<String, Object> values) {
        this.values = values;
    }

    /** Jackson's way in: the map it has just read is this data's own (no other reference to it remains). */
    @JsonCreator
    static SessionData fromJson(Map<String, Object> values) {
        return new SessionData(values instanceof LinkedHashMap<String, Object> read ? read : new LinkedHashMap<>(values));
    }

    @JsonValue
    Map<String, Object> json() {
        return values;
    }

    /**
     * Returns a value.
     *
     * @param key the key
     * @return the value, or {@code null} when absent
     */
    public Object get(String key) {
        return values.get(key);
    }

    /**
     * Returns a string value.
     *
     * @param key the key
     * @return the value, or empty when absent, {@code null} or not a string
     */
    public Optional<String> getString(String key) {
        return Optional.ofNullable(typed(key, String.class));
    }

    /**
     * Returns an integral number.
     *
     * @param key the key
     * @return the value, or empty when absent, {@code null} or not an integral number
     */
    public OptionalLong getLong(String key) {
        Number n = typed(key, Number.class);
        if (n == null) {
            return OptionalLong.empty();
        }
        if (n instanceof Double || n instanceof Float || n instanceof java.math.BigDecimal) {
            double d = n.doubleValue();
            if (d != Math.rint(d) || Math.abs(d) > 0x1p63) {
                foreign(key, n, "an integral number");
                return OptionalLong.empty();
            }
        }
        if (n instanceof java.math.BigInteger big && big.bitLength() > 63) {
            foreign(key, n, "a long");
            return OptionalLong.empty();
        }
        return OptionalLong.of(n.longValue());
    }

    /**
     * Returns a number as a double.
     *
     * @param key the key
     * @return the value, or empty when absent, {@code null} or not a number
     */
    public OptionalDouble getDouble(String key) {
        Number n = typed(key, Number.class);
        return n == null ? OptionalDouble.empty() : OptionalDouble.of(n.doubleValue());
    }

    /**
     * Returns a boolean value.
     *
     * @param key the key
     * @return the value, or empty when absent, {@code null} or not a boolean
     */
    public Optional<Boolean> getBoolean(String key) {
        return Optional.ofNullable(typed(key, Boolean.class));
    }

    private <V> V typed(String key, Class<V> type) {
        Object value = values.get(key);
        if (value == null) {
            return null;
        }
        if (!type.isInstance(value)) {
            foreign(key, value, "a " + type.getSimpleName());
            return null;
        }
        return type.cast(value);
    }

    /**
     * Reports a value of another type than the getter's: data written by another service or an older version of
     * the application. The request goes on as if the value were absent; the WARN names the key and the types, never
     * the value.
     */
    private static void foreign(String key, Object value, String expected) {
        LOG.warn("session value '{}' is a {}, not {}: read as absent (written by another service or version?)", key,
                value.getClass().getSimpleName(), expected);
    }

    /**
     * Sets a value.
     *
     * @param key the key; {@code "cookie"} and {@code "__sessionkit"} are refused: the record keeps express-session's
     *     cookie and SessionKit's metadata under them
     * @param value a JSON-mappable value, or {@code null}
     * @return this data, for chaining
     * @throws IllegalArgumentException when the key is reserved
     */
    public SessionData put(String key, Object value) {
        Objects.requireNonNull(key, "key");
        if (key.equals("cookie") || key.equals(RecordMeta.KEY)) {
            throw new IllegalArgumentException("the key '" + key + "' is reserved: the record keeps "
                    + (key.equals("cookie") ? "express-session's cookie" : "SessionKit's own metadata")
                    + " under it; choose another key");
        }
        values.put(key, value);
        return this;
    }

    /**
     * Removes a value.
     *
     * @param key the key
     * @return the removed value, or {@code null}
     */
    public Object remove(String key) {
        return values.remove(key);
    }

    /**
     * Returns whether a key is present.
     *
     * @param key the key
     * @return {@code true} when present, even with a {@code null} value
     */
    public boolean containsKey(String key) {
        return values.containsKey(key);
    }

    /**
     * Returns the keys in insertion order, as an unmodifiable view.
     *
     * @return the keys
     */
    public Set<String> keys() {
        return Collections.unmodifiableSet(values.keySet());
    }

    /**
     * Returns the number of keys.
     *
     * @return the size
     */
    public int size() {
        return values.size();
    }

    /**
     * Returns whether there is no key.
     *
     * @return {@code true} when empty
     */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** Removes every key. */
    public void clear() {
        values.clear();
    }

    /**
     * Returns an unmodifiable view of the values.
     *
     * @return the map
     */
    public Map<String, Object> asMap() {
        return Collections.unmodifiableMap(values);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionData && ((SessionData) o).values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "SessionData" + values.keySet();
    }
}
