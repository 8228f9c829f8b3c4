package dev.sessionkit.event;

import dev.sessionkit.store.SessionStore;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Observes the sessions of a {@link dev.sessionkit.SessionConfig}: what happened to a session ({@link SessionEvent}) and every call
 * its manager made to the store ({@link StoreCall}). For metrics, audit logs and tracing; registered with
 * {@link dev.sessionkit.SessionConfig.Builder#listener(SessionListener)}.
 *
 * <pre>{@code
 * SessionConfig.builder()
 *         .store(store).secret(secret)
 *         .listener(SessionListener.onEvent(event -> audit.info("session {} {}", event.type(), event.idPrefix())))
 *         .build();
 * }</pre>
 *
 * <p>Listeners are called synchronously, on the request's thread, in the order they were registered, so they must be
 * quick: hand slow work (a remote audit log) to another thread. A listener cannot break a request: an exception it
 * throws is logged (at most once every 10 seconds per manager) and ignored. Neither events nor store calls ever
 * carry a session id in full, a record or a cookie value. A configuration without listeners pays nothing for them:
 * its store is not wrapped and no clock is read.
 *
 * <p>Implementations must be thread-safe: one listener serves every request of its managers at once.
 */
public interface SessionListener {

    /**
     * Called once by each {@link dev.sessionkit.SessionManager} built with this listener, as it is built, with the
     * store it will call: for a listener that reports what the store holds (for example a gauge of its
     * {@link dev.sessionkit.store.SessionEnumeration#estimatedSize()}). Does nothing by default.
     *
     * @param store the configured store
     */
    default void bind(SessionStore store) {
    }

    /**
     * Called when something happened to a session. Does nothing by default.
     *
     * @param event what happened
     */
    default void onEvent(SessionEvent event) {
    }

    /**
     * Called after each call to the store, whether it succeeded or failed. Does nothing by default.
     *
     * @param call the operation, its duration and outcome
     */
    default void onStoreCall(StoreCall call) {
    }

    /**
     * Returns a listener of events only.
     *
     * @param listener what to do with each event
     * @return the listener
     */
    static SessionListener onEvent(Consumer<? super SessionEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        return new SessionListener() {
            @Override
            public void onEvent(SessionEvent event) {
                listener.accept(event);
            }
        };
    }
}
