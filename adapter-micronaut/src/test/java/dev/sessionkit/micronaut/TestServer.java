package dev.sessionkit.micronaut;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Micronaut's embedded Netty server on 127.0.0.1, a free port, with the given properties and beans. */
final class TestServer implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final ApplicationContext context;
    private final URI base;

    private TestServer(ApplicationContext context, URI base) {
        this.context = context;
        this.base = base;
    }

    /**
     * Starts a server; {@code spec.name} selects the test controllers, {@code singletons} become beans.
     */
    static TestServer start(String spec, Map<String, Object> properties, Object... singletons) {
        Map<String, Object> all = new HashMap<>(properties);
        all.put("spec.name", spec);
        all.put("micronaut.server.host", "127.0.0.1");
        all.put("micronaut.server.port", -1);
        // Netty's default (8 KiB for all headers) answers the suite's 8 KiB cookie with 413.
        all.put("micronaut.server.netty.max-header-size", 16384);
        ApplicationContext context = ApplicationContext.builder().properties(all).singletons(singletons).start();
        try {
            EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
            return new TestServer(context, URI.create("http://127.0.0.1:" + server.getPort()));
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    URI baseUri() {
        return base;
    }

    ApplicationContext context() {
        return context;
    }

    /** Sends a GET with the given {@code Cookie} headers. */
    HttpResponse<String> get(String path, String... cookies) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
        for (String cookie : cookies) {
            request.header("Cookie", cookie);
        }
        return send(request);
    }

    /** Sends a GET built by the caller, for example with more headers. */
    HttpResponse<String> send(HttpRequest.Builder request) {
        request.timeout(Duration.ofSeconds(20));
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The {@code name=value} pair of the response's only Set-Cookie header. */
    static String cookieOf(HttpResponse<?> response) {
        String header = response.headers().firstValue("Set-Cookie")
                .orElseThrow(() -> new AssertionError("no Set-Cookie in " + response.headers().map()));
        return header.substring(0, header.indexOf(';'));
    }

    @Override
    public void close() {
        context.close();
    }
}
