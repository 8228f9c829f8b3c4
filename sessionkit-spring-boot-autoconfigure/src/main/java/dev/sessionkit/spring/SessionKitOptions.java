package dev.sessionkit.spring;

import dev.sessionkit.SessionConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The session options of an application's environment, as strings for {@code SessionConfig.Builder.properties}:
 * every {@code sessionkit.*} key except the starter's own ({@link #STARTER_KEYS}), so the option names live in one
 * list, core's. A key on neither list is ignored with a warning naming it, as Spring Boot ignores an unknown
 * property: another tool's {@code sessionkit.*} system property must not stop the application. Spring Boot's {@code server.servlet.session.*} properties fill in what {@code sessionkit.*} leaves
 * unset, as Spring Session honours them: the timeout as {@code idleTimeout}, and the cookie's name, domain, path,
 * {@code HttpOnly}, {@code Secure}, {@code SameSite}, {@code Partitioned} and max age.
 */
final class SessionKitOptions {

    private static final Logger LOG = LoggerFactory.getLogger(SessionKitOptions.class);

    static final String PREFIX = "sessionkit";

    /** The starter's own keys under {@code sessionkit.}: not session options. */
    static final List<String> STARTER_KEYS = List.of("enabled", "redis", "metrics", "http-session");

    /**
     * A property of the starter's own, for the configuration metadata.
     *
     * @param name the full name
     * @param type its Java type
     * @param description what it does
     * @param defaultValue its default, or {@code null}
     */
    record StarterProperty(String name, Class<?> type, String description, Object defaultValue) {
    }

    /** The starter's own properties (the session options are core's list, {@code SessionConfig.options()}). */
    static final List<StarterProperty> STARTER_PROPERTIES = List.of(
            new StarterProperty("sessionkit.enabled", Boolean.class, "Whether SessionKit is auto-configured.", true),
            new StarterProperty("sessionkit.redis.url", String.class, "Keeps sessions in Redis at this URI "
                    + "(redis://[user:password@]host:port[/db], rediss:// for TLS); needs session-store-redis. Without "
                    + "it, and without a SessionStore bean, sessions are in memory.", null),
            new StarterProperty("sessionkit.redis.prefix", String.class, "The prefix of session keys in Redis, "
                    + "connect-redis's.", "sess:"),
            new StarterProperty("sessionkit.metrics.enabled", Boolean.class, "Whether SessionKit's Micrometer "
                    + "meters are registered when there is a MeterRegistry (needs session-metrics-micrometer).", true),
            new StarterProperty("sessionkit.http-session.enabled", Boolean.class, "Whether request.getSession() is "
                    + "the SessionKit session; false keeps the container's.", true),
            new StarterProperty("sessionkit.http-session.allow", List.class, "Packages (ending with a dot) and "
                    + "classes whose objects HttpSession attributes may hold, written as JSON; Spring Security's are "
                    + "always allowed when it is present.", null));

    /** Spring Boot's session properties the starter honours, and the SessionKit option each sets. */
    static final Map<String, String> BOOT_KEYS = Map.of(
            "server.servlet.session.timeout", "idleTimeout",
            "server.servlet.session.cookie.name", "name",
            "server.servlet.session.cookie.domain", "cookie.domain",
            "server.servlet.session.cookie.path", "cookie.path",
            "server.servlet.session.cookie.http-only", "cookie.httpOnly",
            "server.servlet.session.cookie.secure", "cookie.secure",
            "server.servlet.session.cookie.same-site", "cookie.sameSite",
            "server.servlet.session.cookie.partitioned", "cookie.partitioned",
            "server.servlet.session.cookie.max-age", "cookie.maxAge");

    private static final Set<String> DURATIONS = Set.of("idleTimeout", "cookie.maxAge");

    private SessionKitOptions() {
    }

    /** The options of {@code environment}, {@code sessionkit.*} winning over Spring Boot's. */
    static Map<String, String> read(Environment environment) {
        Binder binder = Binder.get(environment);
        Map<String, String> options = new LinkedHashMap<>();
        BOOT_KEYS.forEach((bootKey, option) -> {
            if (DURATIONS.contains(option)) {
                binder.bind(bootKey, Duration.class).ifBound(d -> options.put(option, Long.toString(d.toSeconds())));
            } else {
                binder.bind(bootKey, String.class).ifBound(v -> options.put(option, // Boot writes "Lax"
                        option.equals("cookie.sameSite") ? v.toLowerCase(Locale.ROOT) : v));
            }
        });
        Map<String, String> own = binder.bind(PREFIX, Bindable.mapOf(String.class, String.class)).orElse(Map.of());
        Set<String> known = SessionConfig.options().stream().map(o -> squeeze(o.key())).collect(Collectors.toSet());
        List<String> unknown = new ArrayList<>();
        own.forEach((key, value) -> {
            if (isStarterKey(key)) {
                return;
            }
            if (!known.contains(squeeze(key))) {
                unknown.add(PREFIX + "." + key); // as Spring Boot ignores an unknown property, with a warning
                return;
            }
            options.keySet().removeIf(option -> squeeze(option).equals(squeeze(key))); // sessionkit.* wins
            options.put(key, value);
        });
        if (!unknown.isEmpty()) {
            LOG.warn("SessionKit ignores the unknown properties {}; its options are listed in "
                    + "META-INF/spring-configuration-metadata.json (IDEs complete them)", unknown);
        }
        return options;
    }

    static boolean isStarterKey(String key) {
        String first = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
        return STARTER_KEYS.stream().anyMatch(starter -> squeeze(starter).equals(squeeze(first)));
    }

    /** Core reads keys ignoring case, {@code -} and {@code _}; so are they compared here. */
    static String squeeze(String key) {
        return key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }
}
