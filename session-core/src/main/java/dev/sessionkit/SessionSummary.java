package dev.sessionkit;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One of a principal's sessions, as {@link Session#sessionsOfPrincipal()} lists them for a "your sessions" page.
 *
 * @param id the session id; pass it to {@link Session#endSession(String)} to end that session. It is not a cookie
 *     (the cookie also carries a signature), but treat it as private to its user all the same
 * @param created when the session was created
 * @param lastSeen when it was last used, as far as the store's time-to-live tells under an idle timeout; empty
 *     without one
 * @param label what the application labelled it with ({@link Session#label(String)}), such as a browser and device
 * @param current whether it is the session of the request that lists them
 */
public record SessionSummary(String id, Instant created, Optional<Instant> lastSeen, Optional<String> label,
                             boolean current) {

    /**
     * Checks the components.
     *
     * @throws NullPointerException when a component is {@code null}
     */
    public SessionSummary {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(label, "label");
    }

    @Override
    public String toString() {
        return "SessionSummary{created=" + created + ", lastSeen=" + lastSeen + ", label=" + label + ", current="
                + current + '}';
    }
}
