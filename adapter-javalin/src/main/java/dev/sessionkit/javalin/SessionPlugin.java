package dev.sessionkit.javalin;

import dev.sessionkit.FailureResponse;
import dev.sessionkit.Session;
import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionConflictException;
import dev.sessionkit.SessionContext;
import dev.sessionkit.SessionData;
import dev.sessionkit.SessionException;
import dev.sessionkit.SessionManager;
import dev.sessionkit.store.SessionStore;
import dev.sessionkit.store.SessionStoreException;
import io.javalin.config.JavalinState;
import io.javalin.http.Context;
import io.javalin.http.ExceptionHandler;
import io.javalin.http.Handler;
import io.javalin.http.servlet.JavalinServletContext;
import io.javalin.plugin.ContextPlugin;
import java.util.Objects;

/**
 * SessionKit for Javalin 7: gives every request a lazily loaded {@link dev.sessionkit.Session}, reached with
 * {@link Sessions#of(Context)} (or, Javalin's way for a plugin's per-request access,
 * {@code ctx.with(SessionPlugin.class).session()}), and writes its cookie before Javalin writes the response.
 *
 * <p>Registered in one line, it adds its three handlers itself:
 * <pre>{@code
 * Javalin app = Javalin.create(config -> {
 *     config.registerPlugin(SessionPlugin.create(sessionConfig));
 *     config.routes.get("/views", ctx -> {
 *         Session<SessionData> session = Sessions.of(ctx);
 *         ...
 *     });
 * });
 * }</pre>
 * The {@linkplain #before() before handler} is added where the plugin is registered (register it before your own
 * before handlers that use the session), the {@linkplain #storeFailure() store failure} and
 * {@linkplain #conflict() conflict} handlers at the same time (a mapping of your own for
 * {@link SessionStoreException} or {@link SessionConflictException}, added later, replaces it, and the after handler
 * then commits as after any other exception), and the {@linkplain #after() after handler} once your configuration is
 * complete, so that it runs after your own after handlers. Wired by hand, the same handlers:
 * <pre>{@code
 * SessionPlugin sessions = SessionPlugin.create(sessionConfig);
 * config.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheCaseSensitive(true)); // see below
 * config.routes.before(sessions.before());                                          // first
 * config.routes.exception(SessionStoreException.class, sessions.storeFailure());
 * config.routes.exception(SessionConflictException.class, sessions.conflict());
 * config.routes.after(sessions.after());                                            // last
 * }</pre>
 *
 * <p>Registered, the plugin also makes Jetty's per-connection header cache case-sensitive: by default Jetty serves a
 * header value that differs from one sent earlier on the same connection only in case as that earlier value, so a
 * cookie whose signature was changed in case alone would verify. Wired by hand, set it as above.
 *
 * <p>The request's life:
 * <ul>
 *   <li>{@link #before()} opens the request's {@link SessionContext}; nothing is read from the store until a handler
 *       calls {@link Sessions#of(Context)}.</li>
 *   <li>{@link #after()} commits it (store writes due at the end of the request, then {@code Set-Cookie}) and
 *       closes it. Javalin runs after handlers after the route, the exception and the error handlers, and writes
 *       {@code ctx.result(...)} only after them, so the cookie always goes out with such a response.</li>
 *   <li>An exception thrown by a route does not cancel the session: Javalin's exception handling sets the response
 *       (a 500 unless the application maps the exception), then the after handler commits and closes as for any
 *       other response. What the route saved stays saved and its cookie is sent with the error response; what it
 *       changed without saving is not kept, even with {@code autoSave}.</li>
 *   <li>A {@link SessionStoreException}, from {@code Sessions.of(ctx)}, a session method or the commit, is answered
 *       {@code 503} with the plain body {@code Service Unavailable} and logged once at WARN. Core then makes no
 *       further store call in that request (commit and close skip the store) and no {@code Set-Cookie} is sent.</li>
 *   <li>A {@link SessionConflictException} (a save that could not be merged) is answered {@code 409} with the
 *       plain body {@code Conflict} and logged at INFO; nothing of that save was written.</li>
 *   <li>A route that writes its body itself ({@code ctx.outputStream()}, {@code ctx.res().getOutputStream()}, a
 *       seekable stream) and flushes it, or writes more than Jetty's response buffer (32 KiB by default), commits
 *       the response before the after handler runs: the cookie is then lost (core logs a WARN) and
 *       {@code regenerate()} or cookie edits after that point fail. Such a route calls {@link Sessions#commit}
 *       before writing. {@code ctx.skipRemainingHandlers()} also skips the after handler: the session is then
 *       neither committed nor closed.</li>
 * </ul>
 *
 * <p>One instance per application (Javalin refuses to register a plugin class twice). Thread-safe: the handlers
 * keep no state between requests.
 */
public final class SessionPlugin extends ContextPlugin<Void, SessionPlugin.Access> {


    private final SessionManager<?> manager;
    private final Handler before = this::open;
    private final Handler after = this::end;
    private final ExceptionHandler<SessionStoreException> storeFailure = SessionPlugin::answer;
    private final ExceptionHandler<SessionConflictException> conflict = SessionPlugin::answer;

    private SessionPlugin(SessionManager<?> manager) {
        this.manager = manager;
    }

