package dev.sessionkit.event;

import java.time.Duration;
import java.util.Objects;

/**
 * Something that happened to a session, as a {@link SessionListener} sees it.
 *
 * <p>The session id is never given in full: {@link #idPrefix()} is enough to tell sessions apart in an audit log or
 * to match a log line to a support request, not enough to take a session over.
 *
 * @param type what happened
 * @param idPrefix the start of the session's id (its first quarter, at most 8 characters), as logs may show it;
 *     empty for a {@link Type#STORE_FAILURE} of an operation on no session
 * @param principal the session's principal ({@link dev.sessionkit.Session#principal(String)}) as far as the event knows it, for
 *     audit logs, or {@code null}: none is set, or the event has no record to tell (unreadable, store failure)
 * @param operation the store operation the event came from, or {@code null} when it needed none (a regenerated
 *     session that was never stored)
 * @param duration how long that operation took; {@link Duration#ZERO} without one
 * @param failure the exception of a {@link Type#STORE_FAILURE} or of a {@link Type#CONFLICT} that gave up, else
 *     {@code null}
 */
public record SessionEvent(Type type, String idPrefix, String principal, StoreOperation operation,
                           Duration duration, RuntimeException failure) {

    /**
     * Checks the components.
     *
     * @param type what happened
     * @param idPrefix the start of the session's id
     * @param principal the session's principal, or {@code null}
     * @param operation the store operation, or {@code null}
     * @param duration how long it took
     * @param failure the exception, or {@code null}
     */
    public SessionEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(idPrefix, "idPrefix");
        Objects.requireNonNull(duration, "duration");
    }

    /**
     * Returns the part of a session id that events and logs may show: its first quarter, at most 8 characters (8 of
     * a 36-character UUID; 2 of an 8-character id).
     *
     * @param id a session id
     * @return its prefix
     */
    public static String prefixOf(String id) {
        return id == null ? "" : id.substring(0, Math.min(8, id.length() / 4));
    }

    /** What happened to a session. */
    public enum Type {
        /** A new session was written for the first time (operation {@code set}). */
        CREATED,
        /** A valid cookie's session was read from the store (operation {@code get} or {@code get.and.touch}). */
        LOADED,
        /** A stored session was written again (operation {@code replace}). */
        SAVED,
        /**
         * A session got a new id ({@code regenerate()}); the id prefix is the new id's. Operation {@code destroy}
         * when the old record was deleted.
         */
        REGENERATED,
        /**
         * A stored session was deleted: by {@code destroy()} (operation {@code destroy}), or, as another of its
         * principal's sessions, by {@code endSession} or {@code endOtherSessions} (operation {@code end.session}).
         */
        DESTROYED,
        /** A valid cookie named a session that is over its idle or absolute lifetime; it was deleted. */
        EXPIRED,
        /**
         * A valid cookie named a record that could not be read (corrupt, or written by something else); a new
         * session was started.
         */
        UNREADABLE,
        /** A store call failed; the request answers with an error (503 from the adapters). */
        STORE_FAILURE,
        /**
         * A save found the record changed by another request since it was read: the changes were merged and written
         * again, or, with a {@link #failure()}, the save gave up ({@link dev.sessionkit.SessionConflictException}).
         */
        CONFLICT
    }
}
