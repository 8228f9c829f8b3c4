package dev.sessionkit.springtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
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
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A browser's part against {@link SecurityApp} on a real port, with Java's HTTP client: cookies by hand, redirects
 * not followed, every {@code Set-Cookie} kept to check that none is a container's. Also used by the Node interop
 * tests of Spring Security.
 */
public final class SpringClient {

    private static final Pattern CSRF_INPUT = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Every Set-Cookie header any instance answered with. */
    public final List<String> setCookies = new CopyOnWriteArrayList<>();

    /**
     * Starts an instance of {@link SecurityApp} on a free loopback port.
     *
     * @param redis the Redis the sessions live in
     * @param properties more properties, {@code key=value}
     * @return the running application
     */
    public static ConfigurableApplicationContext start(URI redis, String... properties) {
        List<String> all = new java.util.ArrayList<>(List.of("server.port=0", "server.address=127.0.0.1",
                "test.redis=" + redis, "spring.main.banner-mode=off", "sessionkit.secret=" + SecurityApp.SECRET));
        all.addAll(List.of(properties));
        return new SpringApplicationBuilder(SecurityApp.class).properties(all.toArray(String[]::new)).run();
    }

    /** {@return the signing secret of the application's sessions} */
    public static String secret() {
        return SecurityApp.SECRET;
    }

    static String base(ConfigurableApplicationContext app) {
        return "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = CLIENT.send(request.timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        setCookies.addAll(response.headers().allValues("Set-Cookie"));
        return response;
    }

    /**
     * Sends a GET.
     *
     * @param app the instance
     * @param path the path
     * @param cookie the {@code connect.sid=...} pair, or {@code null}
     * @return the response
     * @throws Exception when the request fails
     */
    public HttpResponse<String> get(ConfigurableApplicationContext app, String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base(app) + path));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return send(request);
    }

    HttpResponse<String> post(ConfigurableApplicationContext app, String path, String cookie, String form,
                              String csrfHeader) throws Exception {
        return send(app, "POST", path, cookie, form, csrfHeader);
    }

    HttpResponse<String> send(ConfigurableApplicationContext app, String method, String path, String cookie,
                              String form, String csrfHeader) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base(app) + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .method(method, HttpRequest.BodyPublishers.ofString(form));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (csrfHeader != null) {
            request.header("X-CSRF-TOKEN", csrfHeader);
        }
        return send(request);
    }

    /** The {@code connect.sid=...} pair of a response's cookie, or {@code fallback} when it set none. */
    static String cookieOf(HttpResponse<String> response, String fallback) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("connect.sid="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElse(fallback);
    }

    /**
     * Returns the session id a cookie names.
     *
     * @param cookie a {@code connect.sid=...} pair
     * @return the id
     */
    public static String idOf(String cookie) {
        String value = URLDecoder.decode(cookie.substring("connect.sid=".length()), StandardCharsets.UTF_8);
        return value.substring(2, value.lastIndexOf('.'));
    }

    static String form(String... pairs) {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            form.append(form.length() == 0 ? "" : "&").append(pairs[i]).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return form.toString();
    }

    /**
     * Logs in as Spring Security's form login has a browser do it: the protected page (saved), the login page and its
     * CSRF token, the post; checks that the id changed.
     *
     * @param app the instance
     * @param user {@code ada} or {@code bob}
     * @return the logged-in session's {@code connect.sid=...} pair
     * @throws Exception when a request fails
     */
    public String login(ConfigurableApplicationContext app, String user) throws Exception {
        HttpResponse<String> login = tryLogin(app, user);
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElseThrow()).contains("/me?continue"); // saved request
        String loggedIn = cookieOf(login, null);
        assertThat(loggedIn).as("a cookie for the new id").isNotNull();
        return loggedIn;
    }

    /**
     * Goes through a login and returns the answer to its post, whatever it is.
     *
     * @param app the instance
     * @param user {@code ada} or {@code bob}
     * @return the response to the login form's post
     * @throws Exception when a request fails
     */
    public HttpResponse<String> tryLogin(ConfigurableApplicationContext app, String user) throws Exception {
        HttpResponse<String> protectedPage = get(app, "/me", null);
        assertThat(protectedPage.statusCode()).isEqualTo(302);
        String cookie = cookieOf(protectedPage, null); // the saved request is in the session already
        HttpResponse<String> page = get(app, "/login", cookie);
        Matcher csrf = CSRF_INPUT.matcher(page.body());
        assertThat(csrf.find()).as("the login page's CSRF field").isTrue();
        HttpResponse<String> login = post(app, "/login", cookie,
                form("username", user, "password", user + "'s password", "_csrf", csrf.group(1)), null);
        String loggedIn = cookieOf(login, null);
        if (loggedIn != null) {
            assertThat(idOf(loggedIn)).as("the id changed at login").isNotEqualTo(idOf(cookie));
        }
        return login;
    }

    /** {@return whether no response set a container's session cookie} */
    public boolean noContainerSession() {
        return setCookies.stream().noneMatch(c -> c.startsWith("JSESSIONID"));
    }
}
