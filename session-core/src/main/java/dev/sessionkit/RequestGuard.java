package dev.sessionkit;

import dev.sessionkit.store.SessionStoreException;
import java.util.function.Supplier;

/**
 * What a session needs to know about the request it belongs to: whether it is still open, whether its response is
 * committed, whether it is secure, and a way to run store calls so that a failure is remembered for the rest of the
 * request. {@link SessionContext} provides it; {@link DefaultSession} sees nothing else of the context.
 */
interface RequestGuard {

    /** Throws {@link IllegalStateException} once the request has ended. */
    void checkOpen();

    /** Throws {@link IllegalStateException} when {@code what} needs a header and the response is committed. */
    void checkNotCommitted(String what);

    /** Whether the request is secure (HTTPS, or a trusted proxy says so). */
    boolean secure();

    /** Runs a store call; a {@link SessionStoreException} is remembered so commit and close skip the store. */
    <R> R store(Supplier<R> operation);

    default void store(Runnable operation) {
        store(() -> {
            operation.run();
            return null;
        });
    }
}
