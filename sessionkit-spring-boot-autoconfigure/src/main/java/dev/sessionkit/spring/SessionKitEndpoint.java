package dev.sessionkit.spring;

import dev.sessionkit.SessionData;
import dev.sessionkit.SessionManager;
import dev.sessionkit.SessionSummary;
import dev.sessionkit.event.SessionEvent;
import java.time.Instant;
import java.util.List;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code sessionkit} Actuator endpoint: a principal's sessions, and ending one. Exposed and secured as any
 * Actuator endpoint ({@code management.endpoints.web.exposure.include=sessionkit}; over the web,
 * {@code GET /actuator/sessionkit/{principal}} and {@code DELETE /actuator/sessionkit/{principal}/{id}}). Session ids
 * are never shown whole: a session is named by the start of its id, as SessionKit's events and logs name it.
 */
@Endpoint(id = "sessionkit")
public class SessionKitEndpoint {

    private final SessionManager<SessionData> manager;

    SessionKitEndpoint(SessionManager<SessionData> manager) {
        this.manager = manager;
    }

    /**
     * Lists a principal's live sessions, oldest first.
     *
     * @param principal the principal, as the login named it
     * @return the sessions
     */
    @ReadOperation
    public Sessions sessions(@Selector String principal) {
        return new Sessions(principal, manager.sessionsOf(principal).stream().map(SessionDescriptor::of).toList());
    }

    /**
     * Ends the principal's session whose id starts with {@code id} (as {@link #sessions} shows it): its record is
     * deleted, so its next request starts logged out.
     *
     * @param principal the principal
     * @param id the start of the session's id, as listed
     * @return whether exactly one session matched and was ended
     */
    @DeleteOperation
    public boolean end(@Selector String principal, @Selector String id) {
        List<SessionSummary> matching = manager.sessionsOf(principal).stream()
                .filter(session -> SessionEvent.prefixOf(session.id()).equals(id)).toList();
        return matching.size() == 1 && manager.endSession(principal, matching.get(0).id());
    }

    /**
     * A principal's sessions.
     *
     * @param principal the principal
     * @param sessions its live sessions, oldest first
     */
    public record Sessions(String principal, List<SessionDescriptor> sessions) {
    }

    /**
     * One session, without its full id.
     *
     * @param id the start of the session's id
     * @param created when it was created (or its user logged in)
     * @param lastSeen its last request, where the idle timeout tells it; else {@code null}
     * @param label its label (a device), or {@code null}
     */
    public record SessionDescriptor(String id, Instant created, Instant lastSeen, String label) {

        static SessionDescriptor of(SessionSummary session) {
            return new SessionDescriptor(SessionEvent.prefixOf(session.id()), session.created(),
                    session.lastSeen().orElse(null), session.label().orElse(null));
        }
    }
}
