package dev.sessionkit.spring;

import dev.sessionkit.servlet.AttributeCodec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.springframework.security.jackson.SecurityJacksonModules;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.cfg.MapperBuilder;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;
import tools.jackson.databind.module.SimpleModule;

/**
 * The {@link AttributeCodec} for Spring Security applications: Spring Security's objects in the session (the login's
 * {@code SecurityContext}, the CSRF token, the saved request) written as JSON with Spring Security's own Jackson 3
 * modules ({@code SecurityJacksonModules}), never Java serialization.
 *
 * <p>What may be stored and read back is an allowlist checked on class names before anything is loaded: Spring
 * Security's packages ({@code org.springframework.security.}) and the application's packages or classes given to
 * {@link #allowing}. Inside a stored object, the types Jackson reads from {@code @class} properties are checked by
 * Spring Security's polymorphic type validator, extended with the same application packages (a custom
 * {@code UserDetails}, for instance). A name on neither list is never loaded: type ids are checked on their names
 * before Jackson loads their classes ({@code NamesFirstValidator}).
 *
 * <p>Thread-safe.
 */
public final class SecurityAttributeCodec implements AttributeCodec {

    /** The packages every instance allows: Spring Security's own. */
    static final String SPRING_SECURITY = "org.springframework.security.";
    /**
     * The JDK packages whose classes Spring Security's objects name inside them (collections, dates): let past the
     * name check, then held to Spring Security's list of classes.
     */
    static final List<String> JDK_TYPE_IDS = List.of("java.util.", "java.time.");

    /** Reads and writes the stored form: plain maps and lists, with no type handling of its own. */
    private static final JsonMapper PLAIN = JsonMapper.builder().build();

    private final List<String> allowed;
    private final JsonMapper mapper;

    private SecurityAttributeCodec(List<String> application, ClassLoader loader) {
        BasicPolymorphicTypeValidator.Builder validator = BasicPolymorphicTypeValidator.builder();
        for (String name : application) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("an allowed package or class name is blank");
            }
            if (name.endsWith(".")) {
                validator.allowIfSubType(name);
            } else {
                validator.allowIfSubType(Pattern.compile(Pattern.quote(name))); // the whole name
            }
        }
        List<String> all = new ArrayList<>(application);
        all.add(SPRING_SECURITY);
        this.allowed = List.copyOf(all);
        List<JacksonModule> modules = new ArrayList<>(SecurityJacksonModules.getModules(loader, validator));
        List<String> typeIds = new ArrayList<>(allowed);
        typeIds.addAll(JDK_TYPE_IDS);
        PolymorphicTypeValidator namesFirst = new NamesFirstValidator(validator.build(), typeIds);
        modules.add(new SimpleModule("sessionkit-names-first") { // after Spring Security's, so that it wins
            private static final long serialVersionUID = 1L;

            @Override
            public void setupModule(SetupContext context) {
                // Spring Security's module sets its validator, and default typing (non-final types, "@class") with
                // it; both are set again with the validator that checks names first.
                ((MapperBuilder<?, ?>) context.getOwner()).polymorphicTypeValidator(namesFirst)
                        .activateDefaultTyping(namesFirst, DefaultTyping.NON_FINAL, JsonTypeInfo.As.PROPERTY);
            }
        });
        this.mapper = JsonMapper.builder().addModules(modules).build();
    }

    /**
     * Returns the codec for Spring Security's objects only.
     *
     * @return the codec
     */
    public static SecurityAttributeCodec create() {
        return allowing(List.of());
    }

    /**
     * Returns the codec for Spring Security's objects and the application's: package names ending with a dot
     * ({@code "com.example.shop."}, subpackages included) and class names.
     *
     * @param application the application's packages and classes
     * @return the codec
     * @throws IllegalArgumentException when a name is blank
     */
    public static SecurityAttributeCodec allowing(Collection<String> application) {
        return new SecurityAttributeCodec(List.copyOf(Objects.requireNonNull(application, "application")),
                SecurityAttributeCodec.class.getClassLoader());
    }

    @Override
    public boolean allows(String className) {
        return AttributeCodec.listed(allowed, className);
    }

    @Override
    public Object write(Object value) {
        // Through text: Spring Security's type ids ("@class") are kept, read back as plain maps and lists.
        return PLAIN.readValue(mapper.writeValueAsString(value), Map.class);
    }

    @Override
    public Object read(Object stored, Class<?> type) {
        return mapper.readValue(PLAIN.writeValueAsString(stored), type);
    }

    @Override
    public String toString() {
        return "SecurityAttributeCodec" + allowed;
    }
}
