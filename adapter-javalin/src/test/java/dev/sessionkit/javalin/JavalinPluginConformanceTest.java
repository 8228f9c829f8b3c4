package dev.sessionkit.javalin;

import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionData;
import dev.sessionkit.testkit.http.HttpConformanceSuite;
import dev.sessionkit.testkit.http.RunningServer;

/** The conformance suite with the plugin registered in one line. */
class JavalinPluginConformanceTest extends HttpConformanceSuite {

    @Override
    protected RunningServer start(SessionConfig<SessionData> config) {
        return JavalinTestServer.start(javalin -> {
            javalin.registerPlugin(SessionPlugin.create(config));
            JavalinTestServer.referenceRoutes(javalin);
        });
    }
}
