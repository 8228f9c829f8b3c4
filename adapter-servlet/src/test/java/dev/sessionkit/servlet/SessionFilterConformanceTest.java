package dev.sessionkit.servlet;

import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionData;
import dev.sessionkit.testkit.http.HttpConformanceSuite;
import dev.sessionkit.testkit.http.RunningServer;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/** The HTTP conformance suite on embedded Jetty 12 (ee10), the filter registered in code. */
class SessionFilterConformanceTest extends HttpConformanceSuite {

    @Override
    protected RunningServer start(SessionConfig<SessionData> config) throws Exception {
        return JettyServer.start(context -> {
            context.addFilter(new FilterHolder(new SessionFilter(config)), "/*", EnumSet.of(DispatcherType.REQUEST));
            context.addServlet(new ServletHolder(new ReferenceServlet(config.store())), "/*");
        });
    }
}
