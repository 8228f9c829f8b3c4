package dev.sessionkit;

import dev.sessionkit.store.SessionStoreException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer every adapter gives to a request whose session failed in a way the client should hear about: a store
 * that failed ({@link SessionStoreException}) is {@code 503 Service Unavailable}, a save that conflicted
 * ({@link SessionConflictException}) is {@code 409 Conflict}; a short plain-text body without internal detail, and
 * one log line per failed request. Adapters call {@link #find(Throwable)} on what their framework caught, which may
 * have wrapped the exception; any other exception is not theirs to answer. {@link SessionContext#end(boolean)}
 * returns the answer to a failure of the request's end.
 *
 * <pre>{@code
 * FailureResponse.find(caught).ifPresent(answer -> {
 *     answer.log();
 *     respond(answer.status(), FailureResponse.CONTENT_TYPE, answer.body());
 * });
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class FailureResponse {

    /** The {@code Content-Type} of the body. */
    public static final String CONTENT_TYPE = "text/plain; charset=utf-8";

    /** How deep {@link #find} looks into a cause chain; frameworks wrap a few times at most. */
    private static final int MAX_DEPTH = 16;
    private static final Logger LOG = LoggerFactory.getLogger(FailureResponse.class);
    /** A store outage fails every request: one WARN with its stack trace per 10 s, the others counted in it. */
    private static final LogThrottle STORE_FAILURES = new LogThrottle(10_000);

    private final int status;
    private final String body;
    private final SessionException cause;

    private FailureResponse(int status, String body, SessionException cause) {
        this.status = status;
        this.body = body;
        this.cause = cause;
    }

    /**
     * Returns the answer to an exception: to the exception itself or the first of its causes that is a store failure
     * (503), a save conflict or a login past the session limit (409).
     *
     * @param failure what the framework caught, may be {@code null}
     * @return the answer, or empty when the exception has another cause
     */
    public static Optional<FailureResponse> find(Throwable failure) {
        Throwable current = failure;
        for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
            if (current instanceof SessionStoreException storeFailure) {
                return Optional.of(new FailureResponse(503, "Service Unavailable", storeFailure));
            }
            if (current instanceof SessionConflictException || current instanceof SessionLimitException) {
                return Optional.of(new FailureResponse(409, "Conflict", (SessionException) current));
            }
            Throwable next = current.getCause();
            current = next == current ? null : next;
        }
        return Optional.empty();
    }

    /** {@return the HTTP status: 503 for a store failure, 409 for a conflict} */
    public int status() {
        return status;
    }

    /** {@return the body: the status's reason phrase, nothing about the store or the session} */
    public String body() {
        return body;
    }

    /** {@return the body as UTF-8 bytes, a fresh copy} */
    public byte[] bodyBytes() {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    /** {@return the exception answered} */
    public SessionException cause() {
        return cause;
    }

    /**
     * Logs the failure as the reason for the answer: a store failure at WARN with its exception, at most once every
     * 10 seconds (the line says how many more were answered 503 since the last one; each is logged at DEBUG), a
     * conflict at INFO with its message (which names keys, never values). Neither carries a session id or a secret.
     */
    public void log() {
        if (status == 503) {
            long notLogged = STORE_FAILURES.check(System.currentTimeMillis());
            if (notLogged < 0) {
                LOG.debug("session store failed; answering 503 Service Unavailable ({})", cause.getMessage());
            } else if (notLogged == 0) {
                LOG.warn("session store failed; answering 503 Service Unavailable", cause);
            } else {
                LOG.warn("session store failed; answering 503 Service Unavailable ({} more answered 503 since the "
                        + "last such line, logged at DEBUG)", notLogged, cause);
            }
        } else {
            LOG.info("session save conflicted ({}); answering 409 Conflict", cause.getMessage());
        }
    }

    @Override
    public String toString() {
        return "FailureResponse{" + status + ' ' + body + '}';
    }
}
