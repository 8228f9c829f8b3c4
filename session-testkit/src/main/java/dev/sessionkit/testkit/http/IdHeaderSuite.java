package dev.sessionkit.testkit.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkit.CookieSigner;
import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionData;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The session id in a header ({@link SessionConfig.Builder#idHeader(String)}), as API clients use it: part of the
 * HTTP conformance suite, which runs it for every adapter ({@link HttpConformanceSuite.IdHeader}).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class IdHeaderSuite {

    private static final String SECRET = "id header secret, long enough for build()";
    private static final String HEADER = "X-Session-Id";

    private final SuiteServers servers = new SuiteServers();

    /**
     * Starts a server that serves {@link ReferenceApp} with the given configuration.
     *
     * @param config the session configuration
     * @return the running server
     * @throws Exception when the server cannot start
     */
    protected abstract RunningServer start(SessionConfig<SessionData> config) throws Exception;

    @AfterEach
    void stopServers() throws Exception {
        servers.closeAll();
    }

    private void serve(UnaryOperator<SessionConfig.Builder<SessionData>> options) {
        servers.serve(this::start, SECRET, options);
    }

    /** A response's status, body, Set-Cookie headers and id header ({@code null} when absent). */
    private record Answer(int status, String body, List<String> setCookies, String idHeader) {
        /** The {@code name=value} pair of the only Set-Cookie. */
        String cookie() {
            assertThat(setCookies).hasSize(1);
            return setCookies.get(0).substring(0, setCookies.get(0).indexOf(';'));
        }
    }

    /** Sends a GET with the given headers, as name, value, name, value, … */
    private Answer get(String path, String... headers) {
        List<String[]> pairs = new ArrayList<>();
        for (int i = 0; i < headers.length; i += 2) {
            pairs.add(new String[] {headers[i], headers[i + 1]});
        }
        HttpResponse<String> response = servers.get(path, pairs);
        return new Answer(response.statusCode(), response.body(), response.headers().allValues("Set-Cookie"),
                response.headers().firstValue(HEADER).orElse(null));
    }

    /** The id a signed {@code s:<id>.<mac>} value carries, verified with the secret. */
    private static String idOf(String signed) {
        assertThat(signed).startsWith("s:");
        return CookieSigner.of(SECRET).unsign(signed.substring(2))
                .orElseThrow(() -> new AssertionError("the value does not verify with the secret"));
    }

    private static String cookieValue(String pair) {
        return URLDecoder.decode(pair.substring(pair.indexOf('=') + 1), StandardCharsets.UTF_8);
    }

    @Test
    void newSession_sendsTheSignedIdInTheHeader_theSameValueAsTheCookie() {
        serve(b -> b.idHeader(HEADER));

        Answer first = get("/views", HEADER, "new");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.idHeader()).isNotNull();
        assertThat(first.idHeader()).isEqualTo(cookieValue(first.cookie()));
        assertThat(idOf(first.idHeader())).isEqualTo(get("/id", HEADER, first.idHeader()).body());
    }

    @Test
    void clientWithoutCookies_keepsItsSessionThroughTheHeader() {
        serve(b -> b.idHeader(HEADER));
        String id = get("/views", HEADER, "new").idHeader();

        Answer second = get("/views", HEADER, id);
        Answer third = get("/views", HEADER, id);

        assertThat(second.body()).isEqualTo("2");
        assertThat(third.body()).isEqualTo("3");
        // As with the cookie: nothing is resent for a loaded session whose cookie did not change.
        assertThat(third.idHeader()).isNull();
        assertThat(third.setCookies()).isEmpty();
    }

    @Test
    void cookieAndHeaderBothValid_theCookieWins() {
        serve(b -> b.idHeader(HEADER));
        Answer browser = get("/views");
        get("/views", "Cookie", browser.cookie());
        Answer api = get("/views", HEADER, "new");

        Answer both = get("/views/peek", "Cookie", browser.cookie(), HEADER, api.idHeader());

        assertThat(both.body()).isEqualTo("2"); // the cookie's session, not the header's (1 view)
        assertThat(get("/id", "Cookie", browser.cookie(), HEADER, api.idHeader()).body())
                .isEqualTo(idOf(cookieValue(browser.cookie())));
    }

    @Test
    void badCookie_validHeader_theHeadersSessionIsUsed() {
        serve(b -> b.idHeader(HEADER));
        String id = get("/views", HEADER, "new").idHeader();

        Answer answer = get("/views", "Cookie", "connect.sid=s%3Aforged.AAAA", HEADER, id);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("2");
    }

    @Test
    void badHeaderValues_giveANewSession_neverAnError() {
        serve(b -> b.idHeader(HEADER));
        String valid = get("/views", HEADER, "new").idHeader();
        String id = idOf(valid);
        String otherSecret = "s:" + CookieSigner.of("another secret, long enough for build()").sign(id);
        List<String> bad = List.of(
                "garbage",
                id,                                              // unsigned
                "s:" + id,                                       // no signature
                valid.substring(0, valid.length() - 2),          // truncated signature
                valid.replace('.', ','),                         // no dot
                otherSecret,                                     // signed with another secret
                "s:" + "x".repeat(5000) + ".AAAA",               // over-long
                "s%3Azzz.%ZZ");                                  // broken escape

        for (String value : bad) {
            Answer answer = get("/views", HEADER, value);
            assertThat(answer.status()).as(value).isEqualTo(200);
            assertThat(answer.body()).as(value).isEqualTo("1");
            assertThat(idOf(answer.idHeader())).as(value).isNotEqualTo(id);
        }
    }

    @Test
    void logout_sendsAnEmptyHeader_andLoginSendsTheNewId() {
        serve(b -> b.idHeader(HEADER));
        String first = get("/views", HEADER, "new").idHeader();

        Answer login = get("/login?user=ada", HEADER, first);
        assertThat(login.idHeader()).isNotEqualTo(first);
        assertThat(idOf(login.idHeader())).isEqualTo(login.body());

        Answer logout = get("/logout", HEADER, login.idHeader());
        assertThat(logout.idHeader()).isEmpty();
        assertThat(get("/whoami", HEADER, login.idHeader()).body()).isEqualTo("anonymous");
    }

    /**
     * A browser that never sent the header gets its id only in the {@code HttpOnly} cookie: the same credential in a
     * header would be readable by any script of the page. A client that sends the header gets it, never cached.
     */
    @Test
    void browserThatNeverSentTheHeader_neverGetsIt_aHeaderClientGetsItUncached() {
        serve(b -> b.idHeader(HEADER));

        HttpResponse<String> browser = servers.get("/login?user=ada", List.of());
        HttpResponse<String> api = servers.get("/login?user=ada", List.<String[]>of(new String[] {HEADER, "new"}));

        assertThat(browser.headers().allValues("Set-Cookie")).hasSize(1);
        assertThat(browser.headers().firstValue(HEADER)).isEmpty();
        assertThat(api.headers().firstValue(HEADER)).hasValueSatisfying(value -> assertThat(idOf(value))
                .isEqualTo(api.body()));
        assertThat(api.headers().allValues("Cache-Control")).containsExactly("no-store");
    }

    @Test
    void headerOnly_noCookieReadOrSent() {
        serve(b -> b.idHeader(HEADER).idCookie(false));

        Answer first = get("/views");
        assertThat(first.setCookies()).isEmpty();
        assertThat(get("/views", HEADER, first.idHeader()).body()).isEqualTo("2");

        // The same signed value in a cookie is not a session carrier when cookies are off.
        Answer viaCookie = get("/views", "Cookie", "connect.sid=" + first.idHeader().replace(":", "%3A"));
        assertThat(viaCookie.body()).isEqualTo("1");
        assertThat(viaCookie.setCookies()).isEmpty();
    }

    @Test
    void withoutTheOption_theHeaderIsNeitherReadNorSent() {
        serve(b -> b);
        Answer first = get("/views");
        assertThat(first.idHeader()).isNull();

        assertThat(get("/views", HEADER, cookieValue(first.cookie())).body()).isEqualTo("1");
    }
}
