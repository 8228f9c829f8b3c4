package dev.sessionkit.javalin;

import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionData;
import dev.sessionkit.testkit.http.ParityConformanceSuite;
import dev.sessionkit.testkit.http.RunningServer;

/** The parity suite with the plugin's handlers wired by hand, as in {@link JavalinHandlersConformanceTest}. */
class JavalinHandlersParityTest extends ParityConformanceSuite {

    @Override
    protected RunningServer start(SessionConfig<SessionData> config) {
        return new JavalinHandlersConformanceTest().start(config);
    }
}
