package dev.sessionkit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Where sessions live between requests: the storage SPI that stores implement and that
 * {@link SessionContext#store()} exposes for administration (for example clearing every session).
 *
 * <p>A store keeps records in express-session's JSON shape, opaque to it, keyed by session id, and expires each one
 * after its time-to-live ({@link SessionRecord#ttlSeconds}). Every method may be called from many threads at once;
 * implementations must be thread-safe. A store that cannot reach its backing service throws
 * {@link SessionStoreException} and leaves nothing half-written.
 *
 * <p>Ids passed to a store were either produced by the configured id generator or carried a valid signature; they
 * are still user-influenced strings and must be used as opaque keys.
 */
public interface SessionStore {

    /**
     * Returns the JSON of a session.
     *
     * @param id the session id
     * @return the record's JSON, or empty when there is none or it has expired
     * @throws SessionStoreException when the store cannot be read
     */
    Optional<String> get(String id);

    /**
     * Returns the JSON of a session and, when it exists, extends its time-to-live as {@link #touch} would: to
     * {@code expiresAt}, or the store's default time-to-live when that is {@code null}. Core calls it to load a
     * session, so a read-only request costs one round trip where the store can combine both (Redis {@code GETEX}).
     * The default implementation calls {@link #get} and then {@link #touch} with the JSON it read. An expiry that
     * is not in the future deletes the record once read, as {@code touch} does.
     *
     * @param id the session id
     * @param expiresAt the new expiry of the session, or {@code null} for a browser-session cookie
     * @return the record's JSON, or empty when there is none or it has expired
     * @throws SessionStoreException when the store cannot be read or written
     */
    default Optional<String> getAndTouch(String id, Instant expiresAt) {
        Optional<String> json = get(id);
        json.ifPresent(found -> touch(id, SessionRecord.of(found, expiresAt)));
        return json;
    }

    /**
     * Writes a session, subject to a condition, and sets its time-to-live from the record. A record whose
     * time-to-live is zero or less is deleted instead.
     *
     * @param id the session id
     * @param record the record to write
     * @param mode {@link SetMode#IF_ABSENT} for a new id (never overwrite another session),
     *     {@link SetMode#IF_PRESENT} for a loaded session (never bring back a session destroyed meanwhile), or
     *     {@link SetMode#ALWAYS}
     * @return {@code true} when the record was written (or deleted for a non-positive time-to-live), {@code false}
     *     when the condition did not hold
     * @throws SessionStoreException when the store cannot be written
     */
    boolean set(String id, SessionRecord record, SetMode mode);

    /**
     * Writes a loaded session over the record it was loaded from, only if the stored record is still exactly
     * {@code expected}, compared by content, so that a write by any writer since the load (another SessionKit
     * request, express-session, h3-session) is detected; atomically, and in one round trip where the store can.
     * Sets the time-to-live from the record; a record whose time-to-live is zero or less deletes the session when it
     * matches. When the record asks for it ({@link SessionRecord#indexedPrincipal()}), a written session is indexed
     * as {@link #set} does.
     *
     * <p>Core calls it for every save of a session it loaded and merges on {@link Replaced#changed changed}. The
     * default, for stores written before it, compares nothing: it calls {@code set(id, record, IF_PRESENT)}, so the
     * last writer wins as it did (see {@link #comparesOnReplace()}).
     *
     * @param id the session id
     * @param expected the record's JSON exactly as this request read it (or last wrote it)
     * @param record the record to write
     * @return {@link Replaced#written()}, {@link Replaced#changed(String)} with the record now stored, or
     *     {@link Replaced#gone()} when there is no record (destroyed or expired meanwhile: never brought back)
     * @throws SessionStoreException when the store cannot be read or written
     */
    default Replaced replace(String id, String expected, SessionRecord record) {
        return set(id, record, SetMode.IF_PRESENT) ? Replaced.written() : Replaced.gone();
    }

    /**
     * Returns whether {@link #replace} compares the stored record with the expected one. Without it, concurrent
     * saves of one session overwrite each other whole, as in express-session.
     *
     * @return {@code true} when replace is a compare-and-set; {@code false} (the default) otherwise
     */
    default boolean comparesOnReplace() {
        return false;
    }

    /**
     * What a {@link #replace} did.
     *
     * @param outcome whether it wrote, found another record, or found none
     * @param current the record now stored, for {@link Outcome#CHANGED}; {@code null} otherwise
     */
    record Replaced(Outcome outcome, String current) {

        private static final Replaced WRITTEN = new Replaced(Outcome.WRITTEN, null);
        private static final Replaced GONE = new Replaced(Outcome.GONE, null);

        /**
         * Checks that {@code current} is given exactly for {@link Outcome#CHANGED}.
         *
         * @throws IllegalArgumentException when it is not
         */
        public Replaced {
            Objects.requireNonNull(outcome, "outcome");
            if ((outcome == Outcome.CHANGED) != (current != null)) {
                throw new IllegalArgumentException("current is the stored record of a CHANGED outcome, and only of it");
            }
        }

        /**
         * Returns the outcome of a write that happened.
         *
         * @return the outcome
         */
        public static Replaced written() {
            return WRITTEN;
        }

        /**
         * Returns the outcome of a compare that failed: another writer changed the record.
         *
         * @param current the record now stored
         * @return the outcome
         */
        public static Replaced changed(String current) {
            return new Replaced(Outcome.CHANGED, current);
        }

        /**
         * Returns the outcome of a replace that found no record.
         *
         * @return the outcome
         */
        public static Replaced gone() {
            return GONE;
        }

        /** What a replace found. */
        public enum Outcome {
            /** The stored record was the expected one, and was replaced. */
            WRITTEN,
            /** Another writer had changed the record: nothing was written. */
            CHANGED,
            /** There was no record: nothing was written. */
            GONE
        }

        @Override
        public String toString() {
            return "Replaced{" + outcome + '}'; // never the record: it may hold personal data
        }
    }

    /**
     * Extends the time-to-live of an existing session from the record's expiry, without rewriting its data, so a
     * read-only request never undoes a concurrent write. Does nothing when the session does not exist.
     *
     * @param id the session id
     * @param record the session as it is now; only its expiry is normally needed
     * @throws SessionStoreException when the store cannot be written
     */
    void touch(String id, SessionRecord record);

    /**
     * Deletes a session. Does nothing when it does not exist.
     *
     * @param id the session id
     * @throws SessionStoreException when the store cannot be written
     */
    void destroy(String id);

    /**
     * Deletes every session of this store (and only those).
     *
     * @throws UnsupportedOperationException when the store cannot enumerate its sessions (the default)
     * @throws SessionStoreException when the store cannot be written
     */
    default void clear() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not support clear()");
    }

    /**
     * Returns how many sessions the store holds.
     *
     * @return the number of live sessions
     * @throws UnsupportedOperationException when the store cannot count its sessions (the default)
     * @throws SessionStoreException when the store cannot be read
     */
    default long length() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not support length()");
    }

    /**
     * Returns about how many sessions the store holds, when it can tell cheaply (without enumerating them): for a
     * gauge that is read every few seconds. It may count sessions that have expired but are not yet evicted.
     *
     * @return the estimate, or empty (the default) when the store cannot tell cheaply
     */
    default OptionalLong estimatedSize() {
        return OptionalLong.empty();
    }

    /**
     * Returns the ids of every session the store holds.
     *
     * @return a snapshot of the ids
     * @throws UnsupportedOperationException when the store cannot enumerate its sessions (the default)
     * @throws SessionStoreException when the store cannot be read
     */
    default Set<String> ids() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not support ids()");
    }

    /**
     * Returns whether this store keeps an index from principal to sessions: {@link #set} then adds a session to the
     * index of its record's {@link SessionRecord#indexedPrincipal() principal} in the same round trip as the write,
     * and {@link #sessionsOf} and {@link #endSession} work. Entries of sessions that are gone are dropped lazily,
     * when the index is read: no store has to notify the index of an expiry.
     *
     * @return {@code true} when the store indexes sessions by principal; {@code false} (the default) otherwise
     */
    default boolean indexesPrincipals() {
        return false;
    }

    /**
     * Returns the sessions indexed under a principal that still exist, with their JSON and expiry, dropping the
     * index entries of sessions that are gone. Core checks that each one still names the principal.
     *
     * @param principal the principal
     * @return the sessions, in no particular order
     * @throws UnsupportedOperationException when the store keeps no such index (the default)
     * @throws SessionStoreException when the store cannot be read
     */
    default List<StoredSession> sessionsOf(String principal) {
        throw noIndex();
    }

    /**
     * Deletes a session and its entry in a principal's index.
     *
     * @param principal the principal the session is indexed under
     * @param id the session id
     * @throws UnsupportedOperationException when the store keeps no such index (the default)
     * @throws SessionStoreException when the store cannot be written
     */
    default void endSession(String principal, String id) {
        throw noIndex();
    }

    private UnsupportedOperationException noIndex() {
        return new UnsupportedOperationException(getClass().getSimpleName() + " keeps no index of sessions by "
                + "principal: listing and ending a user's sessions needs a store that does, such as "
                + "CaffeineSessionStore or RedisSessionStore");
    }

    /**
     * A session found in a principal's index.
     *
     * @param id the session id
     * @param json the record's JSON
     * @param expiresAt when it expires in the store, or {@code null} when the store does not say
     */
    record StoredSession(String id, String json, Instant expiresAt) {
    }

    /** The condition under which {@link #set} writes. */
    enum SetMode {
        /** Write whether or not a record exists. */
        ALWAYS,
        /** Write only when no record exists under the id (Redis {@code SET … NX}). */
        IF_ABSENT,
        /** Write only when a record exists under the id (Redis {@code SET … XX}). */
        IF_PRESENT
    }
}
