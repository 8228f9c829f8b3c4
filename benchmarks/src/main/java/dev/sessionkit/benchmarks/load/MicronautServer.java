package dev.sessionkit.benchmarks.load;

import dev.sessionkit.benchmarks.Fixtures;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.HashMap;
import java.util.Map;

/**
 * Micronaut 4 on its Netty server, with SessionKit's adapter configured by properties and the Redis store from
 * {@link MicronautLoadBeans} or the adapter's default Caffeine store; the pages are {@link MicronautLoadController}.
 * Without sessions, the adapter is turned off and the pages are {@link MicronautCounterController}.
 */
final class MicronautServer {

    /** The property that makes {@link MicronautLoadBeans} provide a Redis store. */
    static final String REDIS_URL_PROPERTY = "benchmarks.redis-url";

    private MicronautServer() {
    }

    /** The property that turns the pages without sessions ({@link MicronautCounterController}) on. */
    static final String NO_SESSIONS_PROPERTY = "benchmarks.no-sessions";

    /** With the Redis store, or with the adapter's default Caffeine store when {@code redisUrl} is {@code null}. */
    static LoadServer.Running start(int port, String redisUrl) {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "micronaut.server.host", "127.0.0.1",
                // Micronaut's "any free port" is -1.
                "micronaut.server.port", port == 0 ? -1 : port,
                "sessionkit.secret", Fixtures.SECRET));
        if (redisUrl != null) {
            properties.put(REDIS_URL_PROPERTY, redisUrl);
        }
        return running(ApplicationContext.run(EmbeddedServer.class, properties));
    }

    /** The same server with SessionKit turned off ({@code sessionkit.enabled=false}) and a process-wide counter. */
    static LoadServer.Running withoutSessions(int port) {
        return running(ApplicationContext.run(EmbeddedServer.class, Map.of(
                "micronaut.server.host", "127.0.0.1",
                "micronaut.server.port", port == 0 ? -1 : port,
                "sessionkit.enabled", "false",
                NO_SESSIONS_PROPERTY, "true")));
    }

    private static LoadServer.Running running(EmbeddedServer server) {
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
