package dev.sessionkit.micronaut;

import dev.sessionkit.Session;
import dev.sessionkit.SessionContext;
import dev.sessionkit.SessionStore;
import io.micronaut.http.HttpRequest;

/**
 * Reaches the SessionKit session of a Micronaut request from code that cannot declare a {@link Session} controller
 * argument, such as a filter or a service given the request.
 *
 * <p>The adapter needs no wiring: with {@code adapter-micronaut} on the classpath, a server filter (in the
 * {@code SESSION} phase of {@link io.micronaut.http.filter.ServerFilterPhase}) opens a session context for every
 * request and commits it just before the response is written, and controllers receive their session as an argument:
 * <pre>{@code
 * @Controller("/cart")
 * @ExecuteOn(TaskExecutors.BLOCKING)
 * class CartController {
 *     @Post("/{item}")
 *     String add(String item, Session<SessionData> session) {
 *         session.data().put("item", item);
 *         session.save();
 *         return "ok";
 *     }
 * }
 * }</pre>
 *
 * <p><b>Configuration.</b> By default the options come from {@code sessionkit.*} properties, parsed by
 * {@link dev.sessionkit.SessionConfig.Builder#properties(java.util.Map)} ({@code secret} or a {@code secrets} list,
 * {@code name}, {@code save-uninitialized}, {@code rolling}, {@code auto-save}, {@code trust-proxy},
 * {@code cookie.max-age}, {@code cookie.same-site}, {@code cookie.secure}, {@code cookie.path}, {@code cookie.domain},
 * {@code cookie.http-only}, {@code cookie.partitioned}, {@code cookie.priority}), and the store is the application's
 * {@link dev.sessionkit.SessionStore} bean, or an in-memory Caffeine store when there is none. An application that
 * provides a {@link dev.sessionkit.SessionConfig} bean configures everything in code instead, and the properties are
 * ignored. Without a secret, or with a bad value, the application fails to start.
 *
 * <p><b>Threads.</b> The session is loaded from the store on its first method call, never when it is bound, and the
 * filter makes its store calls on the {@link io.micronaut.scheduling.TaskExecutors#BLOCKING blocking} executor when
 * the response arrives on an event loop thread. Store calls block, so a session used on a Netty event loop thread
 * throws {@link IllegalStateException} (a 500), whatever the store: run controllers that use sessions with
 * {@code @ExecuteOn(TaskExecutors.BLOCKING)}, or set {@code micronaut.server.thread-selection: BLOCKING}.
 *
 * <p>Thread-safe.
 */
public final class MicronautSessions {

    private MicronautSessions() {
    }

    /**
     * Returns the session of a request, to be loaded on its first method call.
     *
     * @param request the current request, as the server gave it to a controller or filter
     * @param <T> the session data type of the configured {@link dev.sessionkit.SessionConfig}
     * @return the session, valid until the response is written; not thread-safe
     * @throws IllegalStateException when the request did not pass through the SessionKit filter
     */
    @SuppressWarnings("unchecked")
    public static <T> Session<T> of(HttpRequest<?> request) {
        return new LazySession<>((SessionContext<T>) context(request));
    }

    /**
     * Returns the session store in use, for administration such as counting or clearing sessions.
     *
     * @param request the current request
     * @return the store of the configured {@link dev.sessionkit.SessionConfig}
     * @throws IllegalStateException when the request did not pass through the SessionKit filter
     */
    public static SessionStore store(HttpRequest<?> request) {
        return context(request).store();
    }

    private static SessionContext<?> context(HttpRequest<?> request) {
        MicronautExchange exchange = MicronautExchange.find(request);
        if (exchange == null) {
            throw new IllegalStateException("no SessionKit session for this request: sessions exist only for "
                    + "requests the Micronaut HTTP server passed through the SessionKit filter");
        }
        return exchange.context();
    }
}
