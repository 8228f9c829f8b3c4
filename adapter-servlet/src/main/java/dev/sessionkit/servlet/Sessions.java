package dev.sessionkit.servlet;

import dev.sessionkit.Session;
import dev.sessionkit.SessionContext;
import dev.sessionkit.SessionData;
import dev.sessionkit.store.SessionStore;
import dev.sessionkit.store.SessionStoreException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.Objects;

/**
 * Reaches the session of a request that {@link SessionFilter} handles.
 *
 * <pre>{@code
 * Session<SessionData> session = Sessions.of(request);
 * long views = session.data().getLong("views").orElse(0) + 1;
 * session.data().put("views", views);
 * session.save();
 * }</pre>
 *
 * <p>The same accessors, {@code Sessions.of} and {@code Sessions.store}, exist in each SessionKit adapter.
 * Thread-safety: that of the request's {@link Session}, which one thread at a time may use.
 */
public final class Sessions {

    private Sessions() {
    }

    /**
     * Returns the request's session, for the default data type {@link SessionData}; loads it from the store on the
     * first call in the request.
     *
     * @param request a request that passed through a {@code SessionFilter}
     * @return the session
     * @throws IllegalStateException when no {@code SessionFilter} ran for the request, the request has ended, or
     *     the configured data type is not {@link SessionData}
     * @throws SessionStoreException when the store cannot be read; the filter answers it with 503
     */
    public static Session<SessionData> of(HttpServletRequest request) {
        return of(request, SessionData.class);
    }

    /**
     * Returns the request's session, typed; loads it from the store on the first call in the request.
     *
     * @param request a request that passed through a {@code SessionFilter}
     * @param type the data class given to {@code SessionConfig.builder(Class)}
     * @param <T> the type of the session data
     * @return the session
     * @throws IllegalStateException when no {@code SessionFilter} ran for the request, the request has ended, or
     *     the configured data type is not a {@code type}
     * @throws SessionStoreException when the store cannot be read; the filter answers it with 503
     */
    public static <T> Session<T> of(HttpServletRequest request, Class<T> type) {
        return context(request).session(Objects.requireNonNull(type, "type"));
    }

    /**
     * Returns the SessionKit session behind an {@code HttpSession} that {@code request.getSession()} gave behind a
     * {@code SessionFilter}, for code that has the {@code HttpSession} only (a session listener, say).
     *
     * @param session an {@code HttpSession} of a request behind a {@code SessionFilter}
     * @return the session
     * @throws IllegalArgumentException when the session is the container's, not SessionKit's
     */
    public static Session<SessionData> of(HttpSession session) {
        if (Objects.requireNonNull(session, "session") instanceof SessionKitHttpSession view) {
            return view.session();
        }
        throw new IllegalArgumentException("a " + session.getClass().getName() + " is not SessionKit's HttpSession: "
                + "the request did not pass through a SessionFilter with httpSession on");
    }

    /**
     * Returns the store of the filter that ran for a request, for administration such as clearing all sessions.
     * Makes no store call.
     *
     * @param request a request that passed through a {@code SessionFilter}
     * @return the store
     * @throws IllegalStateException when no {@code SessionFilter} ran for the request
     */
    public static SessionStore store(HttpServletRequest request) {
        return context(request).store();
    }

    private static SessionContext<?> context(HttpServletRequest request) {
        Object context = Objects.requireNonNull(request, "request").getAttribute(SessionFilter.CONTEXT_ATTRIBUTE);
        if (context instanceof SessionContext<?> found) {
            return found;
        }
        throw new IllegalStateException("no session on this request: SessionFilter did not run for it; map "
                + "SessionFilter to this URL, ahead of the servlet or filter that asks for the session");
    }
}
