package dev.sessionkit.testkit.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkit.CookieSigner;
import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionData;
import dev.sessionkit.testkit.InMemorySessionStore;
import dev.sessionkit.testkit.MutableClock;
import dev.sessionkit.testkit.RecordingSessionStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What the HTTP suites share: a store on a clock the test moves, the servers a test started (the last one answers),
 * closed after the test, and a client that sends GETs with exactly the headers a test gives, keeping no cookies of
 * its own. One per test (JUnit makes a suite instance per test).
 */
final class SuiteServers {

    /** The suite's own way to start a server: its adapter's {@code start}. */
    interface Starter {
        RunningServer start(SessionConfig<SessionData> config) throws Exception;
    }

    final MutableClock clock = MutableClock.fixed();
    final InMemorySessionStore backing = InMemorySessionStore.create(clock);
    /** The store servers are started with: {@link #backing}, recording each call. */
    final RecordingSessionStore store = RecordingSessionStore.wrap(backing);

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final List<RunningServer> servers = new ArrayList<>();
    private RunningServer current;

    /** Starts a server with the store, {@code secret}, the clock and {@code options}; requests go to it from now on. */
    void serve(Starter starter, String secret, UnaryOperator<SessionConfig.Builder<SessionData>> options) {
        start(starter, options.apply(SessionConfig.builder().store(store).secret(secret).clock(clock)).build());
    }

    private void start(Starter starter, SessionConfig<SessionData> config) {
        try {
            current = starter.start(config);
        } catch (Exception e) {
            throw new IllegalStateException("the adapter's server did not start", e);
        }
        servers.add(current);
    }

    /** Sends {@code GET path} to the current server with the given headers, each a name and a value. */
    HttpResponse<String> get(String path, List<String[]> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(current.baseUri() + path))
                .timeout(Duration.ofSeconds(20)).GET();
        headers.forEach(header -> request.header(header[0], header[1]));
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code Cookie} headers, one per value, as {@link #get} takes them. */
    static List<String[]> cookies(List<String> values) {
        return values.stream().map(value -> new String[] {"Cookie", value}).toList();
    }

    /** Closes every server the test started, and clears the reference app's hook for {@code /reload}. */
    void closeAll() throws Exception {
        ReferenceApp.duringReload(null);
        for (RunningServer running : servers) {
            running.close();
        }
        servers.clear();
    }

    /** The session id a {@code connect.sid=…} pair carries, verified with {@code secret}. */
    static String idOf(String cookiePair, String secret) {
        String value = URLDecoder.decode(cookiePair.substring(cookiePair.indexOf('=') + 1), StandardCharsets.UTF_8);
        assertThat(value).as("cookie value").startsWith("s:");
        return CookieSigner.of(secret).unsign(value.substring(2))
                .orElseThrow(() -> new AssertionError("cookie does not verify with the secret: " + cookiePair));
    }
}
