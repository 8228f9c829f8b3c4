package dev.sessionkit.servlet;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link AttributeCodec#allowing}: objects of allowed classes as Jackson writes them, tagged with their class. */
final class TypedAttributes implements AttributeCodec {

    /** The key naming a stored object's class. */
    static final String CLASS = "@sessionkit.class";
    static final TypedAttributes NONE = new TypedAttributes(List.of(), new ObjectMapper());

    private final List<String> allowed;
    private final ObjectMapper mapper;

    TypedAttributes(List<String> allowed, ObjectMapper mapper) {
        for (String name : allowed) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("an allowed package or class name is blank");
            }
        }
        this.allowed = allowed;
        this.mapper = mapper;
    }

    /** Whether a class name is allowed: listed, or in a listed package. Decided on the name: nothing is loaded. */
    boolean allows(String className) {
        for (String entry : allowed) {
            if (entry.endsWith(".") ? className.startsWith(entry) : className.equals(entry)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Object encode(String name, Object value) {
        String type = value.getClass().getName();
        if (!allows(type)) {
            throw new IllegalArgumentException("the session attribute '" + name + "' is a " + type + ", which is "
                    + "neither JSON (strings, numbers, booleans, lists and maps of them) nor an allowed class: "
                    + "nothing was stored; allow its package with AttributeCodec.allowing");
        }
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put(CLASS, type);
        try {
            stored.put("value", mapper.convertValue(value, Object.class));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the session attribute '" + name + "' (a " + type + ") cannot be "
                    + "written as JSON: nothing was stored", e);
        }
        return stored;
    }

    @Override
    public Optional<Object> decode(String name, Map<String, Object> stored) {
        if (!(stored.get(CLASS) instanceof String type) || !allows(type)) {
            return Optional.empty(); // never loaded: a name off the allowlist is only a string
        }
        try {
            Class<?> cls = Class.forName(type, false, Thread.currentThread().getContextClassLoader());
            return Optional.of(mapper.convertValue(stored.get("value"), cls));
        } catch (ClassNotFoundException | IllegalArgumentException | LinkageError e) {
            return Optional.empty();
        }
    }
}
