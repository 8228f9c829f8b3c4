package dev.sessionkit.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.CookieSigner;
import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Scenario 1: a user logs in on the express app (express-session + connect-redis or connect-pg-simple); every
 * SessionKit adapter finds the user with the same cookie, changes the data and saves; express sees the change, and
 * the record keeps express's shape and an expiry in the store (Redis's TTL, the row's {@code expire}) that follows
 * its cookie. Run on each shared store by the classes that implement it.
 */
interface ExpressSessionOnJavaScenarios extends BothSides {

    @ParameterizedTest
    @EnumSource(JavaSide.class)
    default void expressLogin_javaReadsChangesAndSaves_expressSeesTheChangeInItsShape(JavaSide side) {
        URI node = expressUri();
        URI javaSide = javaUri(side);
        String user = "Zoë ✓ " + side;

        Http.Reply login = Http.get(node, Http.path("/login", "user", user));
        String id = login.ok();
        SignedCookie cookie = login.cookie();
        assertThat(cookie.id()).isEqualTo(id);
        assertThat(cookie.signed()).as("express signs with cookie-signature").isEqualTo(
                CookieSigner.sign(id, Secrets.SHARED));
        JsonNode written = RecordAssertions.assertNodeShape(store(), cookie, "user");
        assertThat(written.get("cookie").get("originalMaxAge").asLong()).isEqualTo(3_600_000L);

        assertThat(Http.get(javaSide, "/whoami", cookie).ok()).isEqualTo(user);
        assertThat(Http.get(javaSide, "/id", cookie).ok()).as("the same session, not a new one").isEqualTo(id);
        assertThat(store().secondsLeft(cookie)).as("a read on the Java side extends the session by "
                + "express's 1 h cookie, never SessionKit's configured 2 h").isBetween(3_590L, 3_600L);
        assertThat(store().record(cookie)).as("a read never rewrites the record").isEqualTo(written);

        Http.get(javaSide, Http.path("/set", "key", "lang", "value", "日本語"), cookie).ok();
        assertThat(Http.get(javaSide, "/views", cookie).ok()).isEqualTo("1");
        JsonNode rewritten = RecordAssertions.assertExpressShape(store(), cookie, "user", "lang", "views");
        RecordAssertions.assertLifetimeMovedForward(written, rewritten);
        assertThat(Instant.parse(rewritten.get(RecordAssertions.META).get("created").asText()))
                .as("a record without SessionKit's field was created, to SessionKit, at its first SessionKit save")
                .isBetween(Instant.now().minusSeconds(30), Instant.now());
        assertThat(rewritten.get("cookie").get("secure").asBoolean())
                .as("express stored secure: false; the Java side's configuration owns Secure, a record never weakens it")
                .isTrue();

        assertThat(RecordAssertions.withoutMeta(Json.read(Http.get(node, "/data", cookie).ok()), rewritten))
                .isEqualTo(Json.object("user", user, "lang", "日本語", "views", 1));
        assertThat(Http.get(node, "/views", cookie).ok()).as("express increments the number SessionKit stored")
                .isEqualTo("2");
        JsonNode byExpress = RecordAssertions.assertExpressShape(store(), cookie, "user", "lang", "views");
        assertThat(byExpress.get(RecordAssertions.META)).as("express's save keeps SessionKit's field as it was")
                .isEqualTo(rewritten.get(RecordAssertions.META));
        assertThat(Http.get(javaSide, "/views/peek", cookie).ok()).isEqualTo("2");
    }
}
