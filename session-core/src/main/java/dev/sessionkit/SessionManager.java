package dev.sessionkit;

import java.util.Objects;

/**
 * The runtime of one {@link SessionConfig}: adapters hold one per application and {@linkplain #open open} a
 * {@link SessionContext} per request.
 *
 * <pre>{@code
 * SessionContext<SessionData> context = manager.open(exchange);
 * try {
 *     handle(request, context);   // the handler calls context.session()
 * } catch (RuntimeException e) {
 *     context.end(true);          // the handler failed: autoSave keeps nothing it half did
 *     throw e;                    // or answer FailureResponse.find(e), a store failure or a conflict
 * }
 * context.end(false)              // saves if due, adds Set-Cookie
 *         .ifPresent(answer -> respond(answer.status(), answer.body()));  // the store failed: 503, or 409
 * }</pre>
 *
 * <p>Thread-safe.
 *
 * @param <T> the type of the session data
 */
public final class SessionManager<T> {

    private final SessionRuntime<T> runtime;

    private SessionManager(SessionConfig<T> config) {
        this.runtime = SessionRuntime.of(config);
    }

    /**
     * Returns a manager for a configuration.
     *
     * @param config the configuration
     * @param <T> the type of the session data
     * @return the manager
     */
    public static <T> SessionManager<T> create(SessionConfig<T> config) {
        return new SessionManager<>(Objects.requireNonNull(config, "config"));
    }

    /**
     * Opens the session context of a request. Nothing is read from the store until the session is asked for. The
     * adapter opens one context per request and keeps it where its framework keeps per-request state.
     *
     * @param exchange the request and its response
     * @return a new context
     */
    public SessionContext<T> open(HttpExchange exchange) {
        return new SessionContext<>(runtime, Objects.requireNonNull(exchange, "exchange"));
    }

    /**
     * Returns the configuration.
     *
     * @return the configuration
     */
    public SessionConfig<T> config() {
        return runtime.config();
    }

    @Override
    public String toString() {
        return "SessionManager{" + runtime.config() + '}';
    }
}
