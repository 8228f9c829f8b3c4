package dev.sessionkit.testkit.http;

import com.sun.net.httpserver.HttpServer;
import dev.sessionkit.FailureResponse;
import dev.sessionkit.HttpExchange;
import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionContext;
import dev.sessionkit.SessionData;
import dev.sessionkit.SessionManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs the conformance suite against the smallest possible adapter, the JDK's built-in HTTP server: it checks the
 * suite itself, independently of any framework, and shows adapter authors the whole job in one page.
 */
class JdkServerConformanceTest extends HttpConformanceSuite {

    /** The JDK server's exchange seen through SessionKit's contract. */
    private static final class JdkExchange implements HttpExchange {
        private final com.sun.net.httpserver.HttpExchange exchange;
        private boolean committed;

        JdkExchange(com.sun.net.httpserver.HttpExchange exchange) {
            this.exchange = exchange;
        }

        @Override
        public List<String> requestHeaders(String name) {
            List<String> values = exchange.getRequestHeaders().get(name);
            return values == null ? List.of() : values;
        }

        @Override
        public boolean isSecure() {
            return false;
        }

        @Override
        public void addSetCookie(String headerValue) {
            exchange.getResponseHeaders().add("Set-Cookie", headerValue);
        }

        @Override
        public void setResponseHeader(String name, String value) {
            exchange.getResponseHeaders().set(name, value);
        }

        @Override
        public boolean isCommitted() {
            return committed;
        }

    }

    @Override
    protected RunningServer start(SessionConfig<SessionData> config) throws IOException {
        SessionManager<SessionData> manager = SessionManager.create(config);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        server.setExecutor(pool);
        server.createContext("/", http -> {
            JdkExchange exchange = new JdkExchange(http);
            SessionContext<SessionData> context = manager.open(exchange);
            ReferenceApp.Reply reply;
            Optional<FailureResponse> failure;
            try {
                reply = ReferenceApp.handle(http.getRequestURI().getPath(), query(http.getRequestURI()),
                        context::session, config.store());
                failure = context.end(false); // saves if due, decides Set-Cookie; a store failure is answered
            } catch (RuntimeException e) {
                context.end(true); // autoSave keeps nothing the handler half did
                failure = FailureResponse.find(e); // a store failure or a conflict, else a plain 500
                reply = new ReferenceApp.Reply(500, "Server Error");
            }
            if (failure.isPresent()) {
                reply = answer(failure.get());
            }
            if (reply.status() == 503 || reply.status() == 409) {
                http.getResponseHeaders().remove("Set-Cookie");
            }
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            http.getResponseHeaders().set("Content-Type", "text/plain; charset=UTF-8");
            exchange.committed = true;
            http.sendResponseHeaders(reply.status(), body.length);
            try (OutputStream out = http.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return new RunningServer() {
            @Override
            public URI baseUri() {
                return base;
            }

            @Override
            public void close() {
                server.stop(0);
                pool.shutdownNow();
            }
        };
    }

    private static ReferenceApp.Reply answer(FailureResponse answer) {
        answer.log();
        return new ReferenceApp.Reply(answer.status(), answer.body());
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.putIfAbsent(key, value);
            }
        }
        return query;
    }
}
