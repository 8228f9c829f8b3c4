package dev.sessionkit.interop;

import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionData;
import dev.sessionkit.testkit.http.RunningServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.util.Map;

/**
 * Micronaut 4's Netty server on 127.0.0.1 and a free port, with the {@link SessionConfig} as a bean (it replaces the
 * {@code sessionkit.*} properties) and {@link InteropController} serving the routes.
 */
final class MicronautApp implements RunningServer {

    private final ApplicationContext context;
    private final URI baseUri;

    private MicronautApp(ApplicationContext context, URI baseUri) {
        this.context = context;
        this.baseUri = baseUri;
    }

    static MicronautApp start(SessionConfig<SessionData> config) {
        ApplicationContext context = ApplicationContext.builder()
                .properties(Map.of(
                        "spec.name", InteropController.SPEC,
                        "micronaut.server.host", "127.0.0.1",
                        "micronaut.server.port", -1))
                .singletons(config)
                .start();
        try {
            EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
            return new MicronautApp(context, URI.create("http://127.0.0.1:" + server.getPort()));
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    @Override
    public URI baseUri() {
        return baseUri;
    }

    @Override
    public void close() {
        context.close();
    }
}
