package dev.sessionkit.benchmarks.load;

import dev.sessionkit.benchmarks.Fixtures;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.Map;

/**
 * Micronaut 4 on its Netty server, with SessionKit's adapter configured by properties and the Redis store from
 * {@link MicronautLoadBeans}; the pages are {@link MicronautLoadController}.
 */
final class MicronautServer {

    /** The property that makes {@link MicronautLoadBeans} provide a Redis store. */
    static final String REDIS_URL_PROPERTY = "benchmarks.redis-url";

    private MicronautServer() {
    }

    static LoadServer.Running start(int port, String redisUrl) {
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "micronaut.server.host", "127.0.0.1",
                // Micronaut's "any free port" is -1.
                "micronaut.server.port", port == 0 ? -1 : port,
                "sessionkit.secret", Fixtures.SECRET,
                REDIS_URL_PROPERTY, redisUrl));
        return new LoadServer.Running() {
            @Override
            public int port() {
                return server.getPort();
            }

            @Override
            public void close() {
                // Closes the context too, and with it the store (its bean's preDestroy).
                server.getApplicationContext().close();
            }
        };
    }
}
