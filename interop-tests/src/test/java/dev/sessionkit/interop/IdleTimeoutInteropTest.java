package dev.sessionkit.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkit.CookieOptions;
import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionContext;
import dev.sessionkit.SessionData;
import dev.sessionkit.SessionManager;
import dev.sessionkit.store.redis.RedisSessionStore;
import dev.sessionkit.testkit.InMemoryExchange;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 25, finding 3: SessionKit enforces its idle timeout through the store's time-to-live, and a Node touch set
 * it from the cookie's lifetime (12 h) instead. With connect-redis's {@code ttl} as the README gives it, express's
 * touches and saves keep SessionKit's idle timeout and absolute deadline; with connect-redis's default they do not,
 * which is why the README asks for the setting.
 */
@ExtendWith(NodeEnvironment.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class IdleTimeoutInteropTest {

    private static final Duration IDLE = Duration.ofMinutes(30);
    private static final Duration ABSOLUTE = Duration.ofHours(12);

    static RedisView redis;
    static NodeServer plain;
    static NodeServer keeping;
    static RedisSessionStore store;
    static SessionManager<SessionData> java;

    @BeforeAll
    static void start() {
        redis = new RedisView();
        plain = NodeServer.express(List.of(Secrets.SHARED));
        keeping = NodeServer.expressKeepingLifetimes(List.of(Secrets.SHARED), IDLE, ABSOLUTE);
        store = RedisSessionStore.builder(NodeEnvironment.redisUri()).build();
        java = SessionManager.create(SessionConfig.builder().store(store).secrets(List.of(Secrets.SHARED))
                .cookie(CookieOptions.builder().maxAge(ABSOLUTE).build())
                .idleTimeout(IDLE).absoluteTimeout(ABSOLUTE).build());
    }

    @AfterAll
    @SuppressWarnings("try") // the resources are only closed
    static void stop() throws Exception {
        try (RedisView r = redis; NodeServer p = plain; NodeServer k = keeping; RedisSessionStore s = store) {
            // closed in reverse order, each even if another fails
        }
    }

    /** A login on the Java side, as a SessionKit application makes it. */
    private static SignedCookie javaLogin(String user) {
        InMemoryExchange exchange = new InMemoryExchange();
        SessionContext<SessionData> context = java.open(exchange);
        context.session().regenerate();
        context.session().principal(user);
        context.session().data().put("user", user);
        context.session().save();
        assertThat(context.end(false)).isEmpty();
        String setCookie = exchange.setCookie();
        return new SignedCookie(setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';')));
    }

    @Test
    void expressTouch_withTheReadmesTtl_keepsTheIdleTimeout_withTheDefault_liftsItToTheCookiesLifetime() {
        SignedCookie kept = javaLogin("Ada");
        SignedCookie lifted = javaLogin("Bo");
        assertThat(redis.ttl(kept.key())).as("SessionKit's idle timeout").isBetween(1L, IDLE.toSeconds());

        assertThat(Http.get(keeping.baseUri(), "/whoami", kept).ok()).isEqualTo("Ada");
        assertThat(Http.get(plain.baseUri(), "/whoami", lifted).ok()).isEqualTo("Bo");

        assertThat(redis.ttl(kept.key())).as("express touched it within the idle timeout")
                .isBetween(IDLE.toSeconds() - 5, IDLE.toSeconds());
        assertThat(redis.ttl(lifted.key())).as("connect-redis's default: the cookie's 12 hours")
                .isGreaterThan(ABSOLUTE.toSeconds() - 60);
    }

    @Test
    void expressSave_withTheReadmesTtl_keepsTheIdleTimeout() {
        SignedCookie cookie = javaLogin("Cy");

        assertThat(Http.get(keeping.baseUri(), "/views", cookie).ok()).isEqualTo("1");

        assertThat(redis.ttl(cookie.key())).isBetween(IDLE.toSeconds() - 5, IDLE.toSeconds());
        assertThat(redis.record(cookie.key()).get(RecordAssertions.META).has("authenticated"))
                .as("the login's time survives express's save").isTrue();
    }
}
