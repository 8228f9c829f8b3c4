package dev.sessionkit.interop;

import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionData;
import dev.sessionkit.servlet.SessionFilter;
import dev.sessionkit.servlet.Sessions;
import dev.sessionkit.testkit.http.ReferenceApp;
import dev.sessionkit.testkit.http.RunningServer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Embedded Jetty 12 (ee10) with SessionKit's {@link SessionFilter} and a servlet serving {@link InteropRoutes}. */
@SuppressWarnings("try") // close() throws what Jetty's stop() throws
final class JettyApp implements RunningServer {

    private final Server server;
    private final URI baseUri;

    private JettyApp(Server server, URI baseUri) {
        this.server = server;
        this.baseUri = baseUri;
    }

    static JettyApp start(SessionConfig<SessionData> config) throws Exception {
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setHeaderCacheCaseSensitive(true); // Cookie values must reach SessionKit as sent (see adapter-servlet)
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addFilter(new FilterHolder(new SessionFilter(config)), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new RoutesServlet()), "/*");
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
        return new JettyApp(server, URI.create("http://127.0.0.1:" + connector.getLocalPort()));
    }

    private static final class RoutesServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Map<String, String> query = new HashMap<>();
            request.getParameterMap().forEach((name, values) -> query.put(name, values[0]));
            ReferenceApp.Reply reply = InteropRoutes.handle(request.getRequestURI(), query,
                    () -> Sessions.of(request), Sessions.store(request));
            response.setStatus(reply.status());
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write(reply.body());
        }
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
