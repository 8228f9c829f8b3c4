package dev.sessionkit;

/**
 * What a login does when its principal already has as many live sessions as
 * {@link SessionConfig.Builder#sessionLimit(int, SessionLimitPolicy)} allows.
 */
public enum SessionLimitPolicy {

    /**
     * The login goes ahead and the principal's oldest sessions (by when they were logged in) are ended: their next
     * request starts a new session. However many logins race, the newest ones are kept.
     */
    END_OLDEST,

    /**
     * The login is refused: the save throws {@link SessionLimitException} and writes nothing, so the application can
     * tell the user to log out elsewhere first.
     */
    REFUSE_NEW
}
