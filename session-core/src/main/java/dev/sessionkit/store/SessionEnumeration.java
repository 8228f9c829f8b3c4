package dev.sessionkit.store;

import java.util.OptionalLong;
import java.util.Set;

/**
 * A store's facet for enumerating its sessions, for administration: their ids, their number, and deleting them all.
 * Counts and lists only live sessions of this store, never keys of another application or of the store's own
 * indexes. Thread-safe.
 */
public interface SessionEnumeration {

    /**
     * Returns the ids of every live session the store holds.
     *
     * @return a snapshot of the ids
     * @throws SessionStoreException when the store cannot be read
     */
    Set<String> ids();

    /**
     * Returns how many live sessions the store holds, counting them (express-session's {@code length}).
     *
     * @return the number of live sessions
     * @throws SessionStoreException when the store cannot be read
     */
    long length();

    /**
     * Returns about how many sessions the store holds, when it can tell without enumerating them: for a gauge that is
     * read every few seconds. It may count sessions that have expired but are not yet evicted.
     *
     * @return the estimate, or empty (the default) when the store cannot tell cheaply
     */
    default OptionalLong estimatedSize() {
        return OptionalLong.empty();
    }

    /**
     * Deletes every session of this store (and only those), with any index it keeps of them.
     *
     * @throws SessionStoreException when the store cannot be written
     */
    void clear();
}
