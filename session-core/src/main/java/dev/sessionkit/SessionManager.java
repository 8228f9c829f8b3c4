package dev.sessionkit;

import java.util.List;
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

    /**
     * Returns a principal's live sessions, oldest first, for administration outside a request (an admin page, an
     * Actuator endpoint); none is {@linkplain SessionSummary#current() current}. One index read and one read per
     * session.
     *
     * @param principal the principal, as {@link Session#principal(String)} set it
     * @return the sessions
     * @throws UnsupportedOperationException when the store keeps no principal index
     * @throws dev.sessionkit.store.SessionStoreException when the store fails
     */
    public List<SessionSummary> sessionsOf(String principal) {
        return PrincipalSessions.of(runtime, principal).list(null);
    }

    /**
     * Ends one of a principal's sessions, outside a request: its record is deleted (a {@code DESTROYED} event), so
     * its next request starts a new session.
     *
     * @param principal the principal
     * @param id the session's id, as {@link #sessionsOf} gives it
     * @return whether it was one of the principal's live sessions, and is now ended
     * @throws UnsupportedOperationException when the store keeps no principal index
     * @throws dev.sessionkit.store.SessionStoreException when the store fails
     */
    public boolean endSession(String principal, String id) {
        Objects.requireNonNull(id, "id");
        return PrincipalSessions.of(runtime, principal).end(id::equals, null) == 1;
    }

    @Override
    public String toString() {
        return "SessionManager{" + runtime.config() + '}';
    }
}
