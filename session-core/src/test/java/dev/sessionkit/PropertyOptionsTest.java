package dev.sessionkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkit.store.SessionRecord;
import dev.sessionkit.store.SessionStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PropertyOptionsTest {

    private static final String S = "a secret of at least 32 characters";
    private static final String OLD = "the old secret of 32 characters or more";
    private static final String NEW = "the new secret of 32 characters or more";

    private static final SessionStore STORE = new SessionStore() {
        @Override
        public Optional<String> get(String id) {
            return Optional.empty();
        }

        @Override
        public boolean set(String id, SessionRecord record, SetMode mode) {
            return true;
        }

        @Override
        public Replaced replace(String id, String expected, SessionRecord record) {
            return Replaced.gone();
        }

        @Override
        public void touch(String id, SessionRecord record) {
        }

        @Override
        public void destroy(String id) {
        }
    };

    private static SessionConfig<SessionData> build(Map<String, String> properties) {
        return SessionConfig.builder().store(STORE).properties(properties).build();
    }

    @Test
    void properties_everyOption_isApplied() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("secret", OLD + ", " + NEW);
        properties.put("allowShortSecrets", "false");
        properties.put("maxRecordSize", "4096");
        properties.put("idleTimeout", "PT30M");
        properties.put("absoluteTimeout", "43200");
        properties.put("conflictPolicy", "fail");
        properties.put("sessionLimit", "3 refuse-new");
        properties.put("name", "sid");
        properties.put("saveUninitialized", "true");
        properties.put("rolling", "TRUE");
        properties.put("autoSave", "true");
        properties.put("trustProxy", "true");
        properties.put("cookie.maxAge", "3600");
        properties.put("cookie.sameSite", "none-when-secure");
        properties.put("cookie.secure", "auto");
        properties.put("cookie.path", "/app");
        properties.put("cookie.domain", "example.com");
        properties.put("cookie.httpOnly", "false");
        properties.put("cookie.priority", "high");
        properties.put("cookie.partitioned", "true");
        properties.put("idHeader", "X-Session-Id");
        properties.put("idCookie", "false");

        SessionConfig<SessionData> config = build(properties);

        assertThat(config.secrets).containsExactly(OLD, NEW);
        assertThat(config.maxRecordSize()).isEqualTo(4096);
        assertThat(config.idleTimeout()).contains(Duration.ofMinutes(30));
        assertThat(config.absoluteTimeout()).contains(Duration.ofHours(12));
        assertThat(config.conflictPolicy()).isEqualTo(ConflictPolicy.FAIL);
        assertThat(config.sessionLimit()).hasValue(3);
        assertThat(config.sessionLimitPolicy()).isEqualTo(SessionLimitPolicy.REFUSE_NEW);
        assertThat(build(Map.of("secret", S, "sessionLimit", "2")).sessionLimitPolicy())
                .isEqualTo(SessionLimitPolicy.END_OLDEST);
        assertThat(config.name()).isEqualTo("sid");
        assertThat(config.saveUninitialized()).isTrue();
        assertThat(config.rolling()).isTrue();
        assertThat(config.autoSave()).isTrue();
        assertThat(config.trustProxy()).isTrue();
        assertThat(config.idHeader()).contains("X-Session-Id");
        assertThat(config.idCookie()).isFalse();
        CookieOptions cookie = config.cookie();
        assertThat(cookie.maxAge()).contains(Duration.ofHours(1));
        assertThat(cookie.sameSite()).isEqualTo(SameSite.NONE_WHEN_SECURE);
        assertThat(cookie.secureAuto()).isTrue();
        assertThat(cookie.path()).isEqualTo("/app");
        assertThat(cookie.domain()).contains("example.com");
        assertThat(cookie.httpOnly()).isFalse();
        assertThat(cookie.priority()).contains(CookiePriority.HIGH);
        assertThat(cookie.partitioned()).isTrue();
        // Every option but cookie.expires, which build() refuses beside cookie.maxAge (see the tests below).
        assertThat(properties.keySet()).containsExactlyInAnyOrderElementsOf(PropertyOptions.ALL.stream()
                .map(PropertyOptions.Option::key).filter(key -> !key.equals("cookie.expires")).toList());
    }

    @Test
    void properties_cookieExpires_isoInstant_isAFixedExpiry() {
        SessionConfig<SessionData> utc = build(Map.of("secret", S, "cookie.expires", "2030-01-01T00:00:00Z"));
        SessionConfig<SessionData> offset = build(Map.of("secret", S, "Cookie.Expires", " 2030-01-01T01:00:00+01:00 "));
        SessionConfig<SessionData> none = build(Map.of("secret", S, "cookie.expires", ""));

        assertThat(utc.cookie().expires()).contains(Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(utc.cookie().maxAge()).isEmpty();
        assertThat(offset.cookie().expires()).contains(Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(none.cookie().expires()).isEmpty();
    }

    @Test
    void properties_cookieExpires_badValue_failsNamingTheKeyAndTheValue() {
        assertThatThrownBy(() -> build(Map.of("secret", S, "cookie.expires", "next tuesday")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("option 'cookie.expires': expected an ISO-8601 instant (2030-01-01T00:00:00Z), found "
                        + "'next tuesday'");
        assertThatThrownBy(() -> build(Map.of("secret", S, "cookie.expires", "2030-01-01")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'cookie.expires'");
        assertThatThrownBy(() -> build(Map.of("secret", S, "cookie.expires", "1969-12-31T23:59:59Z")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'cookie.expires'")
                .hasMessageContaining("outside 1970 to 9999");
    }

    @Test
    void properties_cookieExpiresWithMaxAge_refusedAtBuild() {
        assertThatThrownBy(() -> build(Map.of("secret", S, "cookie.expires", "2030-01-01T00:00:00Z",
                "cookie.maxAge", "3600")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAge and expires are both set");
    }

    @Test
    void properties_kebabAndSnakeKeys_andIsoDurations_areAccepted() {
        SessionConfig<SessionData> config = build(Map.of("secret", S, "cookie.max-age", "PT30M",
                "save_uninitialized", "true", "cookie.same-site", "strict"));

        assertThat(config.cookie().maxAge()).contains(Duration.ofMinutes(30));
        assertThat(config.saveUninitialized()).isTrue();
        assertThat(config.cookie().sameSite()).isEqualTo(SameSite.STRICT);
    }

    @Test
    void properties_keepCookieOptionsSetBefore() {
        SessionConfig<SessionData> config = SessionConfig.builder().store(STORE)
                .cookie(CookieOptions.builder().domain("example.org").build())
                .properties(Map.of("secret", S, "cookie.path", "/x")).build();

        assertThat(config.cookie().domain()).contains("example.org");
        assertThat(config.cookie().path()).isEqualTo("/x");
    }

    @Test
    void properties_unknownKey_isRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> build(Map.of("secret", S, "cookie.maxage2", "1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'cookie.maxage2'").hasMessageContaining("cookie.maxAge");
    }

    @Test
    void properties_badValues_nameTheOptionAndTheValue() {
        assertThatThrownBy(() -> build(Map.of("secret", S, "rolling", "yes")))
                .hasMessageContaining("'rolling'").hasMessageContaining("'yes'");
        assertThatThrownBy(() -> build(Map.of("secret", S, "cookie.maxAge", "an hour")))
                .hasMessageContaining("'cookie.maxAge'").hasMessageContaining("PT1H");
        assertThatThrownBy(() -> build(Map.of("secret", S, "cookie.sameSite", "sometimes")))
                .hasMessageContaining("strict, lax, none, none-when-secure or off");
        assertThatThrownBy(() -> build(Map.of("secret", S + ",," + S)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
    }

    /**
     * The README's table of options as strings is generated from {@link PropertyOptions#ALL}, the list the parser
     * reads, so it cannot drift. Run with {@code -Dsessionkit.updateReadme=true} to rewrite it after a change.
     */
    @Test
    void readme_optionsTable_isTheListTheParserReads() throws IOException {
        Path readme = Path.of("..", "README.md");
        String text = Files.readString(readme);
        String start = "<!-- options:start -->\n";
        String end = "<!-- options:end -->";
        int from = text.indexOf(start) + start.length();
        int to = text.indexOf(end);
        assertThat(from).as("README markers").isGreaterThan(start.length() - 1).isLessThanOrEqualTo(to);
        if (Boolean.getBoolean("sessionkit.updateReadme")) {
            Files.writeString(readme, text.substring(0, from) + PropertyOptions.markdownTable() + text.substring(to));
            text = Files.readString(readme);
            to = text.indexOf(end);
        }

        assertThat(text.substring(from, to)).isEqualTo(PropertyOptions.markdownTable());
        assertThat(PropertyOptions.markdownTable()).contains("| `cookie.partitioned` |", "| `secret` |");
    }

    @Test
    void everyOption_isDocumentedOnce() {
        for (PropertyOptions.Option option : PropertyOptions.ALL) {
            assertThat(option.key()).isNotBlank();
            assertThat(option.doc()).isNotBlank();
            assertThat(option.values()).isNotBlank();
        }
        assertThat(PropertyOptions.ALL).extracting(PropertyOptions.Option::key).doesNotHaveDuplicates()
                .hasSize(23);
    }

    @Test
    void properties_envSecret_readsTheVariableOrSaysItIsMissing() {
        String variable = System.getenv().keySet().stream().filter(k -> !System.getenv(k).isBlank())
                .findFirst().orElseThrow();

        assertThat(build(Map.of("secret", "env:" + variable)).secrets).containsExactly(System.getenv(variable));
        assertThatThrownBy(() -> build(Map.of("secret", "env:SESSIONKIT_SURELY_UNSET_VARIABLE")))
                .hasMessageContaining("'SESSIONKIT_SURELY_UNSET_VARIABLE' is not set");
    }
}
