package dev.sessionkit;

/**
 * A save that would have given a principal more live sessions than its limit allows, under
 * {@link SessionLimitPolicy#REFUSE_NEW} or at the store's hard cap of sessions per principal: nothing of the save was
 * written. An application catches it at login to tell the user; an adapter that meets it answers 409 Conflict.
 */
public final class SessionLimitException extends SessionException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message the limit that was reached, never the principal, an id or a secret
     */
    public SessionLimitException(String message) {
        super(message);
    }
}
