package dev.sessionkit.servlet;

import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionData;
import dev.sessionkit.testkit.http.ParityConformanceSuite;
import dev.sessionkit.testkit.http.RunningServer;

/** The parity suite on embedded Jetty, wired as {@link SessionFilterConformanceTest} wires the conformance suite. */
class SessionFilterParityTest extends ParityConformanceSuite {

    @Override
    protected RunningServer start(SessionConfig<SessionData> config) throws Exception {
        return new SessionFilterConformanceTest().start(config);
    }
}
