package dev.sessionkit.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkit.CookieOptions;
import dev.sessionkit.CookiePriority;
import dev.sessionkit.CookieSigner;
import dev.sessionkit.SameSite;
import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionContext;
import dev.sessionkit.SessionData;
import dev.sessionkit.SessionManager;
import dev.sessionkit.testkit.InMemoryExchange;
import dev.sessionkit.testkit.MutableClock;
import dev.sessionkit.testsupport.redis.RedisServers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

/**
 * The bytes in Redis, through a real {@link SessionManager} request: what the store writes is what express-session
 * with connect-redis writes for the same session (docs/FORMAT.md, sections 2 and 3: key {@code sess:<id>},
 * the cookie's fields in express's order, ISO dates with milliseconds and {@code Z}, non-ASCII text as raw UTF-8,
 * TTL in whole seconds), and records written by Node (connect-redis, or h3-session without {@code cookie}) are read.
 * The expected records are written out literally.
 */
@Timeout(60)
class RedisRecordFormatTest {

    private static final String SECRET = "keyboard cat keyboard cat keyboard cat";

    private static RedisClient client;

    private final List<String> ids = new ArrayList<>();
    private MutableClock clock;
    private SessionManager<SessionData> manager;

    @BeforeAll
    static void connect() {
        client = RedisClient.create(RedisServers.standalone());
    }

    @AfterAll
    static void disconnect() {
        if (client != null) {
            client.close();
        }
    }

    @BeforeEach
    void setUp() {
        clock = MutableClock.fixed();
        configure(cookie -> cookie);
    }

    @AfterEach
    void deleteSessions() {
        for (String id : ids) {
            client.del("sess:" + id);
        }
    }

    private void configure(UnaryOperator<CookieOptions.Builder> cookie) {
        RedisSessionStore store = RedisSessionStore.builder(client).clock(clock).build();
        manager = SessionManager.create(SessionConfig.builder().store(store).secret(SECRET).clock(clock)
                .cookie(cookie.apply(CookieOptions.builder()).build())
                .genid(() -> {
                    String id = "fmt-" + UUID.randomUUID();
                    ids.add(id);
                    return id;
                })
                .build());
    }

    private void request(String cookie, Consumer<SessionContext<SessionData>> handler) {
        InMemoryExchange exchange = new InMemoryExchange();
        if (cookie != null) {
            exchange.cookie(cookie);
        }
        SessionContext<SessionData> context = manager.open(exchange);
        try {
            handler.accept(context);
            context.commit();
        } finally {
            context.end(false);
        }
    }

    private String saveNewSession(Consumer<SessionData> data) {
        String[] id = new String[1];
        request(null, ctx -> {
            data.accept(ctx.session().data());
            ctx.session().save();
            id[0] = ctx.session().id();
        });
        return id[0];
    }

    private static byte[] raw(String id) {
        return client.get(("sess:" + id).getBytes(StandardCharsets.UTF_8));
    }

    private static String cookieFor(String id) {
        return "connect.sid=s:" + CookieSigner.sign(id, SECRET);
    }

    @Test
    void save_everyCookieOption_writesExpressSessionBytes() {
        configure(cookie -> cookie.maxAge(Duration.ofHours(1)).secure(true).httpOnly(true).domain("example.com")
                .path("/app").sameSite(SameSite.LAX).priority(CookiePriority.HIGH).partitioned(true));

        String id = saveNewSession(data -> data.put("user", "Zoë Ørsted").put("greeting", "こんにちは 😀")
                .put("visits", 3).put("roles", List.of("admin", "dev")).put("cart", null));

        // express-session 1.19 + connect-redis 9 with cookie {maxAge: 3600000, secure: true, httpOnly: true,
        // domain: 'example.com', path: '/app', sameSite: 'lax', priority: 'high', partitioned: true} at
        // 2030-01-02T03:04:05Z, after req.session.__sessionkit = {created: <that instant>} (SessionKit's reserved
        // field, which express-session keeps as data), then user = 'Zoë Ørsted', greeting, visits, roles and cart.
        String expected = "{\"cookie\":{\"originalMaxAge\":3600000,\"partitioned\":true,\"priority\":\"high\","
                + "\"expires\":\"2030-01-02T04:04:05.000Z\",\"secure\":true,\"httpOnly\":true,"
                + "\"domain\":\"example.com\",\"path\":\"/app\",\"sameSite\":\"lax\"},"
                + "\"__sessionkit\":{\"created\":\"2030-01-02T03:04:05.000Z\"},"
                + "\"user\":\"Zoë Ørsted\",\"greeting\":\"こんにちは 😀\",\"visits\":3,\"roles\":[\"admin\",\"dev\"],"
                + "\"cart\":null}";
        assertThat(raw(id)).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
        assertThat(new String(raw(id), StandardCharsets.UTF_8)).doesNotContain("\\u");
        assertThat(client.ttl("sess:" + id)).as("seconds until the cookie expires").isBetween(3599L, 3600L);
    }

    @Test
    void save_defaultOptions_writesExpressSessionBytesWithDefaultTtl() {
        String id = saveNewSession(data -> data.put("n", 1));

        // express-session with cookie {secure: true, sameSite: 'lax'} (SessionKit's defaults) and no maxAge.
        assertThat(raw(id)).isEqualTo(("{\"cookie\":{\"originalMaxAge\":null,\"expires\":null,\"secure\":true,"
                + "\"httpOnly\":true,\"path\":\"/\",\"sameSite\":\"lax\"},"
                + "\"__sessionkit\":{\"created\":\"2030-01-02T03:04:05.000Z\"},\"n\":1}").getBytes(StandardCharsets.UTF_8));
        assertThat(client.ttl("sess:" + id)).as("connect-redis's default ttl").isBetween(86_399L, 86_400L);
    }

    @Test
    void load_recordWrittenByConnectRedis_isReadAndTouchedNotRewritten() {
        String id = "fmt-node-" + UUID.randomUUID();
        ids.add(id);
        String written = "{\"cookie\":{\"originalMaxAge\":600000,\"expires\":\"2030-01-02T03:14:05.000Z\","
                + "\"secure\":false,\"httpOnly\":true,\"path\":\"/\"},\"user\":\"Zoë\",\"views\":7}";
        client.set("sess:" + id, written, SetParams.setParams().ex(600));
        String[] read = new String[2];

        request(cookieFor(id), ctx -> {
            read[0] = ctx.session().data().getString("user").orElse(null);
            read[1] = String.valueOf(ctx.session().data().getLong("views").orElse(-1));
        });

        assertThat(read).containsExactly("Zoë", "7");
        assertThat(raw(id)).as("a read-only request does not rewrite the record")
                .isEqualTo(written.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void load_h3SessionRecordWithoutCookie_isReadAndItsTtlExtended() {
        String id = "fmt-h3-" + UUID.randomUUID();
        ids.add(id);
        String written = "{\"user\":\"carol\",\"count\":2}";
        client.set("sess:" + id, written, SetParams.setParams().ex(100));
        Object[] read = new Object[3];

        request(cookieFor(id), ctx -> {
            read[0] = ctx.session().isNew();
            read[1] = ctx.session().data().getString("user").orElse(null);
            read[2] = ctx.session().data().getLong("count").orElse(-1);
        });

        assertThat(read).containsExactly(false, "carol", 2L);
        assertThat(raw(id)).isEqualTo(written.getBytes(StandardCharsets.UTF_8));
        assertThat(client.ttl("sess:" + id)).as("touched on load to the default ttl").isBetween(86_399L, 86_400L);
    }
}
