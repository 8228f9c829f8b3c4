package dev.sessionkit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkit.testsupport.redis.LocalRedis;
import dev.sessionkit.testsupport.redis.RedisServers;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import redis.clients.jedis.Jedis;

/**
 * Spring Security 7's form login behind SessionKit's filter, two instances of a Spring Boot application on real ports
 * sharing one real Redis: the login, its CSRF token and its saved request live in the SessionKit record as JSON, never
 * in a container session.
 */
class SpringSecurityLoginTest {

    private static final Pattern CSRF_INPUT = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    private static LocalRedis redis;
    private static Jedis jedis;
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Every Set-Cookie header any instance answered with. */
    private static final List<String> SET_COOKIES = new ArrayList<>();

    @BeforeAll
    static void start() {
        redis = RedisServers.start();
        jedis = new Jedis(redis.host(), redis.port());
        first = instance();
        second = instance();
    }

    private static ConfigurableApplicationContext instance() {
        return new SpringApplicationBuilder(SecurityApp.class)
                .properties("server.port=0", "server.address=127.0.0.1", "test.redis=" + redis.uri(),
                        "spring.main.banner-mode=off")
                .run();
    }

    @AfterAll
    static void stop() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
        if (jedis != null) {
            jedis.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static String base(ConfigurableApplicationContext app) {
        return "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = CLIENT.send(request.timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        SET_COOKIES.addAll(response.headers().allValues("Set-Cookie"));
        return response;
    }

    private static HttpResponse<String> get(ConfigurableApplicationContext app, String path, String cookie)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base(app) + path));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return send(request);
    }

    private static HttpResponse<String> post(ConfigurableApplicationContext app, String path, String cookie,
                                             String form, String csrfHeader) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base(app) + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (csrfHeader != null) {
            request.header("X-CSRF-TOKEN", csrfHeader);
        }
        return send(request);
    }

    /** The {@code connect.sid=...} pair of a response's cookie, or {@code fallback} when it set none. */
    private static String cookieOf(HttpResponse<String> response, String fallback) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("connect.sid="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElse(fallback);
    }

    /** The session id a cookie names. */
    private static String idOf(String cookie) {
        String value = URLDecoder.decode(cookie.substring("connect.sid=".length()), StandardCharsets.UTF_8);
        return value.substring(2, value.lastIndexOf('.'));
    }

    private static String form(String... pairs) {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            form.append(form.length() == 0 ? "" : "&").append(pairs[i]).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return form.toString();
    }

    /** Logs in as Spring Security's form login has a browser do it: the page, its CSRF token, the post. */
    private static String login(ConfigurableApplicationContext app, String user) throws Exception {
        HttpResponse<String> protectedPage = get(app, "/me", null);
        assertThat(protectedPage.statusCode()).isEqualTo(302);
        String cookie = cookieOf(protectedPage, null); // the saved request is in the session already
        HttpResponse<String> page = get(app, "/login", cookie);
        Matcher csrf = CSRF_INPUT.matcher(page.body());
        assertThat(csrf.find()).as("the login page's CSRF field in %s %s", page.statusCode(), page.body()).isTrue();
        HttpResponse<String> login = post(app, "/login", cookie,
                form("username", user, "password", user + "'s password", "_csrf", csrf.group(1)), null);
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElseThrow()).contains("/me?continue"); // saved request
        String loggedIn = cookieOf(login, null);
        assertThat(loggedIn).as("a cookie for the new id").isNotNull();
        assertThat(idOf(loggedIn)).as("the id changed at login").isNotEqualTo(idOf(cookie));
        assertThat(jedis.exists("sess:" + idOf(cookie))).as("the pre-login record is gone").isFalse();
        return loggedIn;
    }

    private static long redisCommands() {
        long calls = 0;
        Matcher m = Pattern.compile("cmdstat_(\\w+):calls=(\\d+)").matcher(jedis.info("commandstats"));
        while (m.find()) {
            if (!m.group(1).equals("info") && !m.group(1).equals("config")) {
                calls += Long.parseLong(m.group(2));
            }
        }
        return calls;
    }

    @Test
    void formLogin_livesInRedisAsJson_servedByBothInstances_survivesARestart_noJsessionid() throws Exception {
        String cookie = login(first, "ada");

        String record = jedis.get("sess:" + idOf(cookie));
        assertThat(record).contains("\"SPRING_SECURITY_CONTEXT\":{\"@sessionkit.class\":"
                + "\"org.springframework.security.core.context.SecurityContextImpl\"")
                .contains("\"username\":\"ada\"")
                .doesNotContain("ada's password") // erased after authentication, as Spring Security does
                .doesNotContain("rO0AB").doesNotContain("\\u00ac\\u00ed"); // no Java serialization, raw or base64
        assertThat(get(second, "/me", cookie).body()).as("the other instance knows the login").isEqualTo("ada");

        first.close();
        first = instance();
        assertThat(get(first, "/me", cookie).body()).as("a restart loses nothing").isEqualTo("ada");
        assertThat(SET_COOKIES).noneMatch(c -> c.startsWith("JSESSIONID"));
    }

    @Test
    void csrfTokenFromOneInstance_isAcceptedByTheOther() throws Exception {
        String cookie = login(first, "ada");
        String token = get(first, "/csrf", cookie).body();

        assertThat(post(second, "/action", cookie, "", token).body()).isEqualTo("done");
        assertThat(post(second, "/action", cookie, "", "not-the-token").statusCode()).isEqualTo(403);
        assertThat(SET_COOKIES).noneMatch(c -> c.startsWith("JSESSIONID"));
    }

    @Test
    void logout_deletesTheRecord_logoutOthers_endsTheUsersOtherSessions() throws Exception {
        String phone = login(first, "ada");
        String laptop = login(second, "ada");
        String bobs = login(second, "bob");

        String token = get(second, "/csrf", laptop).body();
        assertThat(Integer.parseInt(post(second, "/logout-others", laptop, "", token).body()))
                .as("the phone's session, and those of ada's logins in other tests").isPositive();
        assertThat(get(first, "/me", phone).statusCode()).as("ada's phone is logged out").isEqualTo(302);
        assertThat(get(first, "/me", laptop).body()).as("the laptop is still logged in").isEqualTo("ada");
        assertThat(get(first, "/me", bobs).body()).as("bob is not touched").isEqualTo("bob");

        HttpResponse<String> logout = post(first, "/logout", laptop, "", get(first, "/csrf", laptop).body());
        assertThat(logout.statusCode()).isEqualTo(302);
        assertThat(jedis.exists("sess:" + idOf(laptop))).as("logout deleted the record").isFalse();
        assertThat(get(second, "/me", laptop).statusCode()).isEqualTo(302);
        assertThat(SET_COOKIES).noneMatch(c -> c.startsWith("JSESSIONID"));
    }

    /** Redis commands per request: none without a session, one to read a login, none written by reading it. */
    @Test
    void redisCommands_noneUntouched_oneForALoggedInRead() throws Exception {
        String cookie = login(first, "ada");
        get(first, "/me", cookie); // a first read may save what login left (nothing is expected)

        long before = redisCommands();
        get(first, "/public", null);
        long untouched = redisCommands() - before;
        before = redisCommands();
        get(first, "/me", cookie);
        long read = redisCommands() - before;

        assertThat(untouched).isZero();
        assertThat(read).isEqualTo(1);
    }

    @Test
    void errorPages_andDeniedRequests_makeNoContainerSession() throws Exception {
        String cookie = login(first, "ada");

        assertThat(get(first, "/no-such-page", cookie).statusCode()).isEqualTo(404);
        assertThat(get(first, "/no-such-page", null).statusCode()).isIn(302, 401, 403, 404);
        assertThat(post(first, "/action", null, "", null).statusCode()).isIn(302, 401, 403);
        assertThat(SET_COOKIES).noneMatch(c -> c.startsWith("JSESSIONID"));
    }
}
