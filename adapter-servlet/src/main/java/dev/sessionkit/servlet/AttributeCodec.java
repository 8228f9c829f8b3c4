package dev.sessionkit.servlet;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * How {@code HttpSession} attributes that are not JSON become JSON and back. Values that are JSON already (strings,
 * numbers, booleans, lists and maps of them) are always stored as themselves, so that Node services read them; a
 * codec decides which other classes may be stored, and writes and reads their objects. Never Java serialization.
 *
 * <p>The HttpSession view stores an object as {@code {"@sessionkit.class": "<class>", "value": <what write gave>}}.
 * To read it back, the view asks {@link #allows} about the class <em>name</em> first and loads the class (without
 * initialising it) only when the codec allows it, so a record naming any other class never loads it.
 *
 * <p>{@link #jsonOnly()} refuses every other value; {@link #allowing(Collection)} stores objects of the listed
 * packages and classes with Jackson 2. Integrations whose objects need their own JSON provide a codec of their own:
 * {@code sessionkit-spring-boot-autoconfigure}'s stores Spring Security's objects with Spring Security's Jackson 3 modules.
 * Implementations must be thread-safe.
 */
public interface AttributeCodec {

    /**
     * Returns whether objects of a class may be stored and read back, decided on its name alone (nothing is loaded).
     *
     * @param className a binary class name, as {@link Class#getName()} gives it
     * @return whether the class is allowed
     */
    boolean allows(String className);

    /**
     * Returns the JSON form of an object of an allowed class.
     *
     * @param value the value, never {@code null}, never JSON-native, of a class {@link #allows} accepts
     * @return JSON-native data (maps, lists, strings, numbers, booleans, {@code null})
     * @throws RuntimeException when the object cannot be written; the view reports it naming the attribute and the
     *     class, never the value
     */
    Object write(Object value);

    /**
     * Returns the object that a {@link #write} of an object of {@code type} gave.
     *
     * @param stored the stored JSON-native data
     * @param type the object's class, allowed, loaded but not initialised by the view
     * @return the object
     * @throws RuntimeException when the data cannot be read as {@code type} (the class changed after a redeploy):
     *     the view then drops the attribute with a warning
     */
    Object read(Object stored, Class<?> type);

    /**
     * Returns the codec that stores JSON values only and refuses any other.
     *
     * @return the codec
     */
    static AttributeCodec jsonOnly() {
        return TypedAttributes.NONE;
    }

    /**
     * Returns a codec that also stores, with Jackson 2, objects whose class is in one of {@code allowed}: a package
     * name ending with a dot ({@code "com.example.shop."}, its subpackages included) or a class name.
     *
     * @param allowed package names ending with a dot, and class names
     * @return the codec
     * @throws IllegalArgumentException when a name is blank
     */
    static AttributeCodec allowing(Collection<String> allowed) {
        return new TypedAttributes(List.copyOf(Objects.requireNonNull(allowed, "allowed")), new ObjectMapper());
    }

    /**
     * Returns whether a class name is in one of {@code allowed}, as {@link #allowing} reads them: a name ending with a
     * dot is a package (its subpackages included), any other a class. For codecs of integrations.
     *
     * @param allowed package names ending with a dot, and class names
     * @param className the class name
     * @return whether it is listed
     */
    static boolean listed(Collection<String> allowed, String className) {
        for (String entry : allowed) {
            if (entry.endsWith(".") ? className.startsWith(entry) : className.equals(entry)) {
                return true;
            }
        }
        return false;
    }
}
