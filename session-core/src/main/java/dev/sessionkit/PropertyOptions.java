package dev.sessionkit;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Applies options given as strings (web.xml init-params, properties files, environment variables) to the builders,
 * so every adapter reads them the same way. Keys match the builder methods ({@code cookie.maxAge}); case, dashes and
 * underscores are ignored ({@code cookie.max-age}, {@code COOKIE_MAX_AGE} after the dot).
 */
final class PropertyOptions {

    /** The canonical key names, as documented. */
    static final List<String> KEYS = List.of("secret", "name", "saveUninitialized", "rolling", "autoSave",
            "trustProxy", "cookie.maxAge", "cookie.sameSite", "cookie.secure", "cookie.path", "cookie.domain",
            "cookie.httpOnly", "cookie.partitioned", "cookie.priority");

    private PropertyOptions() {
    }

    static <T> void apply(Map<String, String> properties, SessionConfig.Builder<T> config,
                          CookieOptions.Builder cookie) {
        for (Map.Entry<String, String> property : properties.entrySet()) {
            String key = canonical(property.getKey());
            String value = property.getValue() == null ? "" : property.getValue().trim();
            try {
                apply(key, value, config, cookie);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("option '" + property.getKey() + "': " + e.getMessage(), e);
            }
        }
    }

    private static String canonical(String key) {
        String squeezed = key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
        for (String known : KEYS) {
            if (known.toLowerCase(Locale.ROOT).equals(squeezed)) {
                return known;
            }
        }
        throw new IllegalArgumentException("unknown option '" + key + "'; known options: " + KEYS);
    }

    private static <T> void apply(String key, String value, SessionConfig.Builder<T> config,
                                  CookieOptions.Builder cookie) {
        switch (key) {
            case "secret" -> config.secrets(secrets(value));
            case "name" -> config.name(value);
            case "saveUninitialized" -> config.saveUninitialized(flag(value));
            case "rolling" -> config.rolling(flag(value));
            case "autoSave" -> config.autoSave(flag(value));
            case "trustProxy" -> config.trustProxy(flag(value));
            case "cookie.maxAge" -> cookie.maxAge(value.isEmpty() ? null : duration(value));
            case "cookie.sameSite" -> cookie.sameSite(named(value, SameSite::valueOf, "strict, lax, none, auto or off"));
            case "cookie.secure" -> {
                if (value.equalsIgnoreCase("auto")) {
                    cookie.secureAuto();
                } else {
                    cookie.secure(flag(value));
                }
            }
            case "cookie.path" -> cookie.path(value);
            case "cookie.domain" -> cookie.domain(value.isEmpty() ? null : value);
            case "cookie.httpOnly" -> cookie.httpOnly(flag(value));
            case "cookie.partitioned" -> cookie.partitioned(flag(value));
            case "cookie.priority" -> cookie.priority(value.isEmpty() ? null
                    : named(value, CookiePriority::valueOf, "low, medium or high"));
            default -> throw new IllegalStateException(key);
        }
    }

    /** Comma-separated secrets, oldest first; {@code env:NAME} reads one from an environment variable. */
    private static List<String> secrets(String value) {
        List<String> secrets = new ArrayList<>();
        for (String item : value.split(",", -1)) {
            String secret = item.trim();
            if (secret.startsWith("env:")) {
                String variable = secret.substring(4);
                secret = System.getenv(variable);
                if (secret == null || secret.isBlank()) {
                    throw new IllegalArgumentException("the environment variable '" + variable
                            + "' is not set or blank");
                }
            }
            secrets.add(secret);
        }
        return secrets;
    }

    private static boolean flag(String value) {
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException("expected true or false, found '" + value + "'");
    }

    /** Whole seconds ({@code 3600}) or an ISO-8601 duration ({@code PT1H}). */
    private static Duration duration(String value) {
        try {
            return value.chars().allMatch(Character::isDigit)
                    ? Duration.ofSeconds(Long.parseLong(value)) : Duration.parse(value);
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("expected whole seconds (3600) or an ISO-8601 duration (PT1H), found '"
                    + value + "'");
        }
    }

    private static <E> E named(String value, Function<String, E> valueOf, String expected) {
        try {
            return valueOf.apply(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected " + expected + ", found '" + value + "'");
        }
    }
}
