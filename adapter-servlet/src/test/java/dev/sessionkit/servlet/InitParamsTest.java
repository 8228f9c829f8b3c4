package dev.sessionkit.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkit.testkit.InMemorySessionStore;
import jakarta.servlet.DispatcherType;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The filter's init-params (web.xml) for a fixed expiry, {@code cookie.expires}: an ISO-8601 instant. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InitParamsTest {

    private static final String SECRET = "a servlet secret long enough for build()";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final InMemorySessionStore store = InMemorySessionStore.create(Clock.systemUTC());
    private JettyServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static JettyServer start(InMemorySessionStore store, Map<String, String> params) throws Exception {
        return JettyServer.start(context -> {
            context.setAttribute(SessionFilter.STORE_ATTRIBUTE, store);
            FilterHolder holder = context.addFilter(SessionFilter.class, "/*", EnumSet.of(DispatcherType.REQUEST));
            holder.setInitParameters(params);
            context.addServlet(new ServletHolder(new ReferenceServlet(store)), "/*");
        });
    }

    @Test
    void cookieExpires_isoInstant_isEveryCookiesExpiry() throws Exception {
        server = start(store, Map.of("secret", SECRET, "cookie.expires", "2040-01-01T00:00:00Z"));

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(server.baseUri().resolve("/views"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));

        assertThat(response.headers().allValues("Set-Cookie")).singleElement().asString()
                .matches("connect\\.sid=s%3A[^;]+; Path=/; Expires=Sun, 01 Jan 2040 00:00:00 GMT; HttpOnly; Secure; "
                        + "SameSite=Lax");
        assertThat(store.facets().enumeration().orElseThrow().ids()).singleElement()
                .satisfies(id -> assertThat(store.get(id).orElseThrow())
                        .contains("\"originalMaxAge\":null,\"expires\":\"2040-01-01T00:00:00.000Z\""));
    }

    @Test
    void cookieExpires_badValue_failsStartupNamingTheParam() {
        assertThatThrownBy(() -> start(store, Map.of("secret", SECRET, "cookie.expires", "1 Jan 2040")))
                .hasStackTraceContaining("SessionFilter")
                .hasStackTraceContaining("option 'cookie.expires': expected an ISO-8601 instant "
                        + "(2030-01-01T00:00:00Z), found '1 Jan 2040'");
        assertThatThrownBy(() -> start(store, Map.of("secret", SECRET, "cookie.expires", "2040-01-01T00:00:00Z",
                "cookie.maxAge", "3600"))).hasStackTraceContaining("cookie maxAge and expires are both set");
    }
}
