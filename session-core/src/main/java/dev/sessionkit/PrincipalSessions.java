package dev.sessionkit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One session's principal and label, and the principal's sessions through the store's index: listed with what their
 * records say, and ended one by one. Only sessions whose record still names the principal and is not over count,
 * whatever the index holds. Not thread-safe, like its session.
 */
final class PrincipalSessions {

    private final SessionRuntime<?> runtime;
    private String principal;
    private String label;
    /** Whether the next write must add the session to its principal's index. */
    private boolean indexPending;
    /** Whether this request set the label, which a merge then keeps. */
    private boolean labelSet;

    PrincipalSessions(SessionRuntime<?> runtime) {
        this.runtime = runtime;
    }

    /** Takes the principal and label a record stored; its index entry exists already. */
    void restore(RecordMeta meta) {
        principal = meta == null ? null : meta.principal();
        label = meta == null ? null : meta.label();
        indexPending = false;
        labelSet = false;
    }

    /** The session moves to a new id: the principal stays, and its index needs the new id. */
    void movedToNewId() {
        indexPending = principal != null;
    }

    Optional<String> principal() {
        return Optional.ofNullable(principal);
    }

    void principal(String principal) {
        Objects.requireNonNull(principal, "principal");
        if (principal.isBlank() || principal.length() > 256) {
            throw new IllegalArgumentException("principal must be 1 to 256 characters, not blank: was "
                    + principal.length() + " characters");
        }
        if (!principal.equals(this.principal)) {
            this.principal = principal;
            indexPending = true;
        }
    }

    void label(String label) {
        if (label != null && label.length() > 256) {
            throw new IllegalArgumentException("label must be at most 256 characters, was " + label.length());
        }
        this.label = label;
        labelSet = true;
    }

    /**
     * Takes the principal and label another writer stored meanwhile, except what this request set itself: a merge
     * keeps this request's login, and the other writer's otherwise.
     */
    void adopt(RecordMeta theirs) {
        if (!indexPending) {
            principal = theirs == null ? null : theirs.principal();
        }
        if (!labelSet) {
            label = theirs == null ? null : theirs.label();
        }
    }

    /** The metadata a write stores. */
    RecordMeta meta(Instant created) {
        return new RecordMeta(created, principal, label);
    }

    /** The record a write sends: asking the store for the index entry when one is due. */
    SessionRecord indexed(SessionRecord record, Instant created) {
        return indexPending && principal != null
                ? record.indexedUnder(principal, runtime.config().absoluteTimeout().map(created::plus).orElse(null))
                : record;
    }

    void written() {
        indexPending = false;
        labelSet = false;
    }

    /** The principal's live sessions, oldest first; {@code currentId} is marked. */
    List<SessionSummary> list(String currentId) {
        String of = required();
        Instant now = runtime.now();
        Optional<Duration> idle = runtime.config().idleTimeout();
        List<SessionSummary> sessions = new ArrayList<>();
        for (SessionStore.StoredSession stored : runtime.store().sessionsOf(of)) {
            DecodedRecord<?> record = runtime.codec().read(Optional.of(stored.json()));
            if (record == null || record.meta() == null || !of.equals(record.meta().principal())
                    || Lifetime.expired(record, runtime.config(), now)) {
                continue;
            }
            Instant created = record.meta().created();
            // Under an idle timeout each request sets the expiry to its time plus the timeout.
            Optional<Instant> lastSeen = stored.expiresAt() == null ? Optional.empty()
                    : idle.map(timeout -> stored.expiresAt().minus(timeout))
                            .map(seen -> seen.isBefore(created) ? created : seen.isAfter(now) ? now : seen);
            sessions.add(new SessionSummary(stored.id(), created, lastSeen,
                    Optional.ofNullable(record.meta().label()), stored.id().equals(currentId)));
        }
        sessions.sort(Comparator.comparing(SessionSummary::created));
        return sessions;
    }

    /** Ends the principal's live sessions that {@code ends} accepts, never {@code currentId}; returns how many. */
    int end(Predicate<String> ends, String currentId) {
        int ended = 0;
        for (SessionSummary session : list(currentId)) {
            if (!session.current() && !session.id().equals(currentId) && ends.test(session.id())) {
                long start = runtime.events().start();
                runtime.store().endSession(principal, session.id());
                runtime.events().emit(SessionEvent.Type.DESTROYED, session.id(), principal, StoreOperation.END_SESSION,
                        start);
                ended++;
            }
        }
        return ended;
    }

    private String required() {
        if (principal == null) {
            throw new IllegalStateException("this session has no principal: set one with principal(...) at login "
                    + "before listing or ending the principal's sessions");
        }
        return principal;
    }
}