    /**
     * Returns a plugin for a configuration, to register with {@code config.registerPlugin(...)} or to take its
     * handlers from.
     *
     * @param config the session configuration
     * @return the plugin
     * @throws NullPointerException when {@code config} is {@code null}
     */
    public static SessionPlugin create(SessionConfig<?> config) {
        return new SessionPlugin(SessionManager.create(Objects.requireNonNull(config, "config")));
    }

    /**
     * Returns the handler to add with {@code config.routes.before(...)}, before any handler that uses the session:
     * it opens the request's session context, without a store call.
     *
     * @return the before handler
     */
    public Handler before() {
        return before;
    }

    /**
     * Returns the handler to add with {@code config.routes.after(...)}, after any handler that uses the session:
     * it commits the session (store writes, {@code Set-Cookie}) and closes it. It answers a store failure during the
     * commit with 503 itself.
     *
     * @return the after handler
     */
    public Handler after() {
        return after;
    }

    /**
     * Returns the handler to add with {@code config.routes.exception(SessionStoreException.class, ...)}: it answers
     * {@code 503 Service Unavailable} with a plain body and no internal detail, logs the failure once at WARN, and
     * keeps the after handler from committing (no further store call, no {@code Set-Cookie}).
     *
     * @return the exception handler
     */
    public ExceptionHandler<SessionStoreException> storeFailure() {
        return storeFailure;
    }

    /**
     * Returns the handler to add with {@code config.routes.exception(SessionConflictException.class, ...)}: it
     * answers {@code 409 Conflict} to a save that could not be merged ({@link dev.sessionkit.ConflictPolicy#FAIL},
     * or a record that kept changing), logs it once at INFO, and keeps the after handler from writing.
     *
     * @return the exception handler
     */
    public ExceptionHandler<SessionConflictException> conflict() {
        return conflict;
    }

    /**
     * Adds the before handler and the store failure mapping where the plugin is registered. Called by Javalin.
     *
     * @param state Javalin's configuration
     */
    @Override
    public void onInitialize(JavalinState state) {
        // Jetty caches header values per connection and, by default, matches them ignoring case: a Cookie header
        // that differs from an earlier one on the connection only in case would reach the session as that earlier
        // value. The signature must see the bytes the client sent.
        state.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheCaseSensitive(true));
        state.routes.before(before);
        state.routes.exception(SessionStoreException.class, storeFailure);
        state.routes.exception(SessionConflictException.class, conflict);
    }

    /**
     * Adds the after handler once the application's configuration is complete, so that it runs after the
     * application's own after handlers. Called by Javalin.
     *
     * @param state Javalin's configuration
     */
    @Override
    public void onStart(JavalinState state) {
        state.routes.after(after);
    }

    private void open(Context ctx) {
        if (ctx.attribute(Sessions.CONTEXT) == null) { // the before handler may be added twice; one context a request
            ctx.attribute(Sessions.CONTEXT, manager.open(new JavalinExchange(ctx)));
        }
    }

    private void end(Context ctx) {
        SessionContext<?> context = ctx.attribute(Sessions.CONTEXT);
        if (context == null) {
            return; // not opened: an earlier before handler failed or redirected
        }
        // Javalin sets the flag whenever a handler threw, before its exception handlers (ours included) answer.
        boolean routeFailed = ctx instanceof JavalinServletContext servletContext
                && servletContext.getExceptionOccurred();
        context.end(routeFailed).ifPresent(answer -> answer(answer, ctx));
    }

    private static void answer(SessionException e, Context ctx) {
        answer(FailureResponse.find(e).orElseThrow(() -> e), ctx);
    }

    private static void answer(FailureResponse answer, Context ctx) {
        answer.log();
        if (ctx.res().isCommitted()) {
            return; // the route streamed its body: the status is gone, and a result would be appended to it
        }
        ctx.status(answer.status()).contentType(FailureResponse.CONTENT_TYPE).result(answer.body());
    }

    /**
     * Returns the request's session access, for {@code ctx.with(SessionPlugin.class)}. Called by Javalin.
     *
     * @param ctx the request
     * @return the access: the same as {@link Sessions}' methods for this request
     */
    @Override
    public Access createExtension(Context ctx) {
        return new Access(ctx);
    }

    /**
     * A request's session, reached through {@code ctx.with(SessionPlugin.class)}: Javalin's idiom for a plugin's
     * per-request access, equivalent to {@link Sessions} (which stays the shorter form).
     */
    public static final class Access {
        private final Context ctx;

        private Access(Context ctx) {
            this.ctx = ctx;
        }

        /**
         * Returns the request's session, as {@link Sessions#of(Context)}.
         *
         * @return the session, loaded on first use
         */
        public Session<SessionData> session() {
            return Sessions.of(ctx);
        }

        /**
         * Returns the request's session for a typed configuration, as {@link Sessions#of(Context, Class)}.
         *
         * @param type the configured data class
         * @param <T> the data type
         * @return the session, loaded on first use
         */
        public <T> Session<T> session(Class<T> type) {
            return Sessions.of(ctx, type);
        }

        /**
         * Returns the configuration's store, as {@link Sessions#store(Context)}.
         *
         * @return the store
         */
        public SessionStore store() {
            return Sessions.store(ctx);
        }

        /** Commits the session before a route writes its body itself, as {@link Sessions#commit(Context)}. */
        public void commit() {
            Sessions.commit(ctx);
        }
    }

    @Override
    public String toString() {
        return "SessionPlugin{" + manager.config() + '}';
    }
}
