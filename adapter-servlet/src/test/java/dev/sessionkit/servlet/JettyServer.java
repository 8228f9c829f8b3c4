package dev.sessionkit.servlet;

import dev.sessionkit.testkit.http.RunningServer;
import java.net.URI;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** An embedded Jetty 12 (ee10) server on 127.0.0.1 and a free port, with one servlet context at {@code /}. */
@SuppressWarnings("try") // close() throws what Jetty's stop() throws
final class JettyServer implements RunningServer {

    private final Server server;
    private final URI baseUri;

    private JettyServer(Server server, URI baseUri) {
        this.server = server;
        this.baseUri = baseUri;
    }

    /** Starts a server whose context {@code setup} fills with filters, servlets and attributes. */
    static JettyServer start(Consumer<ServletContextHandler> setup) throws Exception {
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        // Jetty answers 431 to request headers over 8 KiB, before any filter runs; the suite sends an 8 KiB cookie
        // to prove that core ignores it, so the limit is raised as an application expecting large cookies would.
        http.setRequestHeaderSize(16 * 1024);
        // As the adapter's README asks: Jetty's header cache must not match Cookie values ignoring case.
        http.setHeaderCacheCaseSensitive(true);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        setup.accept(context);
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
        return new JettyServer(server, URI.create("http://127.0.0.1:" + connector.getLocalPort()));
    }

    @Override
    public URI baseUri() {
        return baseUri;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
