package dev.sessionkit;

/**
 * The root of the runtime failures SessionKit raises. Caller bugs (bad arguments, calls in the wrong state) are
 * reported with the JDK's {@link IllegalArgumentException} and {@link IllegalStateException} instead.
 *
 * <p>Messages never contain secrets, signatures or session ids.
 */
public class SessionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message and the underlying cause.
     *
     * @param message what failed, without secrets or session ids
     * @param cause the underlying failure, may be {@code null}
     */
    public SessionException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates an exception with a message.
     *
     * @param message what failed, without secrets or session ids
     */
    public SessionException(String message) {
        super(message);
    }
}
