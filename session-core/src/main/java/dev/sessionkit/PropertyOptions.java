package dev.sessionkit;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The options given as strings (web.xml init-params, {@code application.yml}, properties files, environment
 * variables): the one list of them, which the parser, every adapter and the README's table use. Keys match the
 * builder methods ({@code cookie.maxAge}); case, dashes and underscores are ignored ({@code cookie.max-age},
 * {@code COOKIE_MAX_AGE} after the dot).
 */
final class PropertyOptions {

    /** Applies a value to the builders; throws {@link IllegalArgumentException} for a bad value. */
    @FunctionalInterface
    interface Setter {
        void apply(String value, SessionConfig.Builder<?> config, CookieOptions.Builder cookie);
    }

    /**
     * One option: its key, the values it takes, its default, what it does (one line) and how it is applied.
     */
    record Option(String key, String values, String defaultValue, String doc, Setter setter) {
    }

    static final List<Option> ALL = List.of(
            new Option("secret", "one or more secrets, comma-separated, oldest first; `env:NAME` reads one from "
                    + "an environment variable", "required", "signs new cookies with the last secret, verifies with "
                    + "all", (v, c, k) -> c.secrets(secrets(v))),
            new Option("allowShortSecrets", "`true`, `false`", "`false`", "accepts secrets shorter than 32 "
                    + "characters, with a WARN", (v, c, k) -> c.allowShortSecrets(flag(v))),
            new Option("name", "a cookie name", "`connect.sid`", "the session cookie's name", (v, c, k) -> c.name(v)),
            new Option("saveUninitialized", "`true`, `false`", "`false`", "saves new sessions that were never "
                    + "saved, and sends their cookie", (v, c, k) -> c.saveUninitialized(flag(v))),
            new Option("rolling", "`true`, `false`", "`false`", "sends the cookie on every response that uses the "
                    + "session", (v, c, k) -> c.rolling(flag(v))),
            new Option("autoSave", "`true`, `false`", "`false`", "saves changed data at the end of each request",
                    (v, c, k) -> c.autoSave(flag(v))),
            new Option("trustProxy", "`true`, `false`", "`false`", "counts a request as secure when "
                    + "`X-Forwarded-Proto` says `https`", (v, c, k) -> c.trustProxy(flag(v))),
            new Option("idHeader", "a header name (`X-Session-Id`); empty for none", "none", "also carries the "
                    + "signed session id in this request and response header", (v, c, k) -> c.idHeader(v.isEmpty()
                            ? null : v)),
            new Option("idCookie", "`true`, `false`", "`true`", "carries the session id in the cookie; `false` "
                    + "with `idHeader` for header-only sessions", (v, c, k) -> c.idCookie(flag(v))),
            new Option("idleTimeout", "whole seconds or ISO-8601 (`PT30M`); empty for none", "none", "ends a "
                    + "session idle longer than this", (v, c, k) -> c.idleTimeout(v.isEmpty() ? null : duration(v))),
            new Option("absoluteTimeout", "whole seconds or ISO-8601 (`PT12H`); empty for none", "none", "ends a "
                    + "session this long after its creation", (v, c, k) -> c.absoluteTimeout(v.isEmpty() ? null
                            : duration(v))),
            new Option("conflictPolicy", "`last-writer-wins`, `fail`", "`last-writer-wins`", "settles a data key "
                    + "that a save and another writer both changed", (v, c, k) -> c.conflictPolicy(named(v,
                            ConflictPolicy::valueOf, "last-writer-wins or fail"))),
            new Option("sessionLimit", "1 to 1000, then optionally `end-oldest` or `refuse-new` (`3 refuse-new`); "
                    + "empty for none", "none (`end-oldest` when set)", "the most live sessions of one principal, and "
                    + "what a login past it does", (v, c, k) -> sessionLimit(v, c)),
            new Option("maxRecordSize", "bytes, 1024 to 16777216", "`65536`", "the largest record a save may "
                    + "write", (v, c, k) -> c.maxRecordSize(integer(v))),
            new Option("cookie.maxAge", "whole seconds (`3600`) or ISO-8601 (`PT1H`); empty for none", "none",
                    "the cookie's lifetime after each response that sends it",
                    (v, c, k) -> k.maxAge(v.isEmpty() ? null : duration(v))),
            new Option("cookie.expires", "an ISO-8601 instant (`2030-01-01T00:00:00Z`), not with `cookie.maxAge`; "
                    + "empty for none", "none", "a fixed expiry of every session's cookie",
                    (v, c, k) -> k.expires(v.isEmpty() ? null : instant(v))),
            new Option("cookie.sameSite", "`strict`, `lax`, `none`, `none-when-secure`, `off`", "`lax`", "the "
                    + "`SameSite` attribute", (v, c, k) -> k.sameSite(named(v, SameSite::valueOf,
                            "strict, lax, none, none-when-secure or off"))),
            new Option("cookie.secure", "`true`, `false`, `auto`", "`true`", "the `Secure` attribute; `auto` "
                    + "follows the request", (v, c, k) -> secure(v, k)),
            new Option("cookie.path", "a path", "`/`", "the `Path` attribute", (v, c, k) -> k.path(v)),
            new Option("cookie.domain", "a host name; empty for none", "none (host-only)", "the `Domain` attribute",
                    (v, c, k) -> k.domain(v.isEmpty() ? null : v)),
            new Option("cookie.httpOnly", "`true`, `false`", "`true`", "the `HttpOnly` attribute",
                    (v, c, k) -> k.httpOnly(flag(v))),
            new Option("cookie.partitioned", "`true`, `false`", "`false`", "the `Partitioned` attribute (CHIPS)",
                    (v, c, k) -> k.partitioned(flag(v))),
            new Option("cookie.priority", "`low`, `medium`, `high`; empty for none", "none", "the `Priority` "
                    + "attribute", (v, c, k) -> k.priority(v.isEmpty() ? null
                            : named(v, CookiePriority::valueOf, "low, medium or high"))));

