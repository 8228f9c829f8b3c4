package dev.sessionkit.event;

import java.time.Duration;
import java.util.Objects;

/**
 * One call to the store, as a {@link SessionListener} sees it.
 *
 * @param operation the store method called
 * @param duration how long it took, failures included
 * @param failure the exception it threw ({@link dev.sessionkit.store.SessionStoreException} for an outage), or {@code null} when it
 *     returned
 */
public record StoreCall(StoreOperation operation, Duration duration, RuntimeException failure) {

    /**
     * Checks the components.
     *
     * @param operation the store method called
     * @param duration how long it took
     * @param failure the exception it threw, or {@code null}
     */
    public StoreCall {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(duration, "duration");
    }

    /**
     * Returns whether the call returned normally.
     *
     * @return {@code true} unless it threw
     */
    public boolean succeeded() {
        return failure == null;
    }
}
