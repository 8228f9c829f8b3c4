package dev.sessionkit;

/**
 * A save that could not be merged with what other writers stored meanwhile: a key both changed, under
 * {@link ConflictPolicy#FAIL}, or a record that kept changing through every retry. Nothing of the save was written.
 * The adapters answer it with 409 Conflict; the request may be retried.
 */
public class SessionConflictException extends SessionException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what conflicted, naming keys but never values, ids or secrets
     */
    public SessionConflictException(String message) {
        super(message);
    }
}
