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
                .startsWith("connect.sid=s%3A").contains("Max-Age=43200").contains("HttpOnly")
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

    @Test
    void sameNameTwice_yourSessionsListsBoth_logoutOthersEndsTheOther() throws Exception {
        String first = cookieOf(post("/login", "name=Grace", null));
        String second = cookieOf(post("/login", "name=Grace", null));
        String stranger = cookieOf(post("/login", "name=Linus", null));

        String page = get(second).body();
        assertThat(page).contains("Your sessions").contains("id=\"logout-others\"");
        assertThat(page.split("class=\"session ", -1)).as("two sessions listed, the stranger's not").hasSize(3);
        assertThat(page).containsOnlyOnce("(this session)").contains("Java HTTP client · started just now");

        assertThat(post("/sessions/logout-others", "", second).statusCode()).isEqualTo(303);

        assertThat(get(first).body()).as("the other session ended").contains("id=\"login\"");
        assertThat(get(second).body()).contains("Hello, Grace").doesNotContain("id=\"logout-others\"");
        assertThat(get(stranger).body()).as("another user's session untouched").contains("Hello, Linus");
    }

    @Test
    void logoutOthers_withoutLogin_changesNothing() throws Exception {
        HttpResponse<String> response = post("/sessions/logout-others", "", null);
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void userAgentSummary_namesBrowserAndSystem() {
        assertThat(UserAgents.summary("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"))
                .isEqualTo("Firefox on Linux");
        assertThat(UserAgents.summary("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like "
                + "Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0")).isEqualTo("Edge on Windows");
        assertThat(UserAgents.summary("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
                + "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1")).isEqualTo("Safari on iOS");
        assertThat(UserAgents.summary(null)).isEqualTo("Unknown browser");
    }

    @Test
    void ago_inWords() {
        java.time.Instant now = java.time.Instant.parse("2030-01-01T12:00:00Z");
        assertThat(Page.ago(now.minusSeconds(30), now)).isEqualTo("just now");
        assertThat(Page.ago(now.minusSeconds(5 * 60 + 10), now)).isEqualTo("5 min ago");
        assertThat(Page.ago(now.minus(Duration.ofHours(3)), now)).isEqualTo("3 h ago");
    }
}
