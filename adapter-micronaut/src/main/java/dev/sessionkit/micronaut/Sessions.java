package dev.sessionkit.micronaut;

import dev.sessionkit.Session;
import dev.sessionkit.SessionContext;
import dev.sessionkit.SessionData;
import dev.sessionkit.store.SessionStore;
import io.micronaut.http.HttpRequest;
import java.util.Objects;

/**
 * Reaches the SessionKit session of a Micronaut request from code that cannot declare a {@link Session} controller
 * argument, such as a filter or a service given the request. The same accessors, {@code Sessions.of} and
 * {@code Sessions.store}, exist in each SessionKit adapter.
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
 * <p><b>Configuration.</b> By default the options come from the {@code sessionkit.*} properties, with the keys of
 * the README's "Options as strings" table in Micronaut's kebab case ({@code sessionkit.secret},
 * {@code sessionkit.cookie.max-age}, …), parsed by
 * {@link dev.sessionkit.SessionConfig.Builder#properties(java.util.Map)} as every adapter does;
 * {@code sessionkit.secret} may also be a list ({@code secrets} too), oldest first. The store is
 * the application's {@link dev.sessionkit.store.SessionStore} bean or, when there is none and
 * {@code dev.sessionkit:session-store-caffeine} is on the classpath, an in-memory Caffeine store; with neither, the
 * application fails to start saying so. An application that provides a {@link dev.sessionkit.SessionConfig} bean
 * configures everything in code instead, and the properties are ignored. Without a secret, with an unknown key or a
 * bad value, the application fails to start.
 *
 * <p><b>Threads.</b> The session is loaded from the store on its first method call, never when it is bound, and the
 * filter makes its store calls on the {@link io.micronaut.scheduling.TaskExecutors#BLOCKING blocking} executor when
 * the response arrives on an event loop thread. Store calls block, so a session used on a Netty event loop thread
 * throws {@link IllegalStateException} (a 500), whatever the store: run controllers that use sessions with
 * {@code @ExecuteOn(TaskExecutors.BLOCKING)}, or set {@code micronaut.server.thread-selection: BLOCKING}.
 *
 * <p>Thread-safe.
 */
public final class Sessions {

    private Sessions() {
    }

    /**
     * Returns the session of a request, for the default data type {@link SessionData}, to be loaded on its first
     * method call.
     *
     * @param request the current request, as the server gave it to a controller or filter
     * @return the session, valid until the response is written; not thread-safe
     * @throws IllegalStateException when the request did not pass through the SessionKit filter, or the configured
     *     data type is not {@link SessionData}
     */
    public static Session<SessionData> of(HttpRequest<?> request) {
        return of(request, SessionData.class);
    }

    /**
     * Returns the session of a request, typed, to be loaded on its first method call.
     *
     * @param request the current request, as the server gave it to a controller or filter
     * @param type the data class given to {@code SessionConfig.builder(Class)}
     * @param <T> the type of the session data
     * @return the session, valid until the response is written; not thread-safe
     * @throws IllegalStateException when the request did not pass through the SessionKit filter, or the configured
     *     data type is not a {@code type}
     */
    public static <T> Session<T> of(HttpRequest<?> request, Class<T> type) {
        SessionContext<?> context = context(request);
        context.checkDataType(Objects.requireNonNull(type, "type"));
        return new LazySession<>(context, type);
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
        MicronautExchange exchange = MicronautExchange.find(Objects.requireNonNull(request, "request"));
        if (exchange == null) {
            throw new IllegalStateException("no SessionKit session for this request: sessions exist only for "
                    + "requests the Micronaut HTTP server passed through the SessionKit filter");
        }
        return exchange.context();
    }
}
