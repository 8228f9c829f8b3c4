package dev.sessionkit.javalin;

import dev.sessionkit.testkit.http.ReferenceApp;
import dev.sessionkit.testkit.http.RunningServer;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** A Javalin server on 127.0.0.1, a free port, for the tests. */
final class JavalinTestServer implements RunningServer {

    private final Javalin app;

    private JavalinTestServer(Javalin app) {
        this.app = app;
    }

    /** Starts Javalin configured by {@code setup}, quietly. */
    static JavalinTestServer start(Consumer<JavalinConfig> setup) {
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            // Jetty answers 431 to request headers over 8 KiB before Javalin runs; the suite sends an 8 KiB cookie
            // to show that the session layer treats it as a bad cookie, so the limit is raised as an app would.
            config.jetty.modifyHttpConfiguration(http -> http.setRequestHeaderSize(16 * 1024));
            setup.accept(config);
        });
        return new JavalinTestServer(app.start("127.0.0.1", 0));
    }

    /** Serves every {@link ReferenceApp} route, GET and POST, with one catch-all route per method. */
    static void referenceRoutes(JavalinConfig config) {
        config.routes.get("*", JavalinTestServer::reference);
        config.routes.post("*", JavalinTestServer::reference);
    }

    private static void reference(Context ctx) {
        Map<String, String> query = new HashMap<>();
        for (Map.Entry<String, List<String>> param : ctx.queryParamMap().entrySet()) {
            query.put(param.getKey(), param.getValue().get(0));
        }
        ReferenceApp.Reply reply = ReferenceApp.handle(ctx.path(), query, () -> Sessions.of(ctx), Sessions.store(ctx));
        ctx.status(reply.status()).contentType("text/plain; charset=utf-8").result(reply.body());
    }

    @Override
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + app.port());
    }

    @Override
    public void close() {
        app.stop();
    }
}
