package dev.sessionkit.examples.micronaut;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SessionKit Micronaut demo: the adapter's filter, options from {@code application.yml} ({@code sessionkit.*}),
 * the default in-memory Caffeine store, and {@link VisitController}.
 *
 * <p>Environment: {@code PORT} (default 8082), {@code SESSION_SECRET} (a random one per run by default).
 */
public final class DemoApp {

    private static final Logger LOG = LoggerFactory.getLogger(DemoApp.class);

    private DemoApp() {
    }

    /**
     * Starts the demo.
     *
     * @param args Micronaut's command-line arguments
     */
    public static void main(String[] args) {
        Micronaut.build(args).mainClass(DemoApp.class).properties(secretProperty(System.getenv("SESSION_SECRET")))
                .start();
    }

    /**
     * The {@code sessionkit.secret} property: {@code SESSION_SECRET} when set, otherwise a random secret for this run
     * (the in-memory store's sessions end with the process anyway), said in a WARN.
     */
    static Map<String, Object> secretProperty(String fromEnvironment) {
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Map.of("sessionkit.secret", fromEnvironment);
        }
        byte[] random = new byte[48];
        new SecureRandom().nextBytes(random);
        LOG.warn("SESSION_SECRET is not set: signing cookies with a random secret made for this run, so sessions end "
                + "when the demo stops (as the in-memory store's do). To keep them, set one: "
                + "export SESSION_SECRET=\"$(openssl rand -base64 48)\"");
        return Map.of("sessionkit.secret", Base64.getEncoder().encodeToString(random));
    }

    /** Logs the URL to open. */
    @Singleton
    static final class StartupLog implements ApplicationEventListener<ServerStartupEvent> {

        @Override
        public void onApplicationEvent(ServerStartupEvent event) {
            LOG.info("SessionKit Micronaut demo running: open http://localhost:{}/", event.getSource().getPort());
        }
    }
}
