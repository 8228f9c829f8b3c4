package dev.sessionkit.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkit.springtest.SpringClient;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Security 7 form login made through SessionKit's HttpSession, then a request to a Node service (express 5,
 * express-session and connect-redis from npm) that changes and saves the same session: the login, which express
 * rewrote as it parsed it, still authenticates in Java, and express sees what Java stored.
 */
@ExtendWith(NodeEnvironment.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SpringSecurityLoginInteropTest {

    private static NodeServer express;
    private static ConfigurableApplicationContext spring;
    private static RedisView redis;
    private final SpringClient browser = new SpringClient();

    @BeforeAll
    static void start() {
        redis = new RedisView();
        express = NodeServer.express(List.of(SpringClient.secret()));
        spring = SpringClient.start(NodeEnvironment.redisUri());
    }

    @AfterAll
    @SuppressWarnings("try") // the resources are only closed
    static void stop() throws Exception {
        try (RedisView r = redis; NodeServer e = express; AutoCloseable s = spring) {
            // closed in reverse order, each even if another fails
        }
    }

    @Test
    void springLogin_savedBackByExpress_stillAuthenticatesInJava() throws Exception {
        String cookie = browser.login(spring, "ada");
        SignedCookie signed = new SignedCookie(cookie.substring(SignedCookie.NAME.length() + 1));
        String before = redis.get(signed.key());

        assertThat(Http.get(express.baseUri(), "/views", signed).ok()).as("express changed and saved it")
                .isEqualTo("1");
        String after = redis.get(signed.key());
        assertThat(after).as("written again by express").isNotEqualTo(before).contains("\"views\":1")
                .contains("org.springframework.security.core.context.SecurityContextImpl");

        assertThat(browser.get(spring, "/me", cookie).body()).as("still logged in on the Java side").isEqualTo("ada");
        assertThat(browser.get(spring, "/remember?theme=dark", cookie).body()).isEqualTo("dark");
        assertThat(Http.get(express.baseUri(), "/data", signed).ok()).contains("\"theme\":\"dark\"")
                .contains("\"views\":1");
        assertThat(browser.noContainerSession()).isTrue();
    }
}
