package dev.sessionkit.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The demo on Tomcat, with its own application.properties, over plain HTTP: the cookie, the counter loaded back
 * through the filter and the {@code Session} parameter, a new id at login, a tampered cookie.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "sessionkit.secret=spring boot demo test secret of 32+ chars")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SpringBootDemoTest {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    private int port;

    private HttpResponse<String> send(String method, String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String cookieOf(HttpResponse<?> response) {
        String header = response.headers().firstValue("Set-Cookie").orElseThrow();
        return header.substring(0, header.indexOf(';'));
    }

    /** The id part of {@code connect.sid=s%3A<id>.<signature>}. */
    private static String idOf(String cookie) {
        return cookie.substring("connect.sid=s%3A".length(), cookie.lastIndexOf('.'));
    }

    @Test
    void visitor_countsTwice_sessionLoadedThroughFilterAndParameter() throws Exception {
        HttpResponse<String> first = send("GET", "/", null);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("1 visits");
        // express-session's cookie: "s:" URL-encoded, options from application.properties.
        assertThat(first.headers().firstValue("Set-Cookie").orElseThrow())
                .startsWith("connect.sid=s%3A").contains("Max-Age=604800").contains("HttpOnly")
                .contains("SameSite=Lax").doesNotContain("Secure");
        String cookie = cookieOf(first);
        assertThat(URLDecoder.decode(cookie, StandardCharsets.UTF_8)).matches("connect\\.sid=s:[^.]+\\.[^.]+");

        HttpResponse<String> second = send("GET", "/", cookie);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo("2 visits");
    }

    @Test
    void login_regeneratesTheId_andTheOldCookieIsWorthNothing() throws Exception {
        String before = cookieOf(send("GET", "/", null));

        HttpResponse<String> login = send("POST", "/login?name=ada", before);
        assertThat(login.statusCode()).isEqualTo(200);
        String after = cookieOf(login);
        assertThat(idOf(after)).isNotEqualTo(idOf(before));
        assertThat(send("GET", "/", after).body()).isEqualTo("ada: 1 visits");

        HttpResponse<String> old = send("GET", "/", before);
        assertThat(old.body()).as("the session before the login is gone").isEqualTo("1 visits");
        assertThat(idOf(cookieOf(old))).isNotIn(idOf(before), idOf(after));
    }

    @Test
    void logout_destroysTheSession() throws Exception {
        String cookie = cookieOf(send("POST", "/login?name=ada", null));

        HttpResponse<String> logout = send("POST", "/logout", cookie);
        assertThat(logout.statusCode()).isEqualTo(200);
        assertThat(logout.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        assertThat(send("GET", "/", cookie).body()).isEqualTo("1 visits");
    }

    @Test
    void tamperedCookie_startsANewSession_notA500() throws Exception {
        String cookie = cookieOf(send("GET", "/", null));
        send("GET", "/", cookie); // 2 visits in the real session
        int id = "connect.sid=s%3A".length(); // change the id's first character: the signature no longer fits
        String tampered = cookie.substring(0, id) + (cookie.charAt(id) == '0' ? '1' : '0') + cookie.substring(id + 1);

        HttpResponse<String> response = send("GET", "/", tampered);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("1 visits");
        assertThat(idOf(cookieOf(response))).isNotEqualTo(idOf(cookie));
    }
}
