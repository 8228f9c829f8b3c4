package dev.sessionkit.micronaut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkit.CookieSigner;
import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionStore;
import dev.sessionkit.store.caffeine.CaffeineSessionStore;
import dev.sessionkit.testkit.InMemorySessionStore;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Options from {@code sessionkit.*} properties, the store bean, and a whole SessionConfig bean. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConfigurationTest {

    /** The session id in a {@code name=s%3A…} pair, if it verifies with the secret. */
    private static String idOf(String pair, String secret) {
        String value = URLDecoder.decode(pair.substring(pair.indexOf('=') + 1), StandardCharsets.UTF_8);
        assertThat(value).startsWith("s:");
        return CookieSigner.of(secret).unsign(value.substring(2)).orElse(null);
    }

    @Test
    void cookieProperties_fromProperties_showInSetCookie() {
        Map<String, Object> properties = Map.of(
                "sessionkit.secret", "property secret",
                "sessionkit.name", "sid",
                "sessionkit.cookie.max-age", "P7D",
                "sessionkit.cookie.same-site", "strict",
                "sessionkit.cookie.secure", "false",
                "sessionkit.cookie.http-only", "false",
                "sessionkit.cookie.domain", "example.com",
                "sessionkit.cookie.path", "/");
        try (TestServer server = TestServer.start("reference", properties)) {
            HttpResponse<String> response = server.get("/views");

            String header = response.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(header).matches("sid=s%3A[^;]+; Max-Age=604800; Domain=example\\.com; Path=/; "
                    + "Expires=[^;]+ GMT; SameSite=Strict");
            assertThat(idOf(TestServer.cookieOf(response), "property secret")).isNotNull();
        }
    }

    @Test
    void flagProperties_set_saveUninitializedRollingAndAutoSaveApply() {
        Map<String, Object> properties = Map.of(
                "sessionkit.secret", "property secret",
                "sessionkit.save-uninitialized", "true",
                "sessionkit.rolling", "true",
                "sessionkit.auto-save", "true");
        try (TestServer server = TestServer.start("reference", properties)) {
            HttpResponse<String> peek = server.get("/views/peek");
            String cookie = TestServer.cookieOf(peek);

            assertThat(server.get("/views/nosave", cookie).body()).isEqualTo("1");
            HttpResponse<String> again = server.get("/views/peek", cookie);

            assertThat(again.body()).as("autoSave kept the unsaved change").isEqualTo("1");
            assertThat(again.headers().allValues("Set-Cookie")).as("rolling").hasSize(1);
        }
    }

    @Test
    void secretsAndSecureAuto_set_lastSecretSignsAndSecureFollowsTrustedProxy() {
        Map<String, Object> properties = Map.of(
                "sessionkit.secrets", List.of("old secret", "new secret"),
                "sessionkit.cookie.secure", "auto",
                "sessionkit.trust-proxy", "true");
        try (TestServer server = TestServer.start("reference", properties)) {
            HttpResponse<String> plain = server.get("/views");
            HttpResponse<String> proxied = server.send(HttpRequest.newBuilder(server.baseUri().resolve("/views"))
                    .header("X-Forwarded-Proto", "https"));

            String cookie = TestServer.cookieOf(plain);
            assertThat(idOf(cookie, "new secret")).isNotNull();
            assertThat(idOf(cookie, "old secret")).isNull();
            assertThat(plain.headers().firstValue("Set-Cookie").orElseThrow()).doesNotContain("Secure");
            assertThat(proxied.headers().firstValue("Set-Cookie").orElseThrow()).endsWith("; HttpOnly; Secure");
        }
    }

    @Test
    void storeBean_absent_defaultCaffeineStoreIsUsed() {
        try (TestServer server = TestServer.start("reference", Map.of("sessionkit.secret", "s"))) {
            String cookie = TestServer.cookieOf(server.get("/views"));

            assertThat(server.get("/views", cookie).body()).isEqualTo("2");
            SessionStore store = server.context().getBean(SessionStore.class);
            assertThat(store).isInstanceOf(CaffeineSessionStore.class);
            assertThat(store.length()).isEqualTo(1);
            assertThat(server.get("/store/length").body()).isEqualTo("1");
        }
    }

    @Test
    void storeBean_provided_isUsed() {
        InMemorySessionStore store = InMemorySessionStore.create(Clock.systemUTC());
        try (TestServer server = TestServer.start("reference", Map.of("sessionkit.secret", "s"), store)) {
            String id = idOf(TestServer.cookieOf(server.get("/views")), "s");

            assertThat(store.get(id)).isPresent();
        }
    }

    @Test
    void sessionConfigBean_provided_winsOverProperties() {
        InMemorySessionStore store = InMemorySessionStore.create(Clock.systemUTC());
        SessionConfig<?> config = SessionConfig.builder().store(store).secret("bean secret").build();
        Map<String, Object> properties = Map.of("sessionkit.secret", "property secret", "sessionkit.name", "sid");
        try (TestServer server = TestServer.start("reference", properties, config)) {
            String cookie = TestServer.cookieOf(server.get("/views"));

            assertThat(cookie).startsWith("connect.sid=");
            assertThat(store.get(idOf(cookie, "bean secret"))).isPresent();
        }
    }

    @Test
    void startup_badValue_failsNamingTheProperty() {
        Map<String, Object> properties = Map.of("sessionkit.secret", "s", "sessionkit.cookie.max-age", "7d");

        assertThatThrownBy(() -> TestServer.start("reference", properties).close())
                .hasStackTraceContaining("option 'cookie.max-age': expected whole seconds (3600) or an ISO-8601 "
                        + "duration (PT1H), found '7d'");
    }

    @Test
    void startup_noSecret_failsWithClearMessage() {
        assertThatThrownBy(() -> TestServer.start("reference", Map.of()).close())
                .hasStackTraceContaining("no session secret configured: set sessionkit.secret");
    }
}
