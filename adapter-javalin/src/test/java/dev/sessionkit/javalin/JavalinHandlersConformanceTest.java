package dev.sessionkit.javalin;

import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionConflictException;
import dev.sessionkit.SessionData;
import dev.sessionkit.store.SessionStoreException;
import dev.sessionkit.testkit.http.HttpConformanceSuite;
import dev.sessionkit.testkit.http.RunningServer;

/** The conformance suite with the plugin's handlers wired by hand, the plugin not registered. */
class JavalinHandlersConformanceTest extends HttpConformanceSuite {

    @Override
    protected RunningServer start(SessionConfig<SessionData> config) {
        SessionPlugin sessions = SessionPlugin.create(config);
        return JavalinTestServer.start(javalin -> {
            // What the plugin sets itself, and its Javadoc asks of hand-wired handlers: see SessionPlugin.
            javalin.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheCaseSensitive(true));
            javalin.routes.before(sessions.before());
            javalin.routes.exception(SessionStoreException.class, sessions.storeFailure());
            javalin.routes.exception(SessionConflictException.class, sessions.conflict());
            JavalinTestServer.referenceRoutes(javalin);
            javalin.routes.after(sessions.after());
        });
    }
}
