package dev.sessionkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * Any cookie attributes the API accepts, configured or edited in a request: the {@code Set-Cookie} header SessionKit
 * writes parses, with a strict RFC 6265 parser ({@link StrictSetCookie}), back to exactly those values. What the API
 * refuses ({@link IllegalArgumentException} at build or edit) is not written.
 */
class SetCookieFuzzTest {

    private static final String SECRET = "set-cookie fuzz secret of 32+ characters";
    private static final SameSite[] SAME_SITES = SameSite.values();
    /** Shared: a mapper per iteration would spend the run building serializers. */
    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
            new com.fasterxml.jackson.databind.ObjectMapper();
    private static final CookiePriority[] PRIORITIES = CookiePriority.values();

    @FuzzTest
    void setCookie(FuzzedDataProvider data) {
        String name = data.consumeBoolean() ? "connect.sid" : data.consumeString(40);
        String path = data.consumeString(80);
        String domain = data.consumeBoolean() ? null : data.consumeString(80);
        Duration maxAge = data.consumeBoolean() ? null : Duration.ofSeconds(data.consumeLong());
        Instant expires = maxAge != null || data.consumeBoolean() ? null
                : Instant.ofEpochSecond(data.consumeLong(0, 253_402_300_799L), data.consumeInt(0, 999_999_999));
        int secure = data.consumeInt(0, 2);
        SameSite sameSite = data.pickValue(SAME_SITES);
        CookiePriority priority = data.consumeBoolean() ? null : data.pickValue(PRIORITIES);
        boolean httpOnly = data.consumeBoolean();
        boolean partitioned = data.consumeBoolean();
        boolean httpsRequest = data.consumeBoolean();
        String editedPath = data.consumeBoolean() ? data.consumeRemainingAsString() : null;

        CoreHarness harness = new CoreHarness(SECRET);
        try {
            CookieOptions.Builder cookie = CookieOptions.builder().path(path).domain(domain).maxAge(maxAge)
                    .expires(expires).sameSite(sameSite).priority(priority).httpOnly(httpOnly)
                    .partitioned(partitioned);
            if (secure == 2) {
                cookie.secureAuto();
            } else {
                cookie.secure(secure == 1);
            }
            CookieOptions options = cookie.build();
            harness.configure(config -> config.name(name).cookie(options).objectMapper(MAPPER));
        } catch (IllegalArgumentException refused) {
            return;
        }
        boolean[] edited = {false};
        String header = harness.run(new FakeExchange().secure(httpsRequest), null, ctx -> {
            ctx.session().data().put("n", 1);
            if (editedPath != null) {
                try {
                    ctx.session().cookie().path(editedPath);
                    edited[0] = true;
                } catch (IllegalArgumentException refused) {
                    // not written
                }
            }
            ctx.session().save();
        }).setCookie();

        Map<String, String> parsed = StrictSetCookie.parse(header);

        assertThat(parsed.get("$name")).isEqualTo(name);
        assertThat(parsed.get("path")).isEqualTo(edited[0] ? editedPath : path);
        assertThat(parsed.get("domain")).isEqualTo(domain == null ? null : domain.toLowerCase(Locale.ROOT)
                .replaceFirst("^\\.", ""));
        assertThat(parsed.get("max-age")).isEqualTo(maxAge == null ? null : Long.toString(maxAge.toSeconds()));
        if (maxAge == null && expires != null) {
            assertThat(parsed.get("expires")).isEqualTo(Cookies.httpDate(expires));
        }
        boolean secureCookie = secure == 1 || secure == 2 && httpsRequest;
        assertThat(parsed.containsKey("secure")).isEqualTo(secureCookie);
        assertThat(parsed.containsKey("httponly")).isEqualTo(httpOnly);
        assertThat(parsed.containsKey("partitioned")).isEqualTo(partitioned);
        assertThat(parsed.get("priority")).isEqualTo(priority == null ? null : priority.attribute());
        assertThat(parsed.get("samesite")).as("NONE_WHEN_SECURE: None on a secure cookie of an HTTPS request")
                .isEqualTo(sameSite.attribute(httpsRequest && secureCookie));
    }
}
