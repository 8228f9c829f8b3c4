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
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 25, finding 5: an express request that loaded the session before a Java logout saves it after the logout
 * (connect-redis's SET has no XX), and the record is back. With the Redis store's tombstones, SessionKit refuses it:
 * the old cookie is logged out on the Java side. Played with the real express-session and connect-redis, the race
 * held at a gate.
 */
@ExtendWith(NodeEnvironment.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LogoutRaceInteropTest {

    static RedisView redis;
    static NodeServer express;
    static RedisSessionStore plainStore;
    static RedisSessionStore tombstoneStore;

    @BeforeAll
    static void start() {
        redis = new RedisView();
        express = NodeServer.express(List.of(Secrets.SHARED));
        plainStore = RedisSessionStore.builder(NodeEnvironment.redisUri()).build();
        tombstoneStore = RedisSessionStore.builder(NodeEnvironment.redisUri()).tombstones(Duration.ofMinutes(5))
                .build();
    }

    @AfterAll
    @SuppressWarnings("try") // the resources are only closed
    static void stop() throws Exception {
        try (RedisView r = redis; NodeServer e = express; RedisSessionStore p = plainStore;
             RedisSessionStore t = tombstoneStore) {
            // closed in reverse order, each even if another fails
        }
    }

    private static SessionManager<SessionData> manager(RedisSessionStore store) {
        return SessionManager.create(SessionConfig.builder().store(store).secrets(List.of(Secrets.SHARED))
                .cookie(CookieOptions.builder().maxAge(Duration.ofHours(1)).build()).build());
    }

    /** One request on the Java side; returns its Set-Cookie value, or {@code null}. */
    private static String request(SessionManager<SessionData> manager, SignedCookie cookie,
                                  Consumer<SessionContext<SessionData>> handler) {
        InMemoryExchange exchange = new InMemoryExchange();
        if (cookie != null) {
            exchange.cookie(cookie.header());
        }
        SessionContext<SessionData> context = manager.open(exchange);
        handler.accept(context);
        assertThat(context.end(false)).isEmpty();
        return exchange.setCookie();
    }

    /** A Java login, an express request holding the session at a gate, the Java logout, then express's save. */
    private static SignedCookie logoutWhileExpressSaves(SessionManager<SessionData> manager) throws Exception {
        String setCookie = request(manager, null, ctx -> {
            ctx.session().regenerate();
            ctx.session().data().put("user", "ada");
            ctx.session().save();
        });
        SignedCookie cookie = new SignedCookie(setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';')));
        String gate = "logout-" + UUID.randomUUID();
        CompletableFuture<Http.Reply> inFlight = CompletableFuture.supplyAsync(() -> Http.get(express.baseUri(),
                "/gated/set?key=cart&value=3&gate=" + gate, cookie));
        Http.get(express.baseUri(), "/gate/await?gate=" + gate).ok();

        request(manager, cookie, ctx -> ctx.session().destroy());
        assertThat(redis.exists(cookie.key())).as("logged out").isFalse();
        Http.get(express.baseUri(), "/gate/release?gate=" + gate).ok();
        inFlight.get(30, TimeUnit.SECONDS).ok();

        assertThat(redis.exists(cookie.key())).as("express's save in flight wrote the session back").isTrue();
        return cookie;
    }

    @Test
    void withTombstones_aLogoutUndoneByAnExpressSaveInFlight_staysLoggedOutOnJava() throws Exception {
        SessionManager<SessionData> manager = manager(tombstoneStore);
        SignedCookie cookie = logoutWhileExpressSaves(manager);

        request(manager, cookie, ctx -> assertThat(ctx.session().data().getString("user"))
                .as("the old cookie after the logout").isEmpty());

        assertThat(redis.exists(cookie.key())).as("what express wrote back is deleted").isFalse();
        assertThat(Http.get(express.baseUri(), "/whoami", cookie).ok()).as("so express sees the logout too")
                .isEqualTo("anonymous");
    }

    @Test
    void withoutTombstones_theLogoutIsUndone_theLimitTheReadmeDocuments() throws Exception {
        SessionManager<SessionData> manager = manager(plainStore);
        SignedCookie cookie = logoutWhileExpressSaves(manager);

        request(manager, cookie, ctx -> assertThat(ctx.session().data().getString("user")).contains("ada"));
    }
}
