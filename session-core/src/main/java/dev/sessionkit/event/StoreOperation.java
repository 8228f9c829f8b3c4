package dev.sessionkit.event;

import dev.sessionkit.store.PrincipalIndex;
import dev.sessionkit.store.SessionEnumeration;
import dev.sessionkit.store.SessionStore;
import java.util.Locale;

/** A method of a {@link SessionStore} or of one of its facets, as {@link StoreCall} and {@link SessionEvent} name it. */
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
    /** {@link SessionEnumeration#clear}. */
    CLEAR,
    /** {@link SessionEnumeration#length}. */
    LENGTH,
    /** {@link SessionEnumeration#ids}. */
    IDS,
    /** {@link PrincipalIndex#sessionsOf}. */
    SESSIONS_OF,
    /** {@link PrincipalIndex#endSession}. */
    END_SESSION,
    /** {@link PrincipalIndex#add}. */
    INDEX_ADD,
    /** {@link PrincipalIndex#endOldest}. */
    END_OLDEST;

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
