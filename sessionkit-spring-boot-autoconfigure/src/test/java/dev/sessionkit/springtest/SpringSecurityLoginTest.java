package dev.sessionkit.springtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkit.testkit.RecordingSessionStore;
import dev.sessionkit.testsupport.redis.LocalRedis;
import dev.sessionkit.testsupport.redis.RedisServers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import redis.clients.jedis.Jedis;

/**
 * Spring Security 7's form login behind SessionKit's filter, two instances of a Spring Boot application on real ports
 * sharing one real Redis: the login, its CSRF token and its saved request live in the SessionKit record as JSON, never
 * in a container session.
 */
class SpringSecurityLoginTest {

    private static final String ACTUATOR = "management.endpoints.web.exposure.include=sessionkit";

    private static LocalRedis redis;
    private static Jedis jedis;
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;
    private static final SpringClient BROWSER = new SpringClient();

    @BeforeAll
    static void start() {
        redis = RedisServers.start();
        jedis = new Jedis(redis.host(), redis.port());
        first = SpringClient.start(redis.uri(), ACTUATOR);
        second = SpringClient.start(redis.uri(), ACTUATOR);
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

    private static HttpResponse<String> get(ConfigurableApplicationContext app, String path, String cookie)
            throws Exception {
        return BROWSER.get(app, path, cookie);
    }

    private static HttpResponse<String> post(ConfigurableApplicationContext app, String path, String cookie,
                                             String form, String csrfHeader) throws Exception {
        return BROWSER.post(app, path, cookie, form, csrfHeader);
    }

    private static String idOf(String cookie) {
        return SpringClient.idOf(cookie);
    }

    /** Logs in, and checks that the pre-login record is gone from Redis. */
    private static String login(ConfigurableApplicationContext app, String user) throws Exception {
        HttpResponse<String> before = get(app, "/public", null);
        assertThat(before.statusCode()).isEqualTo(200);
        String cookie = BROWSER.login(app, user);
        assertThat(jedis.exists("sess:" + idOf(cookie))).isTrue();
        return cookie;
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
        first = SpringClient.start(redis.uri(), ACTUATOR);
        assertThat(get(first, "/me", cookie).body()).as("a restart loses nothing").isEqualTo("ada");
        assertThat(BROWSER.noContainerSession()).as("%s", BROWSER.setCookies).isTrue();
    }

    @Test
    void csrfTokenFromOneInstance_isAcceptedByTheOther() throws Exception {
        String cookie = login(first, "ada");
        String token = get(first, "/csrf", cookie).body();

        assertThat(post(second, "/action", cookie, "", token).body()).isEqualTo("done");
        assertThat(post(second, "/action", cookie, "", "not-the-token").statusCode()).isEqualTo(403);
        assertThat(BROWSER.noContainerSession()).as("%s", BROWSER.setCookies).isTrue();
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
        assertThat(BROWSER.noContainerSession()).as("%s", BROWSER.setCookies).isTrue();
    }

    /**
     * Store calls per request, each one Redis round trip: none without a session, one to read a login (Redis counts
     * one command), two to change it (Redis counts the script's own GET and SET besides GETEX and EVALSHA).
     */
    @Test
    void roundTrips_noneUntouched_oneForALoggedInRead_twoForAChange() throws Exception {
        String cookie = login(first, "ada");
        get(first, "/me", cookie); // a first read may save what login left (nothing is expected)
        RecordingSessionStore store = first.getBean(RecordingSessionStore.class);
        List<List<String>> calls = new ArrayList<>();
        List<Long> commands = new ArrayList<>();
        for (String path : List.of("/public", "/me", "/remember?theme=dark")) {
            store.reset();
            long before = redisCommands();
            assertThat(get(first, path, path.equals("/public") ? null : cookie).statusCode()).isEqualTo(200);
            commands.add(redisCommands() - before);
            calls.add(store.operations());
        }

        assertThat(calls).containsExactly(List.of(), List.of("getAndTouch"), List.of("getAndTouch", "replace"));
        assertThat(commands.subList(0, 2)).as("Redis's count").containsExactly(0L, 1L);
        assertThat(jedis.get("sess:" + idOf(cookie))).contains("\"theme\":\"dark\"");
    }

    @Test
    void errorPages_andDeniedRequests_makeNoContainerSession() throws Exception {
        String cookie = login(first, "ada");

        assertThat(get(first, "/no-such-page", cookie).statusCode()).isEqualTo(404);
        assertThat(get(first, "/no-such-page", null).statusCode()).isIn(302, 401, 403, 404);
        assertThat(post(first, "/action", null, "", null).statusCode()).isIn(302, 401, 403);
        assertThat(BROWSER.noContainerSession()).as("%s", BROWSER.setCookies).isTrue();
    }

    /** The Actuator endpoint, behind the application's own security: lists bob's sessions and ends one. */
    @Test
    void actuatorEndpoint_listsAPrincipalsSessions_andEndsOne() throws Exception {
        String phone = login(first, "bob");
        String laptop = login(second, "bob");
        String admin = login(first, "ada");

        HttpResponse<String> listed = get(first, "/actuator/sessionkit/bob", admin);
        assertThat(listed.statusCode()).isEqualTo(200);
        String phonePrefix = idOf(phone).substring(0, 8);
        assertThat(listed.body()).contains("\"principal\":\"bob\"").contains("\"id\":\"" + phonePrefix + "\"")
                .contains("\"id\":\"" + idOf(laptop).substring(0, 8) + "\"")
                .doesNotContain(idOf(phone)); // never a whole id
        assertThat(get(first, "/actuator/sessionkit/bob", null).statusCode()).as("Actuator's security applies")
                .isEqualTo(302);

        String token = get(first, "/csrf", admin).body();
        HttpResponse<String> ended = BROWSER.send(first, "DELETE", "/actuator/sessionkit/bob/" + phonePrefix, admin,
                "", token);
        assertThat(ended.statusCode()).isIn(200, 204);
        assertThat(get(second, "/me", phone).statusCode()).as("the phone is logged out").isEqualTo(302);
        assertThat(get(second, "/me", laptop).body()).isEqualTo("bob");
        assertThat(get(first, "/actuator/sessionkit/bob", admin).body()).doesNotContain(phonePrefix);
    }
}
