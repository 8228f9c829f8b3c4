package dev.sessionkit;

import dev.sessionkit.event.SessionEvent;
import dev.sessionkit.event.SessionListener;
import dev.sessionkit.event.StoreCall;
import dev.sessionkit.event.StoreOperation;
import dev.sessionkit.store.SessionStore;
import dev.sessionkit.store.SessionStoreException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands events and store calls to the configured {@link SessionListener}s, shielding the request from them. Without
 * listeners every method returns at once: {@link #start()} reads no clock and nothing is allocated. Thread-safe.
 */
final class SessionEvents {

    private static final Logger LOG = LoggerFactory.getLogger(SessionEvents.class);

    private final SessionListener[] listeners;
    private final LogThrottle throttle = new LogThrottle(10_000);

    SessionEvents(List<SessionListener> listeners) {
        this.listeners = listeners.toArray(SessionListener[]::new);
    }

    boolean enabled() {
        return listeners.length > 0;
    }

    /** The start of an operation to time: {@link System#nanoTime()}, or 0 when nobody listens. */
    long start() {
        return listeners.length == 0 ? 0 : System.nanoTime();
    }

    void bind(SessionStore store) {
        for (SessionListener listener : listeners) {
            try {
                listener.bind(store);
            } catch (RuntimeException e) {
                failed(listener, e);
            }
        }
    }

    /**
     * An event of the session {@code id} (of {@code principal}, or null) that came from the store operation begun at
     * {@code start} (from {@link #start()}), or from none when {@code operation} is {@code null}.
     */
    void emit(SessionEvent.Type type, String id, String principal, StoreOperation operation, long start) {
        emit(type, id, principal, operation, start, null);
    }

    void emit(SessionEvent.Type type, String id, String principal, StoreOperation operation, long start,
              RuntimeException failure) {
        if (listeners.length > 0) {
            Duration duration = operation == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - start);
            dispatch(new SessionEvent(type, SessionEvent.prefixOf(id), principal, operation, duration, failure));
        }
    }

    private void dispatch(SessionEvent event) {
        for (SessionListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                failed(listener, e);
            }
        }
    }

    /** A store call that ended; a failed one is also a {@link SessionEvent.Type#STORE_FAILURE} event. */
    void storeCall(StoreOperation operation, String id, long start, RuntimeException failure) {
        Duration duration = Duration.ofNanos(System.nanoTime() - start);
        StoreCall call = new StoreCall(operation, duration, failure);
        for (SessionListener listener : listeners) {
            try {
                listener.onStoreCall(call);
            } catch (RuntimeException e) {
                failed(listener, e);
            }
        }
        if (failure instanceof SessionStoreException) {
            dispatch(new SessionEvent(SessionEvent.Type.STORE_FAILURE, SessionEvent.prefixOf(id), null, operation,
                    duration, failure));
        }
    }

    private void failed(SessionListener listener, RuntimeException e) {
        long skipped = throttle.check(System.currentTimeMillis());
        if (skipped >= 0) {
            // Listeners are never given a full id, a record or a cookie, so their exceptions cannot quote one.
            LOG.warn("session listener {} threw; ignored{}", listener.getClass().getName(),
                    skipped > 0 ? " (and " + skipped + " more since the last line)" : "", e);
        }
    }
}
