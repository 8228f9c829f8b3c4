package dev.sessionkit.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Scenario 6: a logout (destroy) on one side is seen on the other: the next request there with the old cookie
 * finds no user and starts a new session under a new id, and the destroyed record does not come back. Run on each
 * shared store by the classes that implement it.
 */
interface LogoutAcrossScenarios extends BothSides {

    @ParameterizedTest
    @EnumSource(JavaSide.class)
    default void expressLogout_nextJavaRequest_startsANewSession(JavaSide side) {
        URI node = expressUri();
        URI javaSide = javaUri(side);
        Http.Reply login = Http.get(node, Http.path("/login", "user", "ada"));
        SignedCookie cookie = login.cookie();
        assertThat(Http.get(javaSide, "/whoami", cookie).ok()).isEqualTo("ada");

        assertThat(Http.get(node, "/logout", cookie).ok()).isEqualTo("bye");
        assertThat(store().exists(cookie)).isFalse();

        assertThat(Http.get(javaSide, "/whoami", cookie).ok()).isEqualTo("anonymous");
        Http.Reply next = Http.get(javaSide, "/views", cookie);
        assertThat(next.ok()).isEqualTo("1");
        assertThat(next.cookie().id()).as("a new session, under a new id").isNotEqualTo(cookie.id());
        assertThat(store().exists(cookie)).as("the destroyed session is not revived").isFalse();
        assertThat(Http.get(node, "/whoami", next.cookie()).ok()).isEqualTo("anonymous");
    }

    @ParameterizedTest
    @EnumSource(JavaSide.class)
    default void javaLogout_nextExpressRequest_startsANewSession(JavaSide side) {
        URI node = expressUri();
        URI javaSide = javaUri(side);
        Http.Reply login = Http.get(javaSide, Http.path("/login", "user", "grace"));
        SignedCookie cookie = login.cookie();
        assertThat(Http.get(node, "/whoami", cookie).ok()).isEqualTo("grace");

        assertThat(Http.get(javaSide, "/logout", cookie).ok()).isEqualTo("bye");
        assertThat(store().exists(cookie)).isFalse();

        assertThat(Http.get(node, "/whoami", cookie).ok()).isEqualTo("anonymous");
        Http.Reply next = Http.get(node, "/views", cookie);
        assertThat(next.ok()).isEqualTo("1");
        assertThat(next.cookie().id()).as("a new session, under a new id").isNotEqualTo(cookie.id());
        assertThat(store().exists(cookie)).as("the destroyed session is not revived").isFalse();
        assertThat(Http.get(javaSide, "/whoami", next.cookie()).ok()).isEqualTo("anonymous");
    }
}
