package dev.sessionkit;

import dev.sessionkit.event.SessionEvent;
import dev.sessionkit.event.StoreOperation;
import dev.sessionkit.store.PrincipalIndex;
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
    /** The id this request added to the index, so that a retried write does not add it again. */
    private String indexedId;
    /** Whether this request set the label, which a merge then keeps. */
    private boolean labelSet;
    /** When the user last authenticated: the login, or a later re-authentication; {@code null} when unknown. */
    private Instant authenticated;
    /** Whether this request authenticated, which a merge then keeps. */
    private boolean authenticatedSet;
    /** The tag of the id the stored record says it was indexed under, or {@code null}. */
    private String indexedTag;

    PrincipalSessions(SessionRuntime<?> runtime) {
        this.runtime = runtime;
    }

    /** A principal's sessions seen from outside any request, for administration. */
    static PrincipalSessions of(SessionRuntime<?> runtime, String principal) {
        PrincipalSessions sessions = new PrincipalSessions(runtime);
        sessions.principal = Objects.requireNonNull(principal, "principal");
        return sessions;
    }

    /** Takes the principal and label a record stored; its index entry exists already. */
    void restore(RecordMeta meta) {
        principal = meta == null ? null : meta.principal();
        label = meta == null ? null : meta.label();
        authenticated = meta == null ? null : meta.authenticated();
        indexedTag = meta == null ? null : meta.indexed();
        indexPending = false;
        indexedId = null;
        labelSet = false;
        authenticatedSet = false;
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
            indexedId = null;
            markAuthenticated(); // a new principal is a login: its absolute lifetime starts now
        }
    }

    /**
     * Deletes the session's record and, when it has a principal and the store an index, its index entry with it, so
     * that a logout or a regenerate leaves no entry behind to count against the principal's limit.
     */
    void destroy(String id) {
        Optional<PrincipalIndex> index = principal == null ? Optional.empty()
                : runtime.store().facets().principalIndex();
        if (index.isPresent()) {
            index.get().endSession(principal, id);
        } else {
            runtime.store().destroy(id);
        }
    }

    /** Records an authentication (a login or a re-authentication) now: the absolute lifetime starts again. */
    void markAuthenticated() {
        authenticated = runtime.now();
        authenticatedSet = true;
    }

    Optional<Instant> authenticated() {
        return Optional.ofNullable(authenticated);
    }

    boolean authenticatedWithin(Duration window) {
        return authenticated != null && !authenticated.isBefore(runtime.now().minus(window));
    }

    /** When the absolute lifetime of a session created at {@code created} starts: its last authentication. */
    Instant lifetimeStart(Instant created) {
        return authenticated != null ? authenticated : created;
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
        if (!authenticatedSet) {
            authenticated = theirs == null ? null : theirs.authenticated();
        }
    }

    /** The metadata a write under {@code id} stores. */
    RecordMeta meta(Instant created, String id) {
        boolean indexes = principal != null && runtime.store().facets().principalIndex().isPresent();
        return new RecordMeta(created, authenticated, principal, label, indexes ? tagOf(id) : null);
    }

    /** The tag of the id last asked for: a save asks for it up to three times, and SHA-256 is not free. */
    private String taggedId;
    private String tagged;

    private String tagOf(String id) {
        if (!id.equals(taggedId)) {
            tagged = tag(id);
            taggedId = id;
        }
        return tagged;
    }

    /**
     * A tag of an id, kept in the record ({@code __sessionkit.indexed}): a record whose tag is not its id's was copied
     * to another id by another service (an express regenerate that copies the data), and is indexed at its next save.
     * A digest, not the id: the record never repeats its key.
     */
    static String tag(String id) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    /**
     * Adds the session to its principal's index when a write is about to store a new principal or a new id: before
     * the write, so that no live session is ever missing from the index (an entry whose write fails is dropped when
     * the index is read). Once per id; nothing when the store keeps no index.
     */
    void indexBeforeWrite(String id, Instant created) {
        if (principal == null || id.equals(indexedId) || !indexPending && tagOf(id).equals(indexedTag)) {
            return;
        }
        Optional<PrincipalIndex> index = runtime.store().facets().principalIndex();
        if (index.isEmpty()) {
            return;
        }
        SessionConfig<?> config = runtime.config();
        boolean refuse = config.sessionLimitPolicy() == SessionLimitPolicy.REFUSE_NEW;
        int limit = refuse ? config.sessionLimit().orElse(PrincipalIndex.MAX_SESSIONS) : PrincipalIndex.MAX_SESSIONS;
        Instant start = lifetimeStart(created);
        if (!index.get().add(principal, id, config.absoluteTimeout().map(start::plus).orElse(null), limit)) {
            throw new SessionLimitException("the principal already has " + limit + " live sessions, "
                    + (limit == PrincipalIndex.MAX_SESSIONS && !(refuse && config.sessionLimit().isPresent())
                            ? "the store's cap" : "its sessionLimit (REFUSE_NEW)")
                    + ": this login was not written; end another session first");
        }
        indexedId = id;
    }

    /**
     * After a write: under {@link SessionLimitPolicy#END_OLDEST}, a write that indexed the session (a login) ends the
     * principal's oldest sessions beyond the limit, each a {@code DESTROYED} event.
     */
    void written(String id) {
        SessionConfig<?> config = runtime.config();
        if (id.equals(indexedId) && config.sessionLimit().isPresent()
                && config.sessionLimitPolicy() == SessionLimitPolicy.END_OLDEST) {
            long start = runtime.events().start();
            List<String> ended = index().endOldest(principal, config.sessionLimit().getAsInt());
            for (String other : ended) {
                runtime.events().emit(SessionEvent.Type.DESTROYED, other, principal, StoreOperation.END_OLDEST, start);
            }
        }
        indexPending = false;
        indexedTag = principal == null ? null : tagOf(id);
        indexedId = null;
        labelSet = false;
        authenticatedSet = false;
    }

    /** The principal's live sessions, oldest first; {@code currentId} is marked. */
    List<SessionSummary> list(String currentId) {
        String of = required();
        Instant now = runtime.now();
        Optional<Duration> idle = runtime.config().idleTimeout();
        List<SessionSummary> sessions = new ArrayList<>();
        for (PrincipalIndex.StoredSession stored : index().sessionsOf(of)) {
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
                index().endSession(principal, session.id());
                runtime.events().emit(SessionEvent.Type.DESTROYED, session.id(), principal, StoreOperation.END_SESSION,
                        start);
                ended++;
            }
        }
        return ended;
    }

    private PrincipalIndex index() {
        return runtime.store().facets().principalIndex().orElseThrow(() -> new UnsupportedOperationException(
                runtime.config().store().getClass().getSimpleName() + " keeps no index of sessions by principal: "
                        + "listing and ending a user's sessions needs a store that does, such as CaffeineSessionStore "
                        + "or RedisSessionStore"));
    }

    private String required() {
        if (principal == null) {
            throw new IllegalStateException("this session has no principal: set one with principal(...) at login "
                    + "before listing or ending the principal's sessions");
        }
        return principal;
    }
}
