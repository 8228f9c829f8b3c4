package dev.sessionkit.micronaut;

import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionData;
import dev.sessionkit.testkit.http.HttpConformanceSuite;
import dev.sessionkit.testkit.http.RunningServer;
import java.net.URI;
import java.util.Map;

/**
 * The conformance suite on Micronaut's embedded Netty server: the suite's configuration is a {@link SessionConfig}
 * bean, {@link ReferenceController} serves the routes on the blocking executor.
 */
class MicronautConformanceTest extends HttpConformanceSuite {

    @Override
    protected RunningServer start(SessionConfig<SessionData> config) {
        TestServer server = TestServer.start("reference", Map.of(), config);
        return new RunningServer() {
            @Override
            public URI baseUri() {
                return server.baseUri();
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }
}
