package dev.sessionkit;

import dev.sessionkit.store.SessionStore;
import dev.sessionkit.store.SessionStoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The session of one request: its id, its data, its cookie and the operations on them.
 *
 * <p>Nothing is written implicitly unless {@link SessionConfig.Builder#autoSave(boolean) autoSave} is on: changes to
 * {@link #data()} reach the store through {@link #save()}. A session lives as long as its cookie: a stored session
 * whose expiry has passed is never loaded, and loading extends a session's time-to-live only where its cookie is
 * extended too (with {@code rolling}, or for a browser-session cookie), without rewriting its data.
 *
 * <p><b>Thread-safety:</b> not thread-safe. A session belongs to the request that opened it; it may be handed to
 * another thread (for example an executor in an async handler) with the usual happens-before of that hand-off, but
 * must not be used by two threads at once. Two requests on the same session id get two independent {@code Session}
 * objects; their saves merge (see {@link #save()}), and {@link #update} makes read-modify-write changes exact.
 *
 * @param <T> the type of the session data, {@link SessionData} by default
 */
public interface Session<T> {

    /**
     * Returns the session id. After {@link #regenerate()} or {@link SessionCookie#setSessionId(String)} it is the
     * new id, as is the id in the cookie sent with the response.
     *
     * @return the id, never {@code null}
     */
    String id();

    /**
     * Returns the session data, to read and change in place.
     *
     * @return the data, never {@code null}
     */
    T data();

    /**
     * Replaces the session data (useful for immutable types such as records). Like any change, it is written by
     * {@link #save()} or, with autoSave, at the end of the request.
     *
     * @param data the new data
     * @throws NullPointerException when {@code data} is {@code null}
     */
    void data(T data);

    /**
     * Returns the session's cookie, whose attributes may be changed for this and later responses.
     *
     * @return the cookie
     */
    SessionCookie cookie();

    /**
     * Returns whether this session started in this request (no stored session was found for the request's cookie).
     *
     * @return {@code true} for a new session
     */
    boolean isNew();

    /**
     * Writes the data and the cookie settings to the store now. A new session is written only if its id is unused;
     * a loaded session only if it still exists, so a session destroyed meanwhile (a logout in another tab) is not
     * brought back: this session then counts as destroyed.
     *
     * <p>A loaded session is written only over the record this request loaded (or last wrote), compared by content
     * ({@link SessionStore#replace}, which every store implements as a compare-and-set). When another writer
     * (another request, express-session, h3-session) changed the record meanwhile, the save merges per top-level key
     * of the data: keys only this request changed are applied, keys only the other writer changed are kept, and a key
     * both changed to different values follows the {@link ConflictPolicy} (this request's value by default). The
     * merged data becomes this session's data, and the write is tried again, a bounded number of times.
     *
     * @throws SessionStoreException when the store cannot be written; nothing is then written
     * @throws SessionConflictException when a key both changed conflicts under {@link ConflictPolicy#FAIL}, or the
     *     record kept changing through every attempt; nothing is then written
     * @throws IllegalStateException when called after the request ended
     */
    void save();

    /**
     * Changes the data with {@code change} and saves it, exactly: when another writer changed the record since it
     * was loaded, {@code change} is applied again to the data as now stored (merged with this request's other
     * changes), a bounded number of times, so that counters, attempt limits and one-time flags never lose an update.
     * {@code change} may run more than once and must have no other effects; it may change the data in place and
     * return it, or return new data.
     *
     * <pre>{@code session.update(data -> data.put("visits", data.getLong("visits").orElse(0) + 1));}</pre>
     *
     * @param change what to do to the data
     * @return the data as saved
     * @throws SessionStoreException when the store cannot be written; nothing is then written
     * @throws SessionConflictException when the record kept changing through every attempt
     * @throws IllegalStateException when called after the request ended
     */
    T update(UnaryOperator<T> change);

    /**
     * Reads the data again from the store, discarding unsaved changes. When the session is no longer stored (or was
     * never saved), it becomes a new session: fresh initial data under a new id (h3-session keeps the old id), and
     * unless it is saved, the response clears the client's old cookie.
     *
     * @throws SessionStoreException when the store cannot be read
     * @throws IllegalStateException when called after the request ended
     */
    void reload();

    /**
     * Deletes the session from the store and expires the cookie in the response. The data stays readable for the
     * rest of the request but is no longer saved; {@link #regenerate()} starts a new session.
     *
     * @throws SessionStoreException when the store cannot be written
     * @throws IllegalStateException when called after the request ended
     */
    void destroy();

    /**
     * Replaces the session with a new one: deletes the stored session, takes a new id, fresh data and the configured
     * cookie settings. Call it on login to defeat session fixation, then {@link #save()} (or rely on autoSave).
     *
     * @throws SessionStoreException when the store cannot be written
     * @throws IllegalStateException when called after the request ended or after the response was committed
     */
    void regenerate();

    /**
     * Moves this session to a new id, keeping its data, cookie, principal and login: the defence against session
     * fixation where the data must survive ({@code HttpServletRequest.changeSessionId()}, which Spring Security calls
     * at login). The old record is deleted only if it is still the one this request read, compared by content; when
     * another writer changed it meanwhile, its changes are merged into this session's data first, as a save merges.
     * When it is gone (ended by another request, such as "log out other sessions"), this session counts as destroyed
     * and is never written under a new id. The next {@link #save()} (or autoSave) writes it under the new id, and
     * its cookie is sent then.
     *
     * @throws SessionStoreException when the store cannot be reached; nothing is then changed
     * @throws IllegalStateException when called after the request ended or after the response was committed
     */
    void changeId();

    /**
     * Returns the principal this session is listed under, such as the logged-in user's name.
     *
     * @return the principal, or empty when none was set
     */
    Optional<String> principal();

    /**
     * Sets the principal this session is listed under, typically at login, after {@link #regenerate()}: the next
     * save adds the session to the principal's index just before it writes the session (where the store keeps one,
     * {@link dev.sessionkit.store.PrincipalIndex}), so that
     * {@link #sessionsOfPrincipal()} finds it from any of the principal's sessions. Kept across {@code regenerate()};
     * stored in the record ({@code __sessionkit.principal}). A principal other than the current one is a login: it
     * records the authentication ({@link #markAuthenticated()}), from which the absolute timeout counts.
     *
     * @param principal a non-blank name of at most 256 characters
     * @throws IllegalArgumentException when it is blank or longer
     */
    void principal(String principal);

    /**
     * Sets the label this session is listed with, such as a summary of the browser and device; written by the next
     * save. Kept across {@code regenerate()}.
     *
     * @param label at most 256 characters, or {@code null} for none
     * @throws IllegalArgumentException when it is longer
     */
    void label(String label);

    /**
     * Records that the user has just authenticated again, for example by entering their password before a sensitive
     * action (OWASP ASVS 3.7.1); written by the next save ({@code __sessionkit.authenticated}). Setting a new
     * {@link #principal(String)} records it too: that is a login. The absolute timeout counts from the last
     * authentication, so it survives {@code regenerate()} and {@code setSessionId} while the principal is kept, and
     * starts again at each login or re-authentication.
     *
     * @throws IllegalStateException when the request has ended
     */
    void markAuthenticated();

    /**
     * Returns when the session was created: its first save ({@code __sessionkit.created}).
     *
     * @return the instant, or empty for a session not saved yet (or created by a service that does not record it)
     */
    Optional<Instant> createdAt();

    /**
     * Returns when the user last authenticated: the login that set the principal, or the latest
     * {@link #markAuthenticated()}.
     *
     * @return the instant, or empty when the session records none (anonymous, or logged in by a service that does
     *     not record it)
     */
    Optional<Instant> authenticatedAt();

    /**
     * Returns whether the user authenticated within {@code window} of now, by the configured clock: the check before
     * a sensitive action ({@code if (!session.authenticatedWithin(Duration.ofMinutes(5))) askForThePassword()}).
     *
     * @param window how recent the authentication must be
     * @return {@code true} when the last authentication is that recent; {@code false} when older or unknown
     */
    boolean authenticatedWithin(Duration window);

    /**
     * Returns the live sessions of this session's principal, oldest first, this one marked
     * {@link SessionSummary#current()} (once saved). Reads the store's index, dropping entries of sessions that are
     * gone.
     *
     * @return the sessions
     * @throws IllegalStateException when no principal is set
     * @throws UnsupportedOperationException when the store keeps no index by principal (its facets offer none)
     * @throws SessionStoreException when the store cannot be read
     */
    List<SessionSummary> sessionsOfPrincipal();

    /**
     * Ends one of this principal's other sessions: its next request starts a new session. For a "log out that
     * device" button; an id that is not one of the principal's live sessions is refused, so an id from a request
     * can never end another user's session.
     *
     * @param id the id of a session from {@link #sessionsOfPrincipal()}
     * @return {@code true} when it was ended, {@code false} when it is not one of this principal's other sessions
     * @throws IllegalStateException when no principal is set
     * @throws UnsupportedOperationException when the store keeps no index by principal (its facets offer none)
     * @throws SessionStoreException when the store cannot be read or written
     */
    boolean endSession(String id);

    /**
     * Ends all of this principal's sessions but this one, as after a password change (OWASP ASVS 3.3.3).
     *
     * @return how many sessions were ended
     * @throws IllegalStateException when no principal is set
     * @throws UnsupportedOperationException when the store keeps no index by principal (its facets offer none)
     * @throws SessionStoreException when the store cannot be read or written
     */
    int endOtherSessions();
}
