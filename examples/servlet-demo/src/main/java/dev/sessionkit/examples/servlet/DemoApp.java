package dev.sessionkit.examples.servlet;

import dev.sessionkit.CookieOptions;
import dev.sessionkit.SameSite;
import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionData;
import dev.sessionkit.servlet.SessionFilter;
import dev.sessionkit.store.SessionStore;
import dev.sessionkit.store.caffeine.CaffeineSessionStore;
import jakarta.servlet.DispatcherType;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SessionKit Servlet demo: embedded Jetty, the {@link SessionFilter} configured in code, and one servlet that
 * counts visits per session and logs out.
 *
 * <p>Environment: {@code PORT} (default 8081), {@code SESSION_SECRET} (a random one per run by default).
 */
public final class DemoApp {

    private static final Logger LOG = LoggerFactory.getLogger(DemoApp.class);

    private DemoApp() {
    }

    /**
     * Starts the demo from the environment.
     *
     * @param args ignored
     * @throws Exception when Jetty does not start
     */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8081"));
        String secret = System.getenv("SESSION_SECRET");
        if (secret == null || secret.isBlank()) {
            byte[] random = new byte[48];
            new SecureRandom().nextBytes(random);
            secret = Base64.getEncoder().encodeToString(random);
            LOG.warn("SESSION_SECRET is not set: signing cookies with a random secret made for this run, so sessions "
                    + "end when the demo stops (as the in-memory store's do). To keep them, set one: "
                    + "export SESSION_SECRET=\"$(openssl rand -base64 48)\"");
        }
        Server server = start(port, secret, CaffeineSessionStore.create());
        LOG.info("SessionKit Servlet demo running: open http://localhost:{}/", port(server));
        server.join();
    }

    /**
     * Starts the demo on 127.0.0.1, on a port (0 for any free one).
     *
     * @param port the port, or 0
     * @param secret the signing secret
     * @param store the session store
     * @return the running server; {@link Server#stop()} stops it
     * @throws Exception when Jetty does not start
     */
    public static Server start(int port, String secret, SessionStore store) throws Exception {
        SessionConfig<SessionData> sessions = SessionConfig.builder()
                .store(store)
                .secret(secret)
                // Secure on HTTPS, plain on http://localhost, so every browser keeps it.
                .cookie(CookieOptions.builder().secureAuto().sameSite(SameSite.LAX).maxAge(Duration.ofDays(7)).build())
                .build();
        ServletContextHandler context = new ServletContextHandler("/");
        context.addFilter(new FilterHolder(new SessionFilter(sessions)), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new VisitServlet()), "/");

        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setHeaderCacheCaseSensitive(true); // Cookie values must reach SessionKit as sent (see adapter-servlet)
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(context);
        server.start();
        return server;
    }

    /**
     * Returns the port a started server listens on.
     *
     * @param server a server from {@link #start}
     * @return the port
     */
    public static int port(Server server) {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }
}
