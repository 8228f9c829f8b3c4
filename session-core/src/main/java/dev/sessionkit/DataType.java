package dev.sessionkit;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The session data type of a configuration: its Jackson type and the factory of fresh data for a new session,
 * checked once, when the configuration is built. Thread-safe.
 */
final class DataType<T> {

    private final JavaType javaType;
    private final Supplier<? extends T> generate;
    /** The mapper that copies what an application's {@code generate} returns; {@code null} for the default. */
    private final ObjectMapper copier;

    private DataType(JavaType javaType, Supplier<? extends T> generate, ObjectMapper copier) {
        this.javaType = javaType;
        this.generate = generate;
        this.copier = copier;
    }

    /**
     * Returns the data type of a configuration.
     *
     * @param generate the application's factory, or {@code null} for the default
     * @throws IllegalArgumentException when the type has a {@code cookie} property, or no factory is given and
     *     Jackson cannot make the type from {@code {}}
     */
    static <T> DataType<T> of(Class<T> type, ObjectMapper mapper, Supplier<? extends T> generate) {
        JavaType javaType = mapper.constructType(type);
        checkNoCookieProperty(type, javaType, mapper);
        return generate != null ? new DataType<>(javaType, generate, mapper)
                : new DataType<>(javaType, defaultGenerate(type, mapper), null);
    }

    @SuppressWarnings("unchecked")
    private static <T> Supplier<? extends T> defaultGenerate(Class<T> type, ObjectMapper mapper) {
        if (type == SessionData.class) {
            return () -> (T) new SessionData();
        }
        try {
            mapper.convertValue(Map.of(), type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot create an empty " + type.getName() + " from '{}': give "
                    + "it a no-argument constructor or set generate(...)", e);
        }
        return () -> mapper.convertValue(Map.of(), type);
    }

    private static void checkNoCookieProperty(Class<?> type, JavaType javaType, ObjectMapper mapper) {
        if (type == SessionData.class || Map.class.isAssignableFrom(type)) {
            return;
        }
        for (BeanPropertyDefinition property
                : mapper.getSerializationConfig().introspect(javaType).findProperties()) {
            if (property.getName().equals("cookie") || property.getName().equals(RecordMeta.KEY)) {
                throw new IllegalArgumentException(type.getName() + " has a JSON property '" + property.getName()
                        + "', which the record reserves (express-session's cookie, SessionKit's metadata): rename it "
                        + "(@JsonProperty)");
            }
        }
    }

    JavaType javaType() {
        return javaType;
    }

    /**
     * Fresh data for a new session. What an application's {@code generate} returns is copied (through JSON), so a
     * supplier that hands out one shared object cannot leak one user's data into another's session.
     */
    T newData() {
        T data = generate.get();
        if (data == null) {
            throw new IllegalStateException("generate returned null: it must return fresh initial session data");
        }
        if (copier == null) {
            return data;
        }
        try {
            return copier.readValue(copier.writeValueAsBytes(data), javaType);
        } catch (IOException e) {
            throw new IllegalStateException("the data generate returned cannot be copied through JSON: "
                    + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public String toString() {
        return javaType.toString();
    }
}
