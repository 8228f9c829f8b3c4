package dev.sessionkit.javalin;

import dev.sessionkit.Session;
import dev.sessionkit.SessionContext;
import dev.sessionkit.SessionData;
import dev.sessionkit.store.SessionStore;
import dev.sessionkit.store.SessionStoreException;
import io.javalin.http.Context;
import java.util.Objects;

/**
 * Reaches the session of a Javalin request that {@link SessionPlugin} handles.
 *
 * <pre>{@code
 * config.routes.get("/views", ctx -> {
 *     Session<SessionData> session = Sessions.of(ctx);
 *     long views = session.data().getLong("views").orElse(0) + 1;
 *     session.data().put("views", views);
 *     session.save();
 *     ctx.result(String.valueOf(views));
 * });
 * }</pre>
 *
 * <p>These methods work from the plugin's before handler to its after handler: in before, route, exception, error
 * and after handlers that run between them. The same accessors, {@code Sessions.of} and {@code Sessions.store}, exist
 * in each SessionKit adapter. Thread-safety: that of the request's {@link Session}, which one thread at a time may
 * use.
 */
public final class Sessions {

    static final String CONTEXT = Sessions.class.getName() + ".context";

    private Sessions() {
    }

    /**
     * Returns the request's session, for the default data type {@link SessionData}; loads it from the store on the
     * first call in the request.
     *
     * @param ctx the request
     * @return the session
     * @throws IllegalStateException when the plugin's handlers do not handle this request, or after its after
     *     handler, or when the configured data type is not {@link SessionData}
     * @throws SessionStoreException when the store cannot be read; the plugin answers it with 503
     */
    public static Session<SessionData> of(Context ctx) {
        return of(ctx, SessionData.class);
    }

    /**
     * Returns the request's session, typed; loads it from the store on the first call in the request.
     *
     * @param ctx the request
     * @param type the data class given to {@code SessionConfig.builder(Class)}
     * @param <T> the type of the session data
     * @return the session
     * @throws IllegalStateException when the plugin's handlers do not handle this request, or after its after
     *     handler, or when the configured data type is not a {@code type}
     * @throws SessionStoreException when the store cannot be read; the plugin answers it with 503
     */
    public static <T> Session<T> of(Context ctx, Class<T> type) {
        return context(ctx).session(Objects.requireNonNull(type, "type"));
    }

    /**
     * Returns the configured store, for administration such as counting or clearing sessions. Makes no store call.
     *
     * @param ctx the request
     * @return the store
     * @throws IllegalStateException when the plugin's handlers do not handle this request
     */
    public static SessionStore store(Context ctx) {
        return context(ctx).store();
    }

    /**
     * Commits the session now: does the store writes due at the end of the request and adds the
     * {@code Set-Cookie} header. A route calls it before writing its body itself (to {@code ctx.outputStream()} or
     * {@code ctx.res().getOutputStream()}), which may commit the response before the after handler runs. After it,
     * the session may still be read and {@code save()}d, but not regenerated nor its cookie edited; the after
     * handler does not commit again. Does nothing when the request never used its session.
     *
     * @param ctx the request
     * @throws IllegalStateException when the plugin's handlers do not handle this request
     * @throws SessionStoreException when the store cannot be written; the plugin answers it with 503
     */
    public static void commit(Context ctx) {
        context(ctx).commit();
    }

    private static SessionContext<?> context(Context ctx) {
        Objects.requireNonNull(ctx, "ctx");
        SessionContext<?> context = ctx.attribute(CONTEXT);
        if (context == null) {
            throw new IllegalStateException("no SessionKit session on this request (" + ctx.method() + " "
                    + ctx.path() + "): register SessionPlugin.create(sessionConfig) with config.registerPlugin(...), "
                    + "or add its before() handler with config.routes.before(...) ahead of the handlers that use "
                    + "the session; a before handler registered earlier may also have failed or redirected");
        }
        return context;
    }
}
