package dev.sessionkit.springtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkit.SessionData;
import dev.sessionkit.SessionManager;
import dev.sessionkit.testsupport.redis.LocalRedis;
import dev.sessionkit.testsupport.redis.RedisServers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Spring Security's {@code maximumSessions(1)} across two instances on one Redis, on SessionKit's SessionRegistry and
 * its own atomic limit ({@code sessionkit.session-limit}): the second login ends the first, or is refused.
 */
class MaximumSessionsTest {

    private final LocalRedis redis = RedisServers.start();
    private final List<ConfigurableApplicationContext> apps = new ArrayList<>();
    private final SpringClient browser = new SpringClient();

    private ConfigurableApplicationContext start(String... properties) {
        ConfigurableApplicationContext app = SpringClient.start(redis.uri(), properties);
        apps.add(app);
        return app;
    }

    @AfterEach
    void stop() {
        apps.forEach(ConfigurableApplicationContext::close);
        redis.close();
    }

    @SuppressWarnings("unchecked")
    private static int sessionsOf(ConfigurableApplicationContext app, String principal) {
        return ((SessionManager<SessionData>) app.getBean(SessionManager.class)).sessionsOf(principal).size();
    }

    @Test
    void maximumOne_theSecondLoginOnTheOtherInstance_endsTheFirst() throws Exception {
        ConfigurableApplicationContext one = start("test.max-sessions=1", "sessionkit.session-limit=1");
        ConfigurableApplicationContext two = start("test.max-sessions=1", "sessionkit.session-limit=1");

        String first = browser.login(one, "ada");
        String second = browser.login(two, "ada");

        assertThat(browser.get(one, "/me", first).statusCode()).as("the first login was ended").isEqualTo(302);
        assertThat(browser.get(one, "/me", second).body()).isEqualTo("ada");
        assertThat(sessionsOf(two, "ada")).isEqualTo(1);
        assertThat(browser.noContainerSession()).isTrue();
    }

    @Test
    void maximumOne_preventingLogin_theSecondLoginIsRefused_theFirstStays() throws Exception {
        ConfigurableApplicationContext one = start("test.max-sessions=1", "test.prevent-login=true",
                "sessionkit.session-limit=1 refuse-new");
        ConfigurableApplicationContext two = start("test.max-sessions=1", "test.prevent-login=true",
                "sessionkit.session-limit=1 refuse-new");
        String first = browser.login(one, "ada");

        HttpResponse<String> refused = browser.tryLogin(two, "ada");

        assertThat(refused.headers().firstValue("Location").orElse("")).contains("/login?error");
        assertThat(browser.get(two, "/me", first).body()).as("the first login stays").isEqualTo("ada");
        assertThat(sessionsOf(one, "ada")).isEqualTo(1);
    }

    /** Eight logins at once on two instances: Spring Security's count cannot stop them all, SessionKit's limit does. */
    @Test
    void parallelLogins_neverMoreThanTheLimit() throws Exception {
        ConfigurableApplicationContext one = start("test.max-sessions=1", "test.prevent-login=true",
                "sessionkit.session-limit=1 refuse-new");
        ConfigurableApplicationContext two = start("test.max-sessions=1", "test.prevent-login=true",
                "sessionkit.session-limit=1 refuse-new");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> logins = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ConfigurableApplicationContext app = i % 2 == 0 ? one : two;
                logins.add(() -> browser.tryLogin(app, "ada").statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> login : pool.invokeAll(logins)) {
                statuses.add(login.get());
            }
            assertThat(statuses).as("each login answered, none with a 5xx").allMatch(status -> status < 500);
        } finally {
            pool.shutdownNow();
        }

        assertThat(sessionsOf(one, "ada")).isEqualTo(1);
    }
}
