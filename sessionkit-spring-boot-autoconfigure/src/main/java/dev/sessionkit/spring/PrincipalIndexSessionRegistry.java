package dev.sessionkit.spring;

import dev.sessionkit.SessionData;
import dev.sessionkit.SessionManager;
import dev.sessionkit.SessionSummary;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.springframework.security.core.AuthenticatedPrincipal;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * Spring Security's {@link SessionRegistry} on SessionKit's principal index, so that
 * {@code sessionManagement().maximumSessions(n)} counts a user's sessions on every instance (the index lives in the
 * store), and expiring one ends it everywhere: its record is deleted, so its next request, on any instance, starts
 * logged out. Registering and removing are the index's own business (a login's save adds the session, a deleted one
 * drops out), so those calls do nothing.
 *
 * <p>Spring Security counts, then lets the login through: two logins at once on two instances can both pass its
 * check. Where that matters, set SessionKit's own limit too ({@code sessionkit.session-limit}, the same number): the
 * store enforces it atomically when the login is saved.
 */
final class PrincipalIndexSessionRegistry implements SessionRegistry {

    private final SessionManager<SessionData> manager;

    PrincipalIndexSessionRegistry(SessionManager<SessionData> manager) {
        this.manager = manager;
    }

    /** The name a session's principal is indexed under: what {@code Authentication.getName()} gives. */
    static String nameOf(Object principal) {
        if (principal instanceof UserDetails user) {
            return user.getUsername();
        }
        if (principal instanceof AuthenticatedPrincipal authenticated) {
            return authenticated.getName();
        }
        if (principal instanceof Principal named) {
            return named.getName();
        }
        return String.valueOf(principal);
    }

    /** Not kept: the index is read per principal, never listed whole. */
    @Override
    public List<Object> getAllPrincipals() {
        return List.of();
    }

    /** {@return the principal's live sessions, in a list the caller may sort (Spring Security does)} */
    @Override
    public List<SessionInformation> getAllSessions(Object principal, boolean includeExpiredSessions) {
        String name = nameOf(principal);
        List<SessionInformation> sessions = new ArrayList<>();
        for (SessionSummary session : manager.sessionsOf(name)) {
            sessions.add(new IndexedSession(principal, name, session, manager));
        }
        return sessions;
    }

    /**
     * Returns {@code null}: a session SessionKit ends is deleted, so the next request of its user finds no login, and
     * Spring Security's {@code ConcurrentSessionFilter} has nothing to expire.
     */
    @Override
    public SessionInformation getSessionInformation(String sessionId) {
        return null;
    }

    @Override
    public void refreshLastRequest(String sessionId) {
        // The store's expiry, moved at each request, is the last request.
    }

    @Override
    public void registerNewSession(String sessionId, Object principal) {
        // The login's save adds the session to the index (LoginPrincipalListener set its principal).
    }

    @Override
    public void removeSessionInformation(String sessionId) {
        // A deleted session drops out of the index by itself.
    }

    /** A session of the index, which {@link #expireNow()} ends in the store. */
    private static final class IndexedSession extends SessionInformation {

        private static final long serialVersionUID = 1L;

        private final transient SessionManager<SessionData> manager;
        private final String name;

        IndexedSession(Object principal, String name, SessionSummary session, SessionManager<SessionData> manager) {
            super(principal, session.id(), Date.from(session.lastSeen().orElse(session.created())));
            this.manager = manager;
            this.name = name;
        }

        @Override
        public void expireNow() {
            super.expireNow();
            manager.endSession(name, getSessionId());
        }
    }
}
