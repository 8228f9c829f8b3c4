package dev.sessionkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The idHeader and idCookie options as core checks and applies them; the HTTP behaviour is in the suite. */
class IdHeaderTest {

    private static final String SECRET = "id header core secret of 32+ characters";

    private final CoreHarness harness = new CoreHarness(SECRET);

    @Test
    void headerName_mustBeAToken_andNotACookieHeader() {
        SessionConfig.Builder<SessionData> builder = SessionConfig.builder();
        assertThatThrownBy(() -> builder.idHeader("X Session")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid header name");
        assertThatThrownBy(() -> builder.idHeader("cookie")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be cookie");
        assertThatThrownBy(() -> builder.idHeader("Set-Cookie")).isInstanceOf(IllegalArgumentException.class);
        assertThat(builder.idHeader("X-Session-Id").idHeader(null)).isSameAs(builder);
    }

    @Test
    void headerOnly_needsAHeader() {
        assertThatThrownBy(() -> SessionConfig.builder().store(harness.store).secret(SECRET).idCookie(false).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("set an idHeader");
        assertThat(SessionConfig.builder().store(harness.store).secret(SECRET).build().idHeader()).isEmpty();
    }

    @Test
    void response_carriesTheSignedValueOfTheCookie_andAnAdapterWithoutHeadersIsTold() {
        harness.configure(b -> b.idHeader("X-Session-Id"));
        FakeExchange exchange = harness.run(new FakeExchange().header("X-Session-Id", "new"), null,
                ctx -> ctx.session().save());

        String header = exchange.responseHeader("X-Session-Id");
        assertThat(exchange.responseHeader("Cache-Control")).isEqualTo("no-store");
        assertThat(harness.run(null, ctx -> ctx.session().save()).responseHeader("X-Session-Id"))
                .as("a client that never sent the header does not get it").isNull();
        String setCookie = exchange.setCookie();
        assertThat(setCookie).startsWith("connect.sid=" + Cookies.encodeUriComponent(header) + ";");
        assertThat(header).startsWith("s:");

        HttpExchange legacy = new HttpExchange() {
            @Override
            public List<String> requestHeaders(String name) {
                return List.of();
            }

            @Override
            public boolean isSecure() {
                return false;
            }

            @Override
            public void addSetCookie(String headerValue) {
            }

            @Override
            public boolean isCommitted() {
                return false;
            }
        };
        assertThatThrownBy(() -> legacy.setResponseHeader("X-Session-Id", "v"))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("idHeader");
    }
}
