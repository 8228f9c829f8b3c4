package dev.sessionkit.examples.javalin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkit.CookieSigner;
import dev.sessionkit.store.redis.RedisSessionStore;
import dev.sessionkit.testsupport.redis.RedisServers;
import io.javalin.Javalin;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * The demo on a real Redis, with the records edited behind its back as a compromised or careless other service
 * would: an expired session is never served and its key is deleted, a record cannot weaken the cookie, and data of
 * a foreign type is no 500. And the two lifetimes and "Your sessions" of issue 12: a session created 13 hours ago is
 * over, whatever its cookie says; one login ends the other logins of the same name.
 */
class DemoRedisTest {

    private static final String SECRET = "demo redis test secret of 32+ characters";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String prefix = "demo-test-" + UUID.randomUUID() + ":";
    private RedisClient redis;
    private RedisSessionStore store;
    private Javalin app;
    private String base;

    @BeforeEach
    void start() {
        URI uri = RedisServers.standalone();
        redis = RedisClient.create(uri);
        store = RedisSessionStore.builder(uri.toString()).prefix(prefix).build();
        app = DemoApp.start(0, SECRET, store, "Redis", false);
        base = "http://127.0.0.1:" + app.port();
    }

    @AfterEach
    void stop() {
        app.stop();
        store.facets().enumeration().orElseThrow().clear();
        store.close();
        redis.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String cookie) throws Exception {
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Logs in as {@code name} and returns the session's cookie pair. */
    private String login(String name) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=" + name)), null);
        assertThat(response.statusCode()).isEqualTo(303);
        String header = response.headers().firstValue("Set-Cookie").orElseThrow();
        return header.substring(0, header.indexOf(';'));
    }

