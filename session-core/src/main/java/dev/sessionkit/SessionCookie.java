package dev.sessionkit;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The cookie of one session, editable during the request. Changes go into the response's {@code Set-Cookie} and,
 * when the session is saved, into the stored record, so they apply to later responses too (express-session keeps
 * them the same way).
 *
 * <p>The name of the cookie is fixed by the configuration. Path and domain may be changed only while the cookie is
 * new (never sent to the client): changing them on a live cookie would leave the old cookie in the browser, so it is
 * refused with {@link IllegalStateException}. Setters check their argument as {@link CookieOptions.Builder} does, and
 * refuse an edit that leaves a cookie browsers reject ({@code SameSite=None} or {@code Partitioned} without
 * {@code Secure}, a {@code __Host-} or {@code __Secure-} name without what it requires). Of these attributes only the
 * lifetime ({@code maxAge}, {@code expires}) is kept by a save; the others come from the configuration at each
 * load.
 *
 * <p>Not thread-safe, like the {@link Session} it belongs to. Changing an attribute after the response was committed
 * throws {@link IllegalStateException}.
 */
public interface SessionCookie {

    /**
     * Returns the cookie name.
     *
     * @return the name
     */
    String name();

    /**
     * Returns the {@code Path} attribute.
     *
     * @return the path
     */
    String path();

    /**
     * Sets the {@code Path} attribute of a new cookie.
     *
     * @param path the path
     * @throws IllegalStateException when the cookie is live
     */
    void path(String path);

    /**
     * Returns the {@code Domain} attribute.
     *
     * @return the domain, if any
     */
    Optional<String> domain();

    /**
     * Sets the {@code Domain} attribute of a new cookie.
     *
     * @param domain the domain, or {@code null} for a host-only cookie
     * @throws IllegalStateException when the cookie is live
     */
    void domain(String domain);

    /**
     * Returns the lifetime from each response.
     *
     * @return the max age, or empty for a browser-session cookie
     */
    Optional<Duration> maxAge();

    /**
     * Sets the lifetime from each response; clears a fixed {@link #expires()}.
     *
     * @param maxAge at least one second, or {@code null} for a browser-session cookie
     */
    void maxAge(Duration maxAge);

    /**
     * Returns when the cookie expires.
     *
     * @return the expiry, or empty for a browser-session cookie
     */
    Optional<Instant> expires();

    /**
     * Sets a fixed expiry; clears {@link #maxAge()}.
     *
     * @param expires the instant, or {@code null} for a browser-session cookie
     */
    void expires(Instant expires);

    /**
     * Returns whether the cookie is {@code HttpOnly}.
     *
     * @return the flag
     */
    boolean httpOnly();

    /**
     * Sets {@code HttpOnly}.
     *
     * @param httpOnly the flag
     */
    void httpOnly(boolean httpOnly);

    /**
     * Returns whether the cookie is {@code Secure} (an {@code auto} setting is resolved per request).
     *
     * @return the flag
     */
    boolean secure();

    /**
     * Sets {@code Secure}.
     *
     * @param secure the flag
     */
    void secure(boolean secure);

    /**
     * Returns the {@code SameSite} setting.
     *
     * @return the setting
     */
    SameSite sameSite();

    /**
     * Sets the {@code SameSite} setting.
     *
     * @param sameSite the setting
     */
    void sameSite(SameSite sameSite);

    /**
     * Returns whether the cookie is {@code Partitioned}.
     *
     * @return the flag
     */
    boolean partitioned();

    /**
     * Sets {@code Partitioned}.
     *
     * @param partitioned the flag
     */
    void partitioned(boolean partitioned);

    /**
     * Returns the {@code Priority} attribute.
     *
     * @return the priority, if any
     */
    Optional<CookiePriority> priority();

    /**
     * Sets the {@code Priority} attribute.
     *
     * @param priority the priority, or {@code null} to omit it
     */
    void priority(CookiePriority priority);

    /**
     * Moves the session to another id, as h3-session's {@code cookie.setSessionId} points the cookie at one, but
     * safely: the session, its context and the cookie in the response all show the new id, and the session becomes a
     * new one there. The next save writes it only if no session is stored under the id (otherwise the save fails with
     * {@link SessionException} and writes nothing); until it is written, no cookie carries the id. So an id that
     * comes from a request can never hand one user another's session. The data in memory is kept; the record under
     * the old id is left alone ({@link Session#regenerate()} deletes it).
     *
     * @param id the new id, not empty; an unguessable one, like those of the configured generator
     * @throws IllegalArgumentException when the id is empty
     * @throws IllegalStateException when the response was committed
     */
    void setSessionId(String id);
}
