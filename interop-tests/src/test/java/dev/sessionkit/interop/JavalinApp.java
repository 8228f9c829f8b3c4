package dev.sessionkit.interop;

import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionData;
import dev.sessionkit.javalin.SessionPlugin;
import dev.sessionkit.javalin.Sessions;
import dev.sessionkit.testkit.http.ReferenceApp;
import dev.sessionkit.testkit.http.RunningServer;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Javalin 7 with SessionKit's plugin and one catch-all route serving {@link InteropRoutes}. */
final class JavalinApp implements RunningServer {

    private final Javalin app;

    private JavalinApp(Javalin app) {
        this.app = app;
    }

    static JavalinApp start(SessionConfig<SessionData> config) {
        Javalin app = Javalin.create(javalin -> {
            javalin.startup.showJavalinBanner = false;
            javalin.startup.showOldJavalinVersionWarning = false;
            javalin.registerPlugin(SessionPlugin.create(config));
            javalin.routes.get("*", JavalinApp::route);
        });
        return new JavalinApp(app.start("127.0.0.1", 0));
    }

    private static void route(Context ctx) {
        Map<String, String> query = new HashMap<>();
        for (Map.Entry<String, List<String>> param : ctx.queryParamMap().entrySet()) {
            query.put(param.getKey(), param.getValue().get(0));
        }
        ReferenceApp.Reply reply = InteropRoutes.handle(ctx.path(), query, () -> Sessions.of(ctx),
                Sessions.store(ctx));
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
