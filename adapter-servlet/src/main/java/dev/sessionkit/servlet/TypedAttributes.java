package dev.sessionkit.servlet;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/** {@link AttributeCodec#allowing}: objects of allowed classes as Jackson 2 writes them. */
final class TypedAttributes implements AttributeCodec {

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

    @Override
    public boolean allows(String className) {
        return AttributeCodec.listed(allowed, className);
    }

    @Override
    public Object write(Object value) {
        return mapper.convertValue(value, Object.class);
    }

    @Override
    public Object read(Object stored, Class<?> type) {
        return mapper.convertValue(stored, type);
    }

    @Override
    public String toString() {
        return "AttributeCodec.allowing" + allowed;
    }
}
