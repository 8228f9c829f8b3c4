package dev.sessionkit.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkit.CookieSigner;
import dev.sessionkit.testsupport.redis.RedisServers;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.context.ConfigurableApplicationContext;
import redis.clients.jedis.RedisClient;

/**
 * The demo with {@code REDIS_URL} set, on a real Redis: the login is a JSON record in Redis (connect-redis's
 * {@code sess:} keys), and it survives a restart of the demo, counter included.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DemoRedisTest {

    private ConfigurableApplicationContext app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void loginSurvivesARestart_asAJsonRecordInRedis() throws Exception {
        URI redis = RedisServers.standalone();
        Map<String, String> environment = Map.of("REDIS_URL", redis.toString(), "SESSION_SECRET", DemoAppTest.SECRET);
        app = DemoAppTest.start(environment);
        DemoClient browser = new DemoClient(app);
        HttpResponse<String> home = browser.login("ada", "lovelace-demo");
        assertThat(home.body()).contains("Hello, ada").contains("Sessions in Redis");
        assertThat(DemoClient.visits(home)).isEqualTo(1);
        assertThat(DemoClient.visits(browser.get("/"))).isEqualTo(2);

        String cookie = URLDecoder.decode(browser.sessionCookie(), StandardCharsets.UTF_8);
        String id = CookieSigner.of(DemoAppTest.SECRET).unsign(cookie.substring(2)).orElseThrow();
        try (RedisClient jedis = RedisClient.create(redis)) {
            assertThat(jedis.get("sess:" + id)).contains("\"visits\":2").contains("\"username\":\"ada\"")
                    .contains("SPRING_SECURITY_CONTEXT").doesNotContain("lovelace-demo");
        }

        app.close();
        app = DemoAppTest.start(environment);
        browser.use(app);
        HttpResponse<String> again = browser.get("/");
        assertThat(again.uri().getPath()).as("still logged in after the restart").isEqualTo("/");
        assertThat(again.body()).contains("Hello, ada");
        assertThat(DemoClient.visits(again)).isEqualTo(3);
        assertThat(browser.setCookieNames()).as("no JSESSIONID").containsExactly("connect.sid");
    }
}
