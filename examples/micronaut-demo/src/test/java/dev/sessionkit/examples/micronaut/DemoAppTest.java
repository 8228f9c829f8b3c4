package dev.sessionkit.examples.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The demo, with its own application.yml, over plain HTTP: count, count again with the cookie, log out. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DemoAppTest {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private EmbeddedServer server;
    private String base;

    @BeforeEach
    void start() {
        server = ApplicationContext.run(EmbeddedServer.class,
                Map.of("micronaut.server.port", -1, "sessionkit.secret", "micronaut demo test secret of 32+ chars"));
        base = "http://127.0.0.1:" + server.getPort();
    }

    @AfterEach
    void stop() {
        server.getApplicationContext().close();
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String cookie) throws Exception {
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String cookie) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + "/")), cookie);
    }

    private HttpResponse<String> logout(String cookie) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + "/logout"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.noBody()), cookie);
    }

    private static String cookieOf(HttpResponse<?> response) {
        String header = response.headers().firstValue("Set-Cookie").orElseThrow();
        return header.substring(0, header.indexOf(';'));
    }

    @Test
    void visitor_countsTwiceThenLogsOut_counterResets() throws Exception {
        HttpResponse<String> first = get(null);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("<strong id=\"visits\">1</strong>").contains("id=\"logout\"");
        assertThat(first.headers().firstValue("Set-Cookie").orElseThrow())
                .startsWith("connect.sid=s%3A").contains("Max-Age=604800").contains("HttpOnly")
                .contains("SameSite=Lax").doesNotContain("Secure");
        String cookie = cookieOf(first);

        assertThat(get(cookie).body()).contains("<strong id=\"visits\">2</strong>");

        HttpResponse<String> logout = logout(cookie);
        assertThat(logout.statusCode()).isEqualTo(303);
        assertThat(logout.headers().firstValue("Location")).hasValue("/");
        assertThat(logout.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");

        HttpResponse<String> after = get(cookie);
        assertThat(after.body()).as("the old session is gone").contains("<strong id=\"visits\">1</strong>");
        assertThat(cookieOf(after)).isNotEqualTo(cookie);
    }

    @Test
    void secret_fromTheEnvironment_orRandomPerRun_neverCommitted() throws Exception {
        try (InputStream yml = DemoApp.class.getResourceAsStream("/application.yml")) {
            assertThat(new String(yml.readAllBytes(), StandardCharsets.UTF_8))
                    .doesNotContain("secret:")
                    .contains("port: ${PORT:8082}");
        }
        assertThat(DemoApp.secretProperty("from the environment, 32 characters"))
                .containsEntry("sessionkit.secret", "from the environment, 32 characters");
        Object first = DemoApp.secretProperty(null).get("sessionkit.secret");
        Object second = DemoApp.secretProperty("").get("sessionkit.secret");
        assertThat(first).asString().hasSize(64).isNotEqualTo(second);
    }
}
