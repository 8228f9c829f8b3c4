package dev.sessionkit.micronaut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkit.SessionConfig;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code sessionkit.cookie.expires}, a fixed expiry as an ISO-8601 instant, read as Micronaut reads
 * {@code application.yml}: an unquoted YAML timestamp must reach core as the text it was, not as a {@code Date}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CookieExpiresPropertyTest {

    private static final String S = "a secret of at least thirty-two characters";

    /** The properties of a YAML document, read by the loader that reads {@code application.yml}. */
    private static Map<String, Object> yaml(String document) {
        return new YamlPropertySourceLoader().read("application", document.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void cookieExpires_unquotedYamlTimestamp_isEveryCookiesExpiry() {
        Map<String, Object> properties = yaml("""
                sessionkit:
                  secret: %s
                  cookie:
                    expires: 2040-01-01T00:00:00Z
                """.formatted(S));
        try (TestServer server = TestServer.start("reference", properties)) {
            HttpResponse<String> response = server.get("/views");

            assertThat(server.context().getBean(SessionConfig.class).cookie().expires())
                    .contains(Instant.parse("2040-01-01T00:00:00Z"));
            assertThat(response.headers().allValues("Set-Cookie")).singleElement().asString()
                    .matches("connect\\.sid=s%3A[^;]+; Path=/; Expires=Sun, 01 Jan 2040 00:00:00 GMT; HttpOnly; "
                            + "Secure; SameSite=Lax");
        }
    }

    @Test
    void cookieExpires_quotedWithAnOffset_isTheSameInstant() {
        Map<String, Object> properties = yaml("""
                sessionkit:
                  secret: %s
                  cookie:
                    expires: "2040-01-01T01:00:00+01:00"
                """.formatted(S));
        try (TestServer server = TestServer.start("reference", properties)) {
            assertThat(server.context().getBean(SessionConfig.class).cookie().expires())
                    .contains(Instant.parse("2040-01-01T00:00:00Z"));
        }
    }

    @Test
    void cookieExpires_badValue_failsTheStartNamingTheProperty() {
        Map<String, Object> properties = Map.of("sessionkit.secret", S, "sessionkit.cookie.expires", "2040-13-01");

        assertThatThrownBy(() -> TestServer.start("reference", properties).close())
                .hasStackTraceContaining("option 'cookie.expires': expected an ISO-8601 instant "
                        + "(2030-01-01T00:00:00Z), found '2040-13-01'");
    }

    @Test
    void cookieExpires_yamlDateWithoutTime_failsTheStartNamingTheProperty() {
        Map<String, Object> properties = yaml("""
                sessionkit:
                  secret: %s
                  cookie:
                    expires: 2040-01-01
                """.formatted(S));

        assertThatThrownBy(() -> TestServer.start("reference", properties).close())
                .hasStackTraceContaining("option 'cookie.expires': expected an ISO-8601 instant "
                        + "(2030-01-01T00:00:00Z), found '2040-01-01'");
    }

    @Test
    void cookieExpires_withMaxAge_failsTheStartSayingWhichToKeep() {
        Map<String, Object> properties = Map.of("sessionkit.secret", S,
                "sessionkit.cookie.expires", "2040-01-01T00:00:00Z", "sessionkit.cookie.max-age", "PT1H");

        assertThatThrownBy(() -> TestServer.start("reference", properties).close())
                .hasStackTraceContaining("cookie maxAge and expires are both set");
    }
}