    private static final Map<String, Option> BY_SQUEEZED_KEY =
            ALL.stream().collect(Collectors.toUnmodifiableMap(o -> squeeze(o.key()), o -> o));

    private PropertyOptions() {
    }

    static void apply(Map<String, String> properties, SessionConfig.Builder<?> config, CookieOptions.Builder cookie) {
        for (Map.Entry<String, String> property : properties.entrySet()) {
            Option option = BY_SQUEEZED_KEY.get(squeeze(property.getKey()));
            if (option == null) {
                throw new IllegalArgumentException("unknown option '" + property.getKey() + "'; known options: "
                        + ALL.stream().map(Option::key).toList());
            }
            String value = property.getValue() == null ? "" : property.getValue().trim();
            try {
                option.setter().apply(value, config, cookie);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("option '" + property.getKey() + "': " + e.getMessage(), e);
            }
        }
    }

    /** The options as a Markdown table, as the README shows them. */
    static String markdownTable() {
        StringBuilder out = new StringBuilder("| key | values | default | what it sets |\n|---|---|---|---|\n");
        for (Option option : ALL) {
            out.append("| `").append(option.key()).append("` | ").append(option.values()).append(" | ")
                    .append(option.defaultValue()).append(" | ").append(option.doc()).append(" |\n");
        }
        return out.toString();
    }

    private static String squeeze(String key) {
        return key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
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

    /** {@code N} or {@code N policy}, for example {@code 3 refuse-new}; empty for none. */
    private static void sessionLimit(String value, SessionConfig.Builder<?> config) {
        String[] parts = value.isEmpty() ? new String[] {"0"} : value.split("\\s+");
        if (parts.length > 2) {
            throw new IllegalArgumentException("expected a number and optionally end-oldest or refuse-new, found '"
                    + value + "'");
        }
        config.sessionLimit(integer(parts[0]), parts.length == 1 ? SessionLimitPolicy.END_OLDEST
                : named(parts[1], SessionLimitPolicy::valueOf, "end-oldest or refuse-new"));
    }

    private static void secure(String value, CookieOptions.Builder cookie) {
        if (value.equalsIgnoreCase("auto")) {
            cookie.secureAuto();
        } else {
            cookie.secure(flag(value));
        }
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

    /** An ISO-8601 instant ({@code 2030-01-01T00:00:00Z}, or with an offset such as {@code +01:00}). */
    private static Instant instant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expected an ISO-8601 instant (2030-01-01T00:00:00Z), found '" + value
                    + "'");
        }
    }

    private static int integer(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number, found '" + value + "'");
        }
    }

    private static <E> E named(String value, Function<String, E> valueOf, String expected) {
        try {
            return valueOf.apply(value.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected " + expected + ", found '" + value + "'");
        }
    }
}
