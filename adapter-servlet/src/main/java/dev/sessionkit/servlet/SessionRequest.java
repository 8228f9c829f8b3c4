package dev.sessionkit.servlet;

import dev.sessionkit.Session;
import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionContext;
import dev.sessionkit.SessionData;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;

/**
 * The request as the chain behind {@link SessionFilter} sees it: {@code getSession()} is the SessionKit session
 * ({@link SessionKitHttpSession}), never the container's, so no {@code JSESSIONID} is made whoever asks.
 * {@code changeSessionId()} moves the session to a new id keeping its data ({@link Session#changeId()}).
 */
final class SessionRequest extends HttpServletRequestWrapper {

    private final SessionContext<?> context;
    private final SessionConfig<?> config;
    private final AttributeCodec codec;
    private final HttpSessionListeners listeners;
    private SessionKitHttpSession view;

    SessionRequest(HttpServletRequest request, SessionContext<?> context, SessionConfig<?> config,
                   AttributeCodec codec, HttpSessionListeners listeners) {
        super(request);
        this.context = context;
        this.config = config;
        this.codec = codec;
        this.listeners = listeners;
    }

    /** The view made in this request, or {@code null}: its changes are saved before the response commits. */
    SessionKitHttpSession view() {
        return view;
    }

    @Override
    public HttpSession getSession() {
        return getSession(true);
    }

    /**
     * Returns the SessionKit session as an {@link HttpSession}. {@code create == false} returns {@code null} when the
     * request carries no stored session (a session is then not loaded twice: the view stays for the request). After
     * {@code invalidate()}, {@code getSession(true)} starts a new session with a new id, as a container does (Spring
     * Security's {@code migrateSession} fixation protection relies on it).
     */
    @Override
    public HttpSession getSession(boolean create) {
        if (view != null && !view.invalidated()) {
            return view;
        }
        if (view != null) { // invalidated in this request
            if (!create) {
                return null;
            }
            view.session().regenerate();
            return newView(view.session());
        }
        Session<SessionData> session = sessionData();
        if (!create && session.isNew()) {
            return null;
        }
        return newView(session);
    }

    private SessionKitHttpSession newView(Session<SessionData> session) {
        view = new SessionKitHttpSession(session, getServletContext(), config, codec, listeners);
        if (session.isNew()) {
            listeners.created(view);
        }
        return view;
    }

    /** The SessionKit session; core refuses it, saying why, when the configured data type is not SessionData. */
    private Session<SessionData> sessionData() {
        return context.session(SessionData.class);
    }

    @Override
    public String changeSessionId() {
        SessionKitHttpSession session = (SessionKitHttpSession) getSession(false);
        if (session == null) {
            throw new IllegalStateException("changeSessionId: this request has no session");
        }
        String oldId = session.getId();
        session.session().changeId();
        session.idChanged(oldId);
        return session.getId();
    }

    /** {@return the SessionKit session's id when the request carried one that was loaded, else {@code null}} */
    @Override
    public String getRequestedSessionId() {
        Session<SessionData> session = sessionData();
        return session.isNew() ? null : session.id();
    }

    @Override
    public boolean isRequestedSessionIdValid() {
        return getRequestedSessionId() != null;
    }

    @Override
    public boolean isRequestedSessionIdFromCookie() {
        return isRequestedSessionIdValid();
    }

    @Override
    public boolean isRequestedSessionIdFromURL() {
        return false;
    }
}
