package dev.sessionkit;

import dev.sessionkit.store.SessionStore;
import dev.sessionkit.store.SessionStoreException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session machinery of one request, opened by {@link SessionManager#open(HttpExchange)}.
 *
 * <p>The session is loaded on the first call of {@link #session()}: a request that never asks for it costs no store
 * round trip and gets no {@code Set-Cookie}. When the handler is done, the adapter calls {@link #end(boolean)}, which
 * decides the cookie, writes what is due and answers the context's own store failure; an adapter whose response can
 * commit before that (a flush, a full buffer) calls {@link #commit()} just before it does.
 *
 * <p>Not thread-safe: it belongs to one request, like its {@link Session}.
 *
 * @param <T> the type of the session data
 */
public final class SessionContext<T> {

    private static final Logger LOG = LoggerFactory.getLogger(SessionContext.class);

    private final SessionRuntime<T> runtime;
    private final HttpExchange exchange;
    private final Guard guard = new Guard();
    private DefaultSession<T> session;
    private Boolean requestSecure;
    private boolean committed;
    private boolean failed;
    private boolean handlerFailed;
    private boolean closed;

    SessionContext(SessionRuntime<T> runtime, HttpExchange exchange) {
        this.runtime = runtime;
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
        guard.checkOpen();
        if (session == null) {
            session = guard.store(this::load);
        }
        return session;
    }

    /**
     * Returns the session of this request, as {@link #session()} does, after checking that the configured data type
     * is {@code type}: for adapters whose accessors are not generic in the configuration.
     *
     * @param type the data class the configuration was built with, or a supertype of it
     * @param <U> the type of the session data
     * @return the session
     * @throws IllegalStateException when the configured data type is not a {@code type}, or the request has ended
     * @throws SessionStoreException when the store cannot be read
     */
    @SuppressWarnings("unchecked") // checked against the configuration's data type
    public <U> Session<U> session(Class<U> type) {
        checkDataType(type);
        return (Session<U>) session();
    }

    /**
     * Checks, without loading the session, that the configured data type is {@code type}.
     *
     * @param type the data class the configuration was built with, or a supertype of it
     * @throws IllegalStateException when the configured data type is not a {@code type}
     */
    public void checkDataType(Class<?> type) {
        Class<?> configured = runtime.config().data.javaType().getRawClass();
        if (!type.isAssignableFrom(configured)) {
            throw new IllegalStateException("the session data is a " + configured.getName() + ", not a "
                    + type.getName() + ": ask for the class the SessionConfig was built with");
        }
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
     * Whether the rest of this request's session work, {@link #commit()} and {@link #end(boolean)}, may still call
     * the store: only when the session was used, has not failed, and autoSave or saveUninitialized can still ask for
     * a write. A handler's own {@code save()}, {@code destroy()} or {@code regenerate()} has called the store when it
     * ran. An adapter whose response can arrive on a thread that must not block (an event loop) moves the end of the
     * request to another thread only when this is {@code true}, and otherwise ends it where it is, without a thread
     * hand-off.
     *
     * @return {@code false} when ending the request cannot call the store
     */
    public boolean endMayCallStore() {
        return session != null && !failed && !closed && !handlerFailed && session.mayWriteAtEnd();
    }

    /**
     * Returns the store, for administration such as clearing all sessions.
     *
     * @return the configured store
     */
    public SessionStore store() {
        return runtime.config().store();
    }

    /**
     * Tells the context that the request's handler ended with an exception, as {@code end(true)} does: the commit
     * then writes nothing that autoSave or saveUninitialized would have written. Core's tests call it to drive the
     * steps of {@link #end(boolean)} one by one.
     */
    void requestFailed() {
        handlerFailed = true;
    }

    /**
     * Finishes the session's work for the response: saves when autoSave or saveUninitialized asks for it, otherwise
     * extends the time-to-live of a loaded session, then adds the {@code Set-Cookie} header (and the id header, when
     * one is configured) if one is due. An adapter calls it when its response is about to commit before the handler
     * is done (a flush, a full buffer, a redirect); {@link #end(boolean)} does it otherwise. Later calls do nothing.
     * A request that never accessed its session does nothing here, and neither does one whose store has already
     * failed.
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
        SignedCookie.Reply reply;
        try {
            reply = session.commit(handlerFailed);
        } catch (RuntimeException e) {
            failed = true; // the request fails; close() must not call a store that is down a second time
            throw e;
        }
        if (reply == null) {
            return;
        }
        if (exchange.isCommitted()) {
            LOG.warn("the response was committed before the session cookie could be written; the client keeps its "
                    + "old cookie (the adapter must call commit() before the response is committed)");
            return;
        }
        if (reply.setCookie() != null) {
            exchange.addSetCookie(reply.setCookie());
        }
        if (reply.header() != null && runtime.cookie().headerClient(exchange)) {
            exchange.setResponseHeader(runtime.cookie().header(), reply.header());
            exchange.setResponseHeader("Cache-Control", "no-store"); // the header is a credential: never cached
        }
    }

    /**
     * Ends the request: the one call an adapter makes when the handler is done, whether it returned or threw.
     *
     * <p>When the handler failed, the commit writes nothing that autoSave or saveUninitialized would have written, so a
     * half-done change is not kept; what the handler saved itself stays saved, and the cookie is still decided as for
     * any response. The handler's exception is the adapter's to answer ({@link FailureResponse#find(Throwable)} maps
     * a store failure or a conflict in it) or to let propagate; a failure here never replaces it: it is logged
     * (a store failure at DEBUG) and nothing is returned.
     *
     * <p>Otherwise this commits the session if that has not happened (store writes, then {@code Set-Cookie}) and
     * writes the changes an autoSave session got after an early commit. A store failure or a conflict in that work
     * is returned as the answer the adapter gives in place of the handler's response: it logs it
     * ({@link FailureResponse#log()}) and writes its status and body when its response is not committed yet. Once the
     * store has failed in this request, no further store call is made.
     *
     * <p>Either way the session is unusable afterwards. Later calls do nothing and return empty.
     *
     * @param handlerFailed whether the handler (or the rest of the chain) ended with an exception
     * @return the answer to a store failure ({@code 503}) or a conflict ({@code 409}) of this call's own work; empty
     *     when there is nothing to answer
     * @throws RuntimeException any other exception of this call's own work, unchanged, when the handler did not fail
     */
    public Optional<FailureResponse> end(boolean handlerFailed) {
        if (handlerFailed) {
            requestFailed();
        }
        try {
            close();
            return Optional.empty();
        } catch (RuntimeException e) {
            if (handlerFailed) {
                logAfterFailure(e);
                return Optional.empty();
            }
            return Optional.of(FailureResponse.find(e).orElseThrow(() -> e));
        }
    }

    /** A failure while ending a request whose handler failed: logged, so that the handler's failure stands. */
    private static void logAfterFailure(RuntimeException e) {
        if (e instanceof SessionException) {
            LOG.debug("the session failed again while ending a failed request", e);
        } else {
            LOG.warn("ending the session of a failed request threw; the request's own failure is the one reported", e);
        }
    }

    /**
     * Commits if that has not happened, writes changes an autoSave session got after the response went out, and makes
     * the session unusable: the work of {@link #end(boolean)}, throwing its failures rather than answering them
     * (core's tests end their requests with it). Once the store has failed in this request (in a session operation
     * or in {@link #commit()}) it only makes the session unusable, so a store that is down is not called again.
     *
     * @throws SessionStoreException when the store cannot be written
     */
    void close() {
        if (closed) {
            return;
        }
        try {
            if (!committed) {
                commit();
            } else if (session != null && !failed) {
                session.saveLateChanges(handlerFailed);
            }
        } finally {
            closed = true;
        }
    }

    // ---- internals ------------------------------------------------------------------------------------------------

    /** The request path of a load: the signed cookie, then the store and the codec, then the session. */
    private DefaultSession<T> load() {
        String id = runtime.cookie().read(exchange);
        if (id != null) {
            DecodedRecord<T> record = runtime.load(id);
            if (record != null) {
                return DefaultSession.loaded(runtime, guard, id, record);
            }
            LOG.debug("no live stored session for a validly signed cookie; starting a new session");
        }
        return DefaultSession.fresh(runtime, guard);
    }

    private boolean requestSecure() {
        if (requestSecure == null) {
            requestSecure = exchange.isSecure() || (runtime.config().trustProxy() && forwardedHttps());
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

    /** The request as its session sees it. */
    private final class Guard implements RequestGuard {

        @Override
        public void checkOpen() {
            if (closed) {
                throw new IllegalStateException("the request of this session has ended; a Session must not be kept "
                        + "beyond its request");
            }
        }

        @Override
        public void checkNotCommitted(String what) {
            if (committed || exchange.isCommitted()) {
                throw new IllegalStateException(what + " needs a Set-Cookie header, but the response is already "
                        + "committed; do it before writing the response body");
            }
        }

        @Override
        public boolean secure() {
            return requestSecure();
        }

        /**
         * Runs a store call; a store failure marks the request failed, so that commit() and end() do not call the
         * store again (the adapter answers 503 and still ends the context).
         */
        @Override
        public <R> R store(Supplier<R> operation) {
            try {
                return operation.get();
            } catch (SessionStoreException e) {
                failed = true;
                throw e;
            }
        }
    }

    @Override
    public String toString() {
        return "SessionContext{accessed=" + (session != null) + ", committed=" + committed + ", closed=" + closed
                + '}';
    }
}