    private HttpResponse<String> page(String cookie) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + "/")), cookie);
    }

    private String key(String cookie) {
        String value = URLDecoder.decode(cookie.substring(cookie.indexOf('=') + 1), StandardCharsets.UTF_8);
        return prefix + CookieSigner.of(SECRET).unsign(value.substring(2)).orElseThrow();
    }

    /** Rewrites the stored record as another writer would, keeping its time-to-live. */
    private void edit(String key, String from, String to) {
        String json = redis.get(key);
        assertThat(json).contains(from);
        long ttl = redis.ttl(key);
        redis.setex(key, ttl, json.replace(from, to));
    }

    @Test
    void recordWhoseExpiryIsInThePast_givesTheLoginPage_andItsKeyIsGone() throws Exception {
        String cookie = login("ada");
        String key = key(cookie);
        String expires = redis.get(key).replaceAll(".*\"expires\":\"([^\"]+)\".*", "$1");

        edit(key, expires, "2001-01-01T00:00:00.000Z");
        HttpResponse<String> response = page(cookie);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("id=\"login\"").doesNotContain("ada");
        assertThat(redis.exists(key)).as("the expired record is deleted").isFalse();
    }

    @Test
    void recordEditedToWeakenTheCookie_nextSetCookieStillHttpOnlyAndLax() throws Exception {
        String cookie = login("bo");
        String key = key(cookie);

        edit(key, "\"httpOnly\":true,\"path\":\"/\",\"sameSite\":\"lax\"",
                "\"httpOnly\":false,\"path\":\"/\",\"sameSite\":\"none\"");
        HttpResponse<String> response = page(cookie);

        assertThat(response.body()).contains("bo");
        String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).contains("; HttpOnly").endsWith("; SameSite=Lax");
        assertThat(redis.get(key)).contains("\"httpOnly\":true").contains("\"sameSite\":\"lax\"");
    }

    @Test
    void recordWhoseUserIsAnArray_givesNo500() throws Exception {
        String cookie = login("cy");
        String key = key(cookie);

        edit(key, "\"user\":\"cy\"", "\"user\":[\"cy\",\"admin\"]");
        HttpResponse<String> response = page(cookie);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("id=\"login\"");
    }

    @Test
    void loggedInTwiceAsTheSameName_logoutOthersWithTheFirst_secondShowsTheLoginPage() throws Exception {
        String first = login("dee");
        String second = login("dee");
        assertThat(page(second).body()).contains("Hello, dee");
        assertThat(redis.zrange("principals:" + prefix + "{dee}", 0, -1)).as("the index of the principal")
                .containsExactlyInAnyOrder(key(first).substring(prefix.length()), key(second).substring(prefix.length()));

        HttpResponse<String> ended = send(HttpRequest.newBuilder(URI.create(base + "/sessions/logout-others"))
                .POST(HttpRequest.BodyPublishers.noBody()), first);

        assertThat(ended.statusCode()).isEqualTo(303);
        assertThat(page(second).body()).contains("id=\"login\"").doesNotContain("dee");
        assertThat(redis.exists(key(second))).isFalse();
        assertThat(page(first).body()).contains("Hello, dee");
    }

    @Test
    void sessionCreatedThirteenHoursAgo_givesTheLoginPage_andItsKeyIsGone() throws Exception {
        String cookie = login("eve");
        String key = key(cookie);
        String created = redis.get(key).replaceAll(".*\"__sessionkit\":\\{\"created\":\"([^\"]+)\".*", "$1");
        String thirteenHoursBack = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
                .withZone(ZoneOffset.UTC).format(Instant.parse(created).minus(Duration.ofHours(13)));

        edit(key, "\"created\":\"" + created + "\"", "\"created\":\"" + thirteenHoursBack + "\"");
        // The absolute timeout counts from the login, which the demo's login records as well.
        String loggedIn = redis.get(key).replaceAll(".*\"authenticated\":\"([^\"]+)\".*", "$1");
        edit(key, "\"authenticated\":\"" + loggedIn + "\"", "\"authenticated\":\"" + thirteenHoursBack + "\"");
        assertThat(redis.ttl(key)).as("nothing else changed: the key still lives").isPositive();
        HttpResponse<String> response = page(cookie);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("id=\"login\"").doesNotContain("eve");
        assertThat(redis.exists(key)).as("the session over its absolute timeout is deleted").isFalse();
    }

    private HttpResponse<String> post(String path, String form, String cookie) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)), cookie);
    }

    private static String cookieOf(HttpResponse<String> response, String otherwise) {
        return response.headers().firstValue("Set-Cookie").map(h -> h.substring(0, h.indexOf(';'))).orElse(otherwise);
    }

    private String field(String key, String name) {
        return redis.get(key).replaceAll(".*\"" + name + "\":\"([^\"]+)\".*", "$1");
    }

    private static String isoMinus(String iso, Duration back) {
        return DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC)
                .format(Instant.parse(iso).minus(back));
    }

    /** Issue 25, finding 1: a regenerate that kept the login used to restart its 12 hours. */
    @Test
    void regenerate_keepsTheLoginsTwelveHours() throws Exception {
        String cookie = login("gil");
        String loggedIn = field(key(cookie), "authenticated");

        String regenerated = cookieOf(post("/regenerate", "", cookie), null);

        assertThat(key(regenerated)).isNotEqualTo(key(cookie));
        assertThat(field(key(regenerated), "authenticated")).as("the login's time moved with the session")
                .isEqualTo(loggedIn);
        String aged = isoMinus(loggedIn, Duration.ofHours(12).plusMinutes(1));
        edit(key(regenerated), "\"authenticated\":\"" + loggedIn + "\"", "\"authenticated\":\"" + aged + "\"");
        assertThat(page(regenerated).body()).as("12 h and 1 min after the login").contains("id=\"login\"")
                .doesNotContain("gil");
    }

    /** Issue 25, finding 2: 1,000 regenerates of one session pushed another out of the index. */
    @Test
    void aThousandRegenerates_doNotHideASessionFromLogoutOthers() throws Exception {
        String first = login("hal");
        String busy = login("hal");
        for (int i = 0; i < 1_000; i++) {
            HttpResponse<String> regenerated = post("/regenerate", "", busy);
            assertThat(regenerated.statusCode()).as("regenerate %d", i).isEqualTo(303);
            busy = cookieOf(regenerated, busy);
        }
        String third = login("hal");

        assertThat(post("/sessions/logout-others", "", third).statusCode()).isEqualTo(303);

        assertThat(page(first).body()).as("the first session, behind 1,000 regenerates").contains("id=\"login\"");
        assertThat(page(busy).body()).contains("id=\"login\"");
        assertThat(page(third).body()).contains("Hello, hal");
        assertThat(redis.zcard("principals:" + prefix + "{hal}")).as("no entry of an ended session left")
                .isEqualTo(1);
    }

    /** Issue 25, recent authentication: changing the name needs a login from the last 5 minutes. */
    @Test
    void changingTheName_withAnOldLogin_asksToConfirm_thenWorks() throws Exception {
        String cookie = login("ivy");
        assertThat(post("/name", "name=Ivy", cookie).statusCode()).as("just logged in").isEqualTo(303);
        String loggedIn = field(key(cookie), "authenticated");
        edit(key(cookie), "\"authenticated\":\"" + loggedIn + "\"",
                "\"authenticated\":\"" + isoMinus(loggedIn, Duration.ofMinutes(6)) + "\"");

        HttpResponse<String> refused = post("/name", "name=Ivo", cookie);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("id=\"confirm\"");
        assertThat(post("/confirm", "name=someone-else", cookie).statusCode()).isEqualTo(403);
        assertThat(post("/confirm", "name=ivy", cookie).statusCode()).isEqualTo(303);
        assertThat(post("/name", "name=Ivo", cookie).statusCode()).isEqualTo(303);

        assertThat(page(cookie).body()).contains("Hello, Ivo");
    }

    @Test
    void fiveParallelClients_fourPagesEach_raiseVisitsByExactlyTwenty() throws Exception {
        String cookie = login("fay");
        assertThat(page(cookie).body()).contains("id=\"visits\">1<");
        ExecutorService clients = Executors.newFixedThreadPool(5);
        try {
            List<Future<List<Integer>>> statuses = new ArrayList<>();
            for (int client = 0; client < 5; client++) {
                statuses.add(clients.submit(() -> {
                    List<Integer> seen = new ArrayList<>();
                    for (int request = 0; request < 4; request++) {
                        seen.add(page(cookie).statusCode());
                    }
                    return seen;
                }));
            }
            for (Future<List<Integer>> client : statuses) {
                assertThat(client.get(60, TimeUnit.SECONDS)).containsExactly(200, 200, 200, 200);
            }
        } finally {
            clients.shutdownNow();
        }

        assertThat(redis.get(key(cookie))).contains("\"visits\":21");
    }
}
