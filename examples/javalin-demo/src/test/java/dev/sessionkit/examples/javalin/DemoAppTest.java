package dev.sessionkit.examples.javalin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkit.store.caffeine.CaffeineSessionStore;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The demo's flow over plain HTTP: the same steps the browser test clicks through. */
class DemoAppTest {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Javalin app;
    private String base;

    @BeforeEach
    void start() {
        app = DemoApp.start(0, "javalin demo test secret of 32+ characters", CaffeineSessionStore.create(), "Caffeine", false);
        base = "http://127.0.0.1:" + app.port();
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    private HttpResponse<String> get(String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/")).timeout(Duration.ofSeconds(10));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String form, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String cookieOf(HttpResponse<?> response) {
        String header = response.headers().firstValue("Set-Cookie").orElseThrow();
        return header.substring(0, header.indexOf(';'));
    }

    @Test
    void visitor_logsInCountsRegeneratesAndLogsOut() throws Exception {
        HttpResponse<String> anonymous = get(null);
        assertThat(anonymous.body()).contains("id=\"login\"").contains("Store: Caffeine");
        assertThat(anonymous.headers().allValues("Set-Cookie")).as("no session for a visitor who did nothing").isEmpty();

        HttpResponse<String> login = post("/login", "name=Ada+%3Cb%3E", null);
        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(login.headers().firstValue("Set-Cookie").orElseThrow())
                .startsWith("connect.sid=s%3A").contains("Max-Age=604800").contains("HttpOnly")
                .contains("SameSite=Lax").doesNotContain("Secure");
        String cookie = cookieOf(login);

        assertThat(get(cookie).body()).contains("Hello, Ada &lt;b&gt;").contains("<div class=\"count\" id=\"visits\">1<");
        assertThat(get(cookie).body()).contains("id=\"visits\">2<");

        HttpResponse<String> regenerated = post("/regenerate", "", cookie);
        String newCookie = cookieOf(regenerated);
        assertThat(newCookie).isNotEqualTo(cookie);
        assertThat(get(newCookie).body()).as("data kept across regenerate").contains("id=\"visits\">3<");
        assertThat(get(cookie).body()).as("the old id is dead").contains("id=\"login\"");

        HttpResponse<String> logout = post("/logout", "", newCookie);
        assertThat(logout.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        assertThat(get(newCookie).body()).contains("id=\"login\"");
    }

    @Test
    void login_withoutName_isRefused() throws Exception {
        assertThat(post("/login", "name=", null).statusCode()).isEqualTo(400);
    }

    @Test
    void shortId_showsEightCharacters() {
        assertThat(DemoApp.shortId("7247d6e9-8ddb-4005-988b-9aa82bd7d6d5")).isEqualTo("7247d6e9…");
    }
}
