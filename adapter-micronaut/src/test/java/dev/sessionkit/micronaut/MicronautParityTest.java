package dev.sessionkit.micronaut;

import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionData;
import dev.sessionkit.testkit.http.ParityConformanceSuite;
import dev.sessionkit.testkit.http.RunningServer;

/**
 * The parity suite on Micronaut's Netty server, started as {@link MicronautConformanceTest} starts it; its routes
 * reach the store through {@code Sessions.store(request)}.
 */
class MicronautParityTest extends ParityConformanceSuite {

    @Override
    protected RunningServer start(SessionConfig<SessionData> config) {
        return new MicronautConformanceTest().start(config);
    }
}
