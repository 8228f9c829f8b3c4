package dev.sessionkit.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Scenario 9: the session id in a header ({@code idHeader}) is the same signed value as express-session's cookie, so
 * an API client can carry a login made in a browser on the Node side to the Java side in {@code X-Session-Id}, and a
 * session a header-only client started on the Java side is a valid {@code connect.sid} for express-session.
 */
class IdHeaderInteropTest extends ExpressAndJavaServers {

    @ParameterizedTest
    @EnumSource(JavaSide.class)
    void expressLogin_carriedToJavaInTheHeader(JavaSide side) {
        URI javaSide = java.uri(side);
        String user = "Ines " + side;
        Http.Reply login = Http.get(express.baseUri(), Http.path("/login", "user", user));
        SignedCookie cookie = login.cookie();

        String signed = cookie.decoded(); // s:<id>.<signature>, as express-session signed it
        assertThat(Http.getWithIdHeader(javaSide, "/whoami", signed).ok()).isEqualTo(user);
        assertThat(Http.getWithIdHeader(javaSide, "/id", signed).ok()).isEqualTo(login.ok());
        assertThat(Http.getWithIdHeader(javaSide, "/views", signed).ok()).isEqualTo("1");
        assertThat(Http.get(express.baseUri(), "/views", cookie).ok()).as("the same session on the Node side")
                .isEqualTo("2");
    }

    @ParameterizedTest
    @EnumSource(JavaSide.class)
    void javaLoginThroughTheHeader_isAValidExpressCookie(JavaSide side) {
        URI javaSide = java.uri(side);
        String user = "Noor " + side;
        Http.Reply login = Http.getWithIdHeader(javaSide, Http.path("/login-as", "user", user, "label", "api"),
                "not a session");
        String signed = login.idHeader();
        assertThat(signed).startsWith("s:");
        assertThat(login.cookie().decoded()).as("the header carries the cookie's value").isEqualTo(signed);

        SignedCookie forExpress = new SignedCookie(URLEncoder.encode(signed, StandardCharsets.UTF_8));
        assertThat(forExpress.id()).isEqualTo(login.ok());
        assertThat(Http.get(express.baseUri(), "/whoami", forExpress).ok()).isEqualTo(user);
    }
}
