package dev.sessionkit.springtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkit.store.SessionStore;
import dev.sessionkit.store.caffeine.CaffeineSessionStore;
import dev.sessionkit.store.redis.RedisSessionStore;
import dev.sessionkit.testsupport.redis.LocalRedis;
import dev.sessionkit.testsupport.redis.RedisServers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import redis.clients.jedis.Jedis;

/**
 * A Spring Boot application with Spring Security and nothing of SessionKit's but the starter's auto-configuration and
 * {@code sessionkit.secret}: its logins live in SessionKit (in memory), and with {@code sessionkit.redis.url} in
 * Redis, where they survive a restart.
 */
class FreshApplicationTest {

    private final LocalRedis redis = RedisServers.start();
    private final List<ConfigurableApplicationContext> apps = new ArrayList<>();
    private final SpringClient browser = new SpringClient();

    private ConfigurableApplicationContext start(String... properties) {
        List<String> all = new ArrayList<>(List.of("test.counting-store=false"));
        all.addAll(List.of(properties));
        ConfigurableApplicationContext app = SpringClient.start(redis.uri(), all.toArray(String[]::new));
        apps.add(app);
        return app;
    }

    @AfterEach
    void stop() {
        apps.forEach(ConfigurableApplicationContext::close);
        redis.close();
    }

    @Test
    void onlyTheSecret_loginsInSessionKitsMemory_noJsessionid() throws Exception {
        ConfigurableApplicationContext app = start();

        String cookie = browser.login(app, "ada");

        assertThat(app.getBean(SessionStore.class)).isInstanceOf(CaffeineSessionStore.class);
        assertThat(browser.get(app, "/me", cookie).body()).isEqualTo("ada");
        assertThat(browser.noContainerSession()).as("%s", browser.setCookies).isTrue();
    }

    @Test
    void withTheRedisProperty_theLoginSurvivesARestart() throws Exception {
        String url = "sessionkit.redis.url=" + redis.uri();
        ConfigurableApplicationContext app = start(url);
        String cookie = browser.login(app, "ada");
        app.close();

        ConfigurableApplicationContext restarted = start(url);

        assertThat(restarted.getBean(SessionStore.class)).isInstanceOf(RedisSessionStore.class);
        assertThat(browser.get(restarted, "/me", cookie).body()).isEqualTo("ada");
        try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
            assertThat(jedis.get("sess:" + SpringClient.idOf(cookie))).contains("SPRING_SECURITY_CONTEXT")
                    .contains("\"principal\":\"ada\"");
        }
        assertThat(browser.noContainerSession()).isTrue();
    }
}
