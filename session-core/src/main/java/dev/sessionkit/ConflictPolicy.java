package dev.sessionkit;

/**
 * What a save does with a top-level key of the session data that this request and another writer both changed, to
 * different values, since this request loaded the session ({@link SessionConfig.Builder#conflictPolicy}). Keys only
 * one side changed always merge: see {@link Session#save()}.
 */
public enum ConflictPolicy {

    /** This request's value wins, for that key only: what every save did before merging, for every key. */
    LAST_WRITER_WINS,

    /**
     * The save fails with {@link SessionConflictException} and writes nothing; adapters answer 409 Conflict. For
     * sessions whose keys must never be overwritten unseen.
     */
    FAIL
}
