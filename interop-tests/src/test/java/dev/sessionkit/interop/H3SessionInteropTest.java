package dev.sessionkit.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.CookieSigner;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Scenario 3: h3 1.15 with @scayle/h3-session 0.6.1 on unstorage's redis driver, sharing sessions with SessionKit.
 *
 * <p>What the real packages do: h3-session's {@code UnstorageSessionStore} keys a session as
 * {@code <prefix>:<id>} (prefix {@code sess}), and unstorage's redis driver without {@code base} adds nothing, so
 * the key is {@code sess:<id>}, as connect-redis's. It stores the data alone ({@code {"user":…}}, no
 * {@code cookie}) with a fixed time-to-live (one day by default), and on every load rewrites the whole record
 * ({@code touch} = {@code set}). SessionKit reads that shape; when it writes the session back, the record gets
 * express-session's shape ({@code cookie} first), which h3-session still reads (the {@code cookie} object becomes
 * one more data field to it) and which express-session can now read too.
 */
@ExtendWith(NodeEnvironment.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class H3SessionInteropTest {

    private static final long ONE_DAY = 86_400;

    private static RedisView redis;
    private static NodeServer h3;
    private static NodeServer express;
    private static JavaServers java;

    @BeforeAll
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    static void start() throws Exception {
        redis = new RedisView();
        h3 = NodeServer.h3(List.of(Secrets.SHARED));
        express = NodeServer.express(List.of(Secrets.SHARED));
        java = JavaServers.start(List.of(Secrets.SHARED));
    }

    @AfterAll
    @SuppressWarnings("try") // the resources are only closed
    static void stop() throws Exception {
        try (RedisView r = redis; NodeServer h = h3; NodeServer e = express; JavaServers j = java) {
            // closed in reverse order, each even if another fails
        }
    }

    @ParameterizedTest
    @EnumSource(JavaSide.class)
    void javaSession_readAndChangedByH3_javaSeesTheChange(JavaSide side) {
        URI node = h3.baseUri();
        URI javaSide = java.uri(side);
        String user = "Hana 花 " + side;
        Http.Reply login = Http.get(javaSide, Http.path("/login", "user", user));
        SignedCookie cookie = login.cookie();
        String stored = redis.get(cookie.key());

        assertThat(Http.get(node, "/whoami", cookie).ok()).isEqualTo(user);
        assertThat(Http.get(node, "/id", cookie).ok()).isEqualTo(login.ok());
        assertThat(redis.get(cookie.key())).as("h3-session's touch rewrote the record as it read it")
                .isEqualTo(stored);
        RecordAssertions.assertExpressShape(redis, cookie, "user");

        Http.get(node, Http.path("/set", "key", "from", "value", "h3 ✓"), cookie).ok();
        JsonNode changed = RecordAssertions.assertExpressShape(redis, cookie, "user", "from");
        assertThat(changed.get("cookie")).as("h3-session keeps the cookie object, as data")
                .isEqualTo(Json.read(stored).get("cookie"));
        assertThat(changed.get(RecordAssertions.META)).as("and SessionKit's field, as data")
                .isEqualTo(Json.read(stored).get(RecordAssertions.META));
        assertThat(Json.read(Http.get(node, "/data", cookie).ok()).get("cookie"))
                .as("to h3-session, SessionKit's cookie object is one more data field").isNotNull();

        assertThat(Json.read(Http.get(javaSide, "/data", cookie).ok()))
                .isEqualTo(Json.object("user", user, "from", "h3 ✓"));
    }

    @ParameterizedTest
    @EnumSource(JavaSide.class)
    void h3Session_withoutCookie_readByJava_writtenBackInExpressShape_stillReadByH3(JavaSide side) {
        URI node = h3.baseUri();
        URI javaSide = java.uri(side);
        String user = "Hiro 🍣 " + side;
        Http.Reply login = Http.get(node, Http.path("/login", "user", user));
        SignedCookie cookie = login.cookie();
        String id = login.ok();
        assertThat(cookie.id()).isEqualTo(id);
        assertThat(cookie.signed()).as("h3-session signs in cookie-signature's format")
                .isEqualTo(CookieSigner.sign(id, Secrets.SHARED));

        assertThat(redis.keysContaining(id)).as("h3-session + unstorage's key layout").containsExactly("sess:" + id);
        assertThat(Json.read(redis.get(cookie.key()))).as("h3-session stores the data alone")
                .isEqualTo(Json.object("user", user));
        assertThat(redis.ttl(cookie.key())).as("h3-session's default time-to-live").isBetween(ONE_DAY - 10, ONE_DAY);
        assertThat(Http.get(express.baseUri(), "/whoami", cookie).status())
                .as("express-session cannot read a record without cookie").isEqualTo(500);

        assertThat(Http.get(javaSide, "/whoami", cookie).ok()).isEqualTo(user);
        assertThat(Http.get(javaSide, "/id", cookie).ok()).as("the same session, not a new one").isEqualTo(id);
        assertThat(Json.read(redis.get(cookie.key()))).as("a read never rewrites the record")
                .isEqualTo(Json.object("user", user));

        Http.get(javaSide, Http.path("/set", "key", "cart", "value", "3 items"), cookie).ok();
        JsonNode record = RecordAssertions.assertExpressShape(redis, cookie, "user", "cart");
        assertThat(record.get("cookie").get("originalMaxAge").asLong()).as("SessionKit's configured cookie")
                .isEqualTo(JavaSide.MAX_AGE.toMillis());

        assertThat(Http.get(node, "/whoami", cookie).ok()).as("h3-session reads express's shape").isEqualTo(user);
        JsonNode h3Data = Json.read(Http.get(node, "/data", cookie).ok());
        assertThat(h3Data.get("cart").asText()).isEqualTo("3 items");
        assertThat(Json.fieldNames(h3Data)).containsExactly("cookie", RecordAssertions.META, "user", "cart");
        assertThat(Http.get(express.baseUri(), "/whoami", cookie).ok()).as("and now express-session can read it")
                .isEqualTo(user);
        assertThat(Http.get(javaSide, "/whoami", cookie).ok()).isEqualTo(user);
    }

    @Test
    void h3DefaultTtl_readsSessionKitRecord_setsTimeToLiveToOneDayWhateverTheCookieSays() {
        try (NodeServer fixed = NodeServer.h3WithFixedTtl(List.of(Secrets.SHARED))) {
            Http.Reply login = Http.get(java.uri(JavaSide.JAVALIN), Http.path("/login", "user", "Kai"));
            SignedCookie cookie = login.cookie();
            RecordAssertions.assertExpressShape(redis, cookie, "user");

            assertThat(Http.get(fixed.baseUri(), "/whoami", cookie).ok()).isEqualTo("Kai");
            assertThat(redis.ttl(cookie.key()))
                    .as("with h3-session's own ttl (86400 s), its touch outlives the 2 h cookie: configure a ttl "
                            + "function, as the README says")
                    .isBetween(ONE_DAY - 10, ONE_DAY);
        }
    }
}
