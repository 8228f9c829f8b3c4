package dev.sessionkit;

import java.util.Locale;

/** A method of {@link SessionStore}, as {@link StoreCall} and {@link SessionEvent} name it. */
public enum StoreOperation {
    /** {@link SessionStore#get}. */
    GET,
    /** {@link SessionStore#getAndTouch}. */
    GET_AND_TOUCH,
    /** {@link SessionStore#set}. */
    SET,
    /** {@link SessionStore#replace}. */
    REPLACE,
    /** {@link SessionStore#touch}. */
    TOUCH,
    /** {@link SessionStore#destroy}. */
    DESTROY,
    /** {@link SessionStore#clear}. */
    CLEAR,
    /** {@link SessionStore#length}. */
    LENGTH,
    /** {@link SessionStore#ids}. */
    IDS,
    /** {@link SessionStore#sessionsOf}. */
    SESSIONS_OF,
    /** {@link SessionStore#endSession}. */
    END_SESSION;

    private final String tag = name().toLowerCase(Locale.ROOT).replace('_', '.');

    /**
     * Returns the operation's name as metrics tag it: lower case, words separated by dots ({@code get.and.touch}).
     *
     * @return the name
     */
    public String tag() {
        return tag;
    }
}
