package dev.sessionkit.interop;

import dev.sessionkit.CookieOptions;
import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionData;
import dev.sessionkit.store.SessionStore;
import dev.sessionkit.testkit.http.RunningServer;
import java.time.Duration;
import java.util.List;

/** The three SessionKit adapters, each serving {@link InteropRoutes} on a real server on a free loopback port. */
enum JavaSide {
    SERVLET {
        @Override
        RunningServer start(SessionConfig<SessionData> config) throws Exception {
            return JettyApp.start(config);
        }
    },
    JAVALIN {
        @Override
        RunningServer start(SessionConfig<SessionData> config) {
            return JavalinApp.start(config);
        }
    },
    MICRONAUT {
        @Override
        RunningServer start(SessionConfig<SessionData> config) {
            return MicronautApp.start(config);
        }
    };

    /** The cookie lifetime of sessions SessionKit creates in these tests. */
    static final Duration MAX_AGE = Duration.ofHours(2);
    /** The absolute lifetime of a session on the Java side, whichever side saves it: ASVS level 2's 12 hours. */
    static final Duration ABSOLUTE_TIMEOUT = Duration.ofHours(12);

    /** Starts this adapter's server with {@code config}. */
    abstract RunningServer start(SessionConfig<SessionData> config) throws Exception;

    /**
     * The configuration the README documents for sharing with Node: the default name {@code connect.sid}, the store
     * on the shared Redis (default prefix {@code sess:}), the secrets oldest first (the last signs), a cookie with a
     * lifetime, an absolute timeout, and the id also in a header for API clients. The cookie keeps SessionKit's
     * default {@code Secure}: the tests pass cookies by hand.
     */
    static SessionConfig<SessionData> config(SessionStore store, List<String> secrets) {
        return SessionConfig.builder()
                .store(store)
                .secrets(secrets)
                .cookie(CookieOptions.builder().maxAge(MAX_AGE).build())
                .absoluteTimeout(ABSOLUTE_TIMEOUT)
                .idHeader(Http.ID_HEADER)
                .build();
    }
}
