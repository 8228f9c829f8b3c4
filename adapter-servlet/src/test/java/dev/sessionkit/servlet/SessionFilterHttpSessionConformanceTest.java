package dev.sessionkit.servlet;

import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionData;
import dev.sessionkit.testkit.http.HttpConformanceSuite;
import dev.sessionkit.testkit.http.RunningServer;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * The HTTP conformance suite on embedded Jetty 12 with its routes written against {@code request.getSession()}: the
 * Servlet API's view of a SessionKit session behaves as the session does.
 */
class SessionFilterHttpSessionConformanceTest extends HttpConformanceSuite {

    @Override
    protected RunningServer start(SessionConfig<SessionData> config) throws Exception {
        return JettyServer.start(context -> {
            context.addFilter(new FilterHolder(new SessionFilter(config)), "/*", EnumSet.of(DispatcherType.REQUEST));
            context.addServlet(new ServletHolder(new HttpSessionReferenceServlet(config.store())), "/*");
        });
    }
}
