package dev.sessionkit.examples.micronaut;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SessionKit Micronaut demo: the adapter's filter, options from {@code application.yml} ({@code sessionkit.*}),
 * the default in-memory Caffeine store, and {@link VisitController}.
 *
 * <p>Environment: {@code PORT} (default 8082), {@code SESSION_SECRET} (a demo secret by default, with a warning).
 */
public final class DemoApp {

    /** The default of {@code sessionkit.secret} in {@code application.yml}; public, so only for a demo. */
    static final String DEMO_SECRET = "sessionkit-demo-secret-do-not-use-in-production";

    private DemoApp() {
    }

    /**
     * Starts the demo.
     *
     * @param args Micronaut's command-line arguments
     */
    public static void main(String[] args) {
        Micronaut.run(DemoApp.class, args);
    }

    /** Logs the URL to open, and warns when cookies are signed with the demo secret. */
    @Singleton
    static final class StartupLog implements ApplicationEventListener<ServerStartupEvent> {

        private static final Logger LOG = LoggerFactory.getLogger(DemoApp.class);
        private final String secret;

        StartupLog(@Value("${sessionkit.secret}") String secret) {
            this.secret = secret;
        }

        @Override
        public void onApplicationEvent(ServerStartupEvent event) {
            if (DEMO_SECRET.equals(secret)) {
                LOG.warn("SESSION_SECRET is not set: signing cookies with the public demo secret. Anyone can forge "
                        + "this demo's cookies; set SESSION_SECRET to a long random string for anything real.");
            }
            LOG.info("SessionKit Micronaut demo running: open http://localhost:{}/", event.getSource().getPort());
        }
    }
}
