package dev.sessionkit.store;

import dev.sessionkit.SessionException;

/**
 * Thrown when a {@link SessionStore} cannot do its work: the backing service is down, timed out or refused the
 * command. Adapters answer such a request with {@code 503 Service Unavailable}.
 *
 * <p>Stores wrap their client's exception exactly once, at the store boundary, and never put a session id or a
 * credential in the message.
 */
public final class SessionStoreException extends SessionException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception for a failed store operation.
     *
     * @param message what failed, for example {@code "Redis GET failed: connection refused"}; no ids or secrets
     * @param cause the client's exception
     */
    public SessionStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates an exception for a failed store operation without an underlying exception.
     *
     * @param message what failed; no ids or secrets
     */
    public SessionStoreException(String message) {
        super(message);
    }
}
