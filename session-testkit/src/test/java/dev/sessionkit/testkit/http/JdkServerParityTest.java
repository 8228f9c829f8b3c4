package dev.sessionkit.testkit.http;

import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionData;
import java.io.IOException;

/** The parity suite on the JDK-server adapter of {@link JdkServerConformanceTest}, which checks the suite itself. */
class JdkServerParityTest extends ParityConformanceSuite {

    @Override
    protected RunningServer start(SessionConfig<SessionData> config) throws IOException {
        return new JdkServerConformanceTest().start(config);
    }
}
