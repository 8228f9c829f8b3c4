package dev.sessionkit.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where sessions live between requests: the storage SPI every store implements. Six operations and one accessor:
 * read ({@link #get}, {@link #getAndTouch}), a conditional write ({@link #set}), the compare-and-set of a loaded
 * session ({@link #replace}), {@link #touch} and {@link #destroy}; optional capabilities, such as enumerating the
 * sessions or an index by principal, are {@linkplain #facets() facets} a store returns when it has them.
 *
 * <p>A store keeps records in express-session's JSON shape, opaque to it, keyed by session id, and expires each one
 * after its time-to-live ({@link SessionRecord#ttlSeconds}). Every method may be called from many threads at once;
 * implementations must be thread-safe. A store that cannot reach its backing service throws
 * {@link SessionStoreException} and leaves nothing half-written.
 *
 * <p>The compare-and-set is not optional. SessionKit promises that no writer, Java or Node, is silently overwritten by
 * another: a save of a loaded session only lands on the record it was loaded from. A backend that cannot compare a
 * stored record with an expected one atomically cannot keep that promise and cannot be a SessionKit store.
 *
 * <p>Ids passed to a store were either produced by the configured id generator or carried a valid signature; they
 * are still user-influenced strings and must be used as opaque keys. The testkit's {@code SessionStoreContract}
 * checks all of this; see the testkit's README for writing a store.
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
     *     {@link SetMode#IF_PRESENT} (never bring back a session destroyed meanwhile), or {@link SetMode#ALWAYS}
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
     * matches. Core calls it for every save of a session it loaded, and merges on {@link Replaced#changed changed}.
     *
     * @param id the session id
     * @param expected the record's JSON exactly as this request read it (or last wrote it)
     * @param record the record to write
     * @return {@link Replaced#written()}, {@link Replaced#changed(String)} with the record now stored, or
     *     {@link Replaced#gone()} when there is no record (destroyed or expired meanwhile: never brought back)
     * @throws SessionStoreException when the store cannot be read or written
     */
    Replaced replace(String id, String expected, SessionRecord record);

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
     * Returns the optional capabilities of this store: {@linkplain StoreFacets#enumeration() enumeration} (ids,
     * count, clear) and the {@linkplain StoreFacets#principalIndex() principal index}. Called often: return the same
     * object each time.
     *
     * @return the facets; {@link StoreFacets#none()} by default
     */
    default StoreFacets facets() {
        return StoreFacets.none();
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
