package dev.sessionkit.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.CookieSigner;
import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Scenario 2: a session created and saved by each SessionKit adapter is read and changed by the express app, then
 * read and changed by Java again, and express sees that too. Run on each shared store by the classes that implement
 * it.
 */
interface JavaSessionOnExpressScenarios extends BothSides {

    @ParameterizedTest
    @EnumSource(JavaSide.class)
    default void javaLogin_expressReadsAndChanges_javaReadsAndChangesAgain(JavaSide side) {
        URI node = expressUri();
        URI javaSide = javaUri(side);
        String user = "Jürgen 🦊 " + side;

        Http.Reply login = Http.get(javaSide, Http.path("/login", "user", user));
        String id = login.ok();
        SignedCookie cookie = login.cookie();
        assertThat(cookie.signed()).isEqualTo(CookieSigner.sign(id, Secrets.SHARED));
        JsonNode written = RecordAssertions.assertExpressShape(store(), cookie, "user");
        assertThat(written.get("cookie").get("originalMaxAge").asLong())
                .isEqualTo(JavaSide.MAX_AGE.toMillis());
        assertThat(written.get("cookie").get("secure").asBoolean()).as("SessionKit's default").isTrue();

        assertThat(Http.get(node, "/whoami", cookie).ok()).isEqualTo(user);
        assertThat(Http.get(node, "/id", cookie).ok()).as("the same session, not a new one").isEqualTo(id);

        Http.Reply changed = Http.get(node, Http.path("/set", "key", "role", "value", "admin ✓"), cookie);
        changed.ok();
        assertThat(changed.setCookies()).as("express withholds a Secure cookie on plain http").isEmpty();
        JsonNode rewritten = RecordAssertions.assertExpressShape(store(), cookie, "user", "role");
        RecordAssertions.assertSameCookieMovedForward(written, rewritten);
        assertThat(rewritten.get(RecordAssertions.META)).as("express's save keeps SessionKit's field as it was")
                .isEqualTo(written.get(RecordAssertions.META));

        assertThat(Json.read(Http.get(javaSide, "/data", cookie).ok()))
                .isEqualTo(Json.object("user", user, "role", "admin ✓"));
        Http.get(javaSide, Http.path("/set", "key", "theme", "value", "dark"), cookie).ok();
        JsonNode third = RecordAssertions.assertExpressShape(store(), cookie, "user", "role", "theme");
        assertThat(third.get(RecordAssertions.META)).as("the creation time survives every save on either side")
                .isEqualTo(written.get(RecordAssertions.META));

        assertThat(RecordAssertions.withoutMeta(Json.read(Http.get(node, "/data", cookie).ok()), written))
                .isEqualTo(Json.object("user", user, "role", "admin ✓", "theme", "dark"));
        assertThat(Http.get(node, "/views", cookie).ok()).isEqualTo("1");
        assertThat(Http.get(javaSide, "/views", cookie).ok()).isEqualTo("2");
        assertThat(Http.get(node, "/views", cookie).ok()).isEqualTo("3");
    }
}
