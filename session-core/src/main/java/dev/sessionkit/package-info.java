/**
 * SessionKit core: persistent, signed-cookie HTTP sessions whose cookies and stored records are the ones
 * express-session writes. This package is the application API and the adapter contract; the store SPI is
 * {@link dev.sessionkit.store}, the listener SPI {@link dev.sessionkit.event}.
 *
 * <p>Where to start:
 * <ul>
 *   <li>{@link dev.sessionkit.SessionConfig} — the options (store, secrets, cookie settings), built with
 *       {@link dev.sessionkit.SessionConfig#builder()};</li>
 *   <li>{@link dev.sessionkit.Session} — what a request handler reads and changes: {@code data()}, {@code save()},
 *       {@code regenerate()}, {@code destroy()};</li>
 *   <li>{@link dev.sessionkit.store.SessionStore} — the storage SPI that stores implement;</li>
 *   <li>{@link dev.sessionkit.HttpExchange} and {@link dev.sessionkit.SessionManager} — what a framework adapter
 *       implements and calls: {@code open} a {@link dev.sessionkit.SessionContext} per request and {@code end} it
 *       when the handler is done ({@code commit} it first if the response commits earlier).</li>
 * </ul>
 *
 * <p>Everything not listed in these types is internal. Untrusted input (a missing, unsigned, tampered or malformed
 * cookie; an unreadable stored record) never raises an exception: it starts a new session. Store failures surface as
 * {@link dev.sessionkit.store.SessionStoreException}.
 */
package dev.sessionkit;
