package dev.sessionkit.javalin;

import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionData;
import dev.sessionkit.testkit.http.ParityConformanceSuite;
import dev.sessionkit.testkit.http.RunningServer;

/**
 * The parity suite with the plugin registered, wired as {@link JavalinPluginConformanceTest} wires the conformance
 * suite; its routes reach the store through {@code Sessions.store(ctx)}.
 */
class JavalinPluginParityTest extends ParityConformanceSuite {

    @Override
    protected RunningServer start(SessionConfig<SessionData> config) {
        return new JavalinPluginConformanceTest().start(config);
    }
}
