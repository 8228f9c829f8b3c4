package dev.sessionkit.servlet;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@code HttpSession} attributes become the session's JSON and back. Values that are JSON already (strings,
 * numbers, booleans, lists and maps of them) are always stored as themselves, so that Node services read them; a
 * codec decides what else may be stored. Never Java serialization, and never a class the application did not allow:
 * a stored value naming another class is dropped without the class being loaded.
 *
 * <p>{@link #jsonOnly()} refuses every other value; {@link #allowing(Collection)} stores objects of the listed
 * packages and classes with Jackson, tagged with their class. Integrations whose objects need their own JSON (Spring
 * Security's, which is Jackson 3) provide a codec of their own. Implementations must be thread-safe.
 */
public interface AttributeCodec {

    /**
     * Returns the JSON-native form of a value that is not JSON already.
     *
     * @param name the attribute, for the message of a refusal
     * @param value the value, never {@code null} and never JSON-native
     * @return the value as JSON-native data
     * @throws IllegalArgumentException when the value cannot be stored, naming the attribute and the value's class
     *     (never the value)
     */
    Object encode(String name, Object value);

    /**
     * Returns the value a stored object (one that {@link #encode} wrote) stands for.
     *
     * @param name the attribute
     * @param stored the stored JSON-native form, a map
     * @return the value, or empty when it cannot or must not be read (its class gone, or not allowed): the attribute
     *     is then dropped, with a warning
     */
    Optional<Object> decode(String name, Map<String, Object> stored);

    /**
     * Returns the codec that stores JSON values only and refuses any other.
     *
     * @return the codec
     */
    static AttributeCodec jsonOnly() {
        return TypedAttributes.NONE;
    }

    /**
     * Returns a codec that also stores objects whose class is in one of {@code allowed}: a package name ending with
     * a dot ({@code "com.example.shop."}, its subpackages included) or a class name. The object is written with
     * Jackson as {@code {"@sessionkit.class": "<class>", "value": {...}}} and read back only when its class is still
     * allowed.
     *
     * @param allowed package names ending with a dot, and class names
     * @return the codec
     * @throws IllegalArgumentException when a name is blank
     */
    static AttributeCodec allowing(Collection<String> allowed) {
        return new TypedAttributes(List.copyOf(Objects.requireNonNull(allowed, "allowed")), new ObjectMapper());
    }
}
