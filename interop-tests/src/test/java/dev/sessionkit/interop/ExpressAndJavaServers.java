package dev.sessionkit.interop;

import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the express-and-Java scenarios share: the shared Redis, an express-session app and the three SessionKit
 * servers, all with {@link Secrets#SHARED}, started once per test class and always stopped.
 */
@ExtendWith(NodeEnvironment.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class ExpressAndJavaServers implements BothSides {

    static RedisView redis;
    static NodeServer express;
    static JavaServers java;

    @BeforeAll
    static void start() throws Exception {
        redis = new RedisView();
        express = NodeServer.express(List.of(Secrets.SHARED));
        java = JavaServers.start(List.of(Secrets.SHARED));
    }

    @AfterAll
    @SuppressWarnings("try") // the resources are only closed
    static void stop() throws Exception {
        try (RedisView r = redis; NodeServer e = express; JavaServers j = java) {
            // closed in reverse order, each even if another fails
        }
    }

    @Override
    public URI expressUri() {
        return express.baseUri();
    }

    @Override
    public URI javaUri(JavaSide side) {
        return java.uri(side);
    }

    @Override
    public StoreView store() {
        return redis;
    }
}
