package dev.sessionkit;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session machinery of one request, opened by {@link SessionManager#open(HttpExchange)}.
 *
 * <p>The session is loaded on the first call of {@link #session()}: a request that never asks for it costs no store
 * round trip and gets no {@code Set-Cookie}. The adapter calls {@link #commit()} just before the response is
 * committed (that is when stores are written and the cookie is decided) and {@link #close()} when the request ends.
 *
 * <p>Not thread-safe: it belongs to one request, like its {@link Session}.
 *
 * @param <T> the type of the session data
 */
public final class SessionContext<T> {

    private static final Logger LOG = LoggerFactory.getLogger(SessionContext.class);

    private final SessionManager<T> manager;
    private final HttpExchange exchange;
    private DefaultSession<T> session;
    private Boolean requestSecure;
    private boolean committed;
    private boolean failed;
    private boolean closed;

    SessionContext(SessionManager<T> manager, HttpExchange exchange) {
        this.manager = manager;
        this.exchange = exchange;
    }

    /**
     * Returns the session of this request, loading it from the store on the first call. An absent, unsigned,
     * tampered or malformed cookie, a valid cookie whose session is gone, or an unreadable record all give a new
     * session with a new id.
     *
     * @return the session
     * @throws SessionStoreException when the store cannot be read
     * @throws IllegalStateException when the request has ended
     */
    public Session<T> session() {
        checkOpen();
        if (session == null) {
            session = guarded(this::load);
        }
        return session;
    }

    /**
     * Returns whether {@link #session()} has been called in this request.
     *
     * @return {@code true} once the session was asked for
     */
    public boolean isSessionAccessed() {
        return session != null;
    }

    /**
     * Returns the store, for administration such as clearing all sessions.
     *
     * @return the configured store
     */
    public SessionStore store() {
        return manager.config().store();
    }

    /**
     * Finishes the session's work for the response: saves when autoSave or saveUninitialized asks for it, otherwise
     * extends the time-to-live of a loaded session, then adds the {@code Set-Cookie} header if one is due. Adapters
     * call it once, before the response is committed; later calls do nothing. A request that never accessed its
     * session does nothing here.
     *
     * Does nothing either once the store has failed in this request.
     *
     * @throws SessionStoreException when the store cannot be written; no cookie is then added
     */
    public void commit() {
        if (committed || closed) {
            return;
        }
        committed = true;
        if (session == null || failed) {
            return; // a store that already failed in this request is not called again
        }
        String setCookie;
        try {
            setCookie = session.commit(requestSecure());
        } catch (RuntimeException e) {
            // The request fails; close() must not call a store that is down a second time.
            failed = true;
            throw e;
        }
        if (setCookie == null) {
            return;
        }
        if (exchange.isCommitted()) {
            LOG.warn("the response was committed before the session cookie could be written; the client keeps its "
                    + "old cookie (the adapter must call commit() before the response is committed)");
            return;
        }
        exchange.addSetCookie(setCookie);
    }

    /**
     * Ends the request: commits if that has not happened, writes changes an autoSave session got after the response
     * went out, and makes the session unusable. Adapters call it in a {@code finally} block; once the store has
     * failed in this request (in a session operation or in {@link #commit()}) it only makes the session unusable, so
     * a store that is down is not called again.
     *
     * @throws SessionStoreException when the store cannot be written
     */
    public void close() {
        if (closed) {
            return;
        }
        try {
            if (!committed) {
                commit();
            } else if (session != null && !failed) {
                session.saveLateChanges();
            }
        } finally {
            closed = true;
        }
    }

    // ---- internals ------------------------------------------------------------------------------------------------

    /**
     * Runs a session operation that may call the store; a store failure marks the request failed, so that commit()
     * and close() do not call the store again (the adapter answers 503 and still closes the context).
     */
    <R> R guarded(Supplier<R> operation) {
        try {
            return operation.get();
        } catch (SessionStoreException e) {
            failed = true;
            throw e;
        }
    }

    void guarded(Runnable operation) {
        guarded(() -> {
            operation.run();
            return null;
        });
    }

    private DefaultSession<T> load() {
        SessionConfig<T> config = config();
        String raw = Cookies.find(exchange.requestHeaders("Cookie"), config.name());
        String id = raw == null ? null : verify(raw);
        if (id != null) {
            // Touch while reading (one round trip where the store can), assuming the configured expiry; commit()
            // touches again only if this session's cookie turns out to expire otherwise.
            RecordCodec.Decoded<T> record = decode(store().getAndTouch(id, configuredExpiry()));
            if (record != null) {
                try {
                    return DefaultSession.loaded(this, id, record);
                } catch (RecordCodec.UnreadableRecordException e) {
                    LOG.warn("stored session unreadable ({}); starting a new session", e.getMessage());
                }
            } else {
                LOG.debug("no stored session for a validly signed cookie; starting a new session");
            }
        }
        return DefaultSession.fresh(this);
    }

    private String verify(String raw) {
        if (raw.length() > Cookies.MAX_VALUE_LENGTH) {
            LOG.debug("session cookie ignored: {} characters long", raw.length());
            return null;
        }
        if (!raw.startsWith("s:")) {
            LOG.debug("session cookie ignored: not signed");
            return null;
        }
        String id = manager.signer().unsign(raw.substring(2)).orElse(null);
        if (id == null || id.isEmpty()) {
            LOG.debug("session cookie ignored: bad signature");
            return null;
        }
        return id;
    }

    /** The expiry a session with the configured cookie settings gets now, or {@code null} for none. */
    Instant configuredExpiry() {
        CookieOptions cookie = config().cookie();
        if (cookie.maxAge().isPresent()) {
            return config().clock().instant().plus(cookie.maxAge().get());
        }
        return cookie.expires().orElse(null);
    }

    /** Reads and decodes a record; {@code null} when absent or unreadable. */
    RecordCodec.Decoded<T> read(String id) {
        return decode(store().get(id));
    }

    private RecordCodec.Decoded<T> decode(Optional<String> stored) {
        String json = stored.orElse(null);
        if (json == null) {
            return null;
        }
        try {
            return codec().decode(json);
        } catch (RecordCodec.UnreadableRecordException e) {
            LOG.warn("stored session unreadable ({}); starting a new session", e.getMessage());
            return null;
        }
    }

    boolean requestSecure() {
        if (requestSecure == null) {
            requestSecure = exchange.isSecure() || (config().trustProxy() && forwardedHttps());
        }
        return requestSecure;
    }

    private boolean forwardedHttps() {
        List<String> values = exchange.requestHeaders("X-Forwarded-Proto");
        if (values.isEmpty()) {
            return false;
        }
        String first = values.get(0);
        int comma = first.indexOf(',');
        String proto = (comma < 0 ? first : first.substring(0, comma)).trim();
        return proto.toLowerCase(Locale.ROOT).equals("https");
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the request of this session has ended; a Session must not be kept "
                    + "beyond its request");
        }
    }

    void checkNotCommitted(String what) {
        if (committed || exchange.isCommitted()) {
            throw new IllegalStateException(what + " needs a Set-Cookie header, but the response is already "
                    + "committed; do it before writing the response body");
        }
    }

    SessionConfig<T> config() {
        return manager.config();
    }

    RecordCodec<T> codec() {
        return manager.codec();
    }

    CookieSigner signer() {
        return manager.signer();
    }

    @Override
    public String toString() {
        return "SessionContext{accessed=" + (session != null) + ", committed=" + committed + ", closed=" + closed
                + '}';
    }
}
