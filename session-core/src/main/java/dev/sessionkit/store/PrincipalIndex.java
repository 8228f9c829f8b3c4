package dev.sessionkit.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A store's facet that indexes sessions by principal (a user name), so that a user can see and end their sessions
 * ("log out other devices"). Core {@linkplain #add adds} a session to its principal's index <em>before</em> the write
 * that stores the principal in the session, so that no live session of a principal is ever missing from the index. An
 * entry whose session does not exist (its write failed, or the session has ended) is dropped when the index is read,
 * but not within {@link #WRITE_GRACE} of its add: its write may still be on its way, and dropping it then would let
 * that session escape "log out other sessions". No store has to tell the index of an expiry. Core checks that each
 * listed session's record still names the principal, so an index may hold stale entries but must never miss a live
 * one. Thread-safe.
 */
public interface PrincipalIndex {

    /** How long after its add an entry is kept although its session does not exist (yet): one minute. */
    Duration WRITE_GRACE = Duration.ofMinutes(1);

    /**
     * The most sessions one principal's index holds, whatever limit the application sets: an add past it is refused,
     * never made room for by dropping a live session.
     */
    int MAX_SESSIONS = 1000;

    /**
     * Adds a session to a principal's index, atomically with a check of the principal's other sessions: when the
     * principal already has {@code limit} other sessions that exist, or whose write may be on its way (added within
     * {@link #WRITE_GRACE}), nothing is added. Entries of sessions that are gone, past the grace, are dropped first, so
     * that only live sessions count and no live session is ever dropped to make room. Adding an id again refreshes its
     * entry.
     *
     * @param principal the principal
     * @param id the session id
     * @param until the latest the session can live (its absolute deadline), so that the store may expire the index
     *     then (it must keep it while any indexed session may live); {@code null} when nothing bounds it
     * @param limit the most sessions the principal may have, this one included: 1 to {@link #MAX_SESSIONS}
     * @return {@code true} when the entry was added; {@code false} when the principal is at the limit
     * @throws SessionStoreException when the store cannot be written
     */
    boolean add(String principal, String id, Instant until, int limit);

    /**
     * Ends the principal's oldest sessions beyond the newest {@code keep}, by when they were indexed: deletes each
     * session and its entry. Only sessions that exist count and are ended; an entry whose write may be on its way is
     * left alone (its own save trims after it writes). Run after every write, this keeps exactly the newest
     * {@code keep} sessions however many logins race: the newest are never ended.
     *
     * @param principal the principal
     * @param keep how many of the newest sessions to keep, at least 1
     * @return the ids of the sessions ended, oldest first
     * @throws SessionStoreException when the store cannot be read or written
     */
    List<String> endOldest(String principal, int keep);

    /**
     * Returns the sessions indexed under a principal that still exist, with their JSON and expiry, dropping the
     * index entries of sessions that are gone.
     *
     * @param principal the principal
     * @return the sessions, in no particular order
     * @throws SessionStoreException when the store cannot be read
     */
    List<StoredSession> sessionsOf(String principal);

    /**
     * Deletes a session and its entry in a principal's index.
     *
     * @param principal the principal the session is indexed under
     * @param id the session id
     * @throws SessionStoreException when the store cannot be written
     */
    void endSession(String principal, String id);

    /**
     * A session found in a principal's index.
     *
     * @param id the session id
     * @param json the record's JSON
     * @param expiresAt when it expires in the store, or {@code null} when the store does not say
     */
    record StoredSession(String id, String json, Instant expiresAt) {

        @Override
        public String toString() {
            return "StoredSession{expiresAt=" + expiresAt + '}'; // never the id or the record
        }
    }
}
