package dev.sessionkit;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer every adapter gives to a request whose session store failed: {@code 503 Service Unavailable} with a
 * short plain-text body and no internal detail, logged once at WARN. Adapters call {@link #find(Throwable)} on what
 * their framework caught, which may have wrapped the store's exception, and {@link #log(SessionStoreException)}
 * once per failed request.
 *
 * <pre>{@code
 * StoreUnavailable.find(caught).ifPresent(failure -> {
 *     StoreUnavailable.log(failure);
 *     respond(StoreUnavailable.STATUS, StoreUnavailable.CONTENT_TYPE, StoreUnavailable.BODY);
 * });
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class StoreUnavailable {

    /** The status: {@code 503}. */
    public static final int STATUS = 503;

    /** The {@code Content-Type} of the body. */
    public static final String CONTENT_TYPE = "text/plain; charset=utf-8";

    /** The body: {@code Service Unavailable}, nothing about the store. */
    public static final String BODY = "Service Unavailable";

    /** How deep {@link #find} looks into a cause chain; frameworks wrap a few times at most. */
    private static final int MAX_DEPTH = 16;

    private static final Logger LOG = LoggerFactory.getLogger(StoreUnavailable.class);
    private static final byte[] BODY_BYTES = BODY.getBytes(StandardCharsets.UTF_8);

    private StoreUnavailable() {
    }

    /**
     * Returns the store failure behind an exception: the exception itself or the first of its causes that is a
     * {@link SessionStoreException}.
     *
     * @param failure what the framework caught, may be {@code null}
     * @return the store failure, or empty when the exception has another cause
     */
    public static Optional<SessionStoreException> find(Throwable failure) {
        Throwable current = failure;
        for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
            if (current instanceof SessionStoreException storeFailure) {
                return Optional.of(storeFailure);
            }
            Throwable cause = current.getCause();
            current = cause == current ? null : cause;
        }
        return Optional.empty();
    }

    /**
     * Logs a store failure at WARN, as the reason for a 503 answer. Store exceptions carry no session id or secret.
     *
     * @param failure the store failure
     */
    public static void log(SessionStoreException failure) {
        LOG.warn("session store failed; answering 503 Service Unavailable", failure);
    }

    /**
     * Returns the body as UTF-8 bytes.
     *
     * @return a fresh copy of the bytes of {@link #BODY}
     */
    public static byte[] bodyBytes() {
        return BODY_BYTES.clone();
    }
}
