package dev.sessionkit.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One browser for the demo's HTTP tests: the JDK's HTTP client with a cookie jar of its own, following redirects as a
 * browser does. It keeps every {@code Set-Cookie} header it was sent, to check that none is a container's.
 */
final class DemoClient {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final CookieManager cookies = new CookieManager();
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(5)).build();
    /** Every Set-Cookie header of every response, redirects included. */
    final List<String> setCookies = new CopyOnWriteArrayList<>();
    private String base;

    DemoClient(ConfigurableApplicationContext app) {
        use(app);
    }

    /** Talks to {@code app} from now on (after a restart, on its new port), keeping the cookies. */
    void use(ConfigurableApplicationContext app) {
        base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** Posts a form from the page {@code from}, with that page's CSRF token as a browser would. */
    HttpResponse<String> post(String path, HttpResponse<String> from, String... fields) throws Exception {
        Matcher token = CSRF.matcher(from.body());
        assertThat(token.find()).as("a CSRF field on %s", from.uri()).isTrue();
        StringBuilder form = new StringBuilder("_csrf=").append(URLEncoder.encode(token.group(1),
                StandardCharsets.UTF_8));
        for (int i = 0; i < fields.length; i += 2) {
            form.append('&').append(fields[i]).append('=')
                    .append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
        }
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())));
    }

    /** Logs in through the login page, and returns the page the login leads to. */
    HttpResponse<String> login(String name, String password) throws Exception {
        return post("/login", get("/login"), "username", name, "password", password);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        for (HttpResponse<String> r = response; r != null; r = r.previousResponse().orElse(null)) {
            setCookies.addAll(r.headers().allValues("Set-Cookie"));
        }
        return response;
    }

    /** The names of the cookies in the jar. */
    List<String> cookieNames() {
        return cookies.getCookieStore().getCookies().stream().map(HttpCookie::getName).toList();
    }

    /** The value of the session cookie, {@code s:<id>.<signature>} URL-encoded. */
    String sessionCookie() {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("connect.sid"))
                .map(HttpCookie::getValue).findFirst().orElseThrow();
    }

    /** The names of the cookies the responses set (names only: a failing test prints no session ids). */
    List<String> setCookieNames() {
        return setCookies.stream().map(c -> c.substring(0, c.indexOf('='))).distinct().toList();
    }

    /** The number on the page's visit counter. */
    static long visits(HttpResponse<String> page) {
        Matcher visits = Pattern.compile("id=\"visits\">(\\d+)<").matcher(page.body());
        assertThat(visits.find()).as("a visit counter on %s: %s", page.uri(), page.body()).isTrue();
        return Long.parseLong(visits.group(1));
    }

    /** Whether the page is the login form. */
    static boolean isLoginPage(HttpResponse<String> page) {
        return page.statusCode() == 200 && page.uri().getPath().equals("/login")
                && page.body().contains("id=\"username\"");
    }
}
