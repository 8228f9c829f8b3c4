package dev.sessionkit;

import dev.sessionkit.event.SessionEvent;
import dev.sessionkit.event.StoreOperation;
import dev.sessionkit.store.SessionRecord;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one implementation of {@link Session}; its state machine decides every store call and every cookie. It sees
 * the shared {@link SessionRuntime} and its request only through a {@link RequestGuard}.
 */
final class DefaultSession<T> extends SessionAccount<T> {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultSession.class);

    /** What this request knows about the record under {@link #id}. */
    private enum Stored { NO, YES }

    private final SessionRuntime<T> runtime;
    /** The id the client's valid cookie carried and that had a record, or {@code null}. */
    private final String clientId;
    private String id;
    private T data;
    private EditableCookie cookie;
    private Stored stored;
    private boolean written;
    private boolean destroyed;
    /** Whether another request destroyed or regenerated the session while this one had it loaded. */
    private boolean goneMeanwhile;
    /** Whether {@link #id} came from {@link SessionCookie#setSessionId}: an id in use is then an error, not a retry. */
    private boolean chosenId;
    /** When the session was created, as its record says; {@code null} until it is known or first written. */
    private Instant created;
    /** The data as JSON when last read or written; only kept with autoSave, to tell a change from none. */
    private String baseline;
    /** The record as last read or written, which the next save of a loaded session compares against. */
    private SessionSave.Base base;
    private final Writes writes = new Writes();

    private DefaultSession(SessionRuntime<T> runtime, RequestGuard request, String clientId, String id,
                           Stored stored) {
        super(request, new PrincipalSessions(runtime));
        this.runtime = runtime;
        this.clientId = clientId;
        this.id = id;
        this.stored = stored;
    }

    @Override
    String id(boolean onlyStored) {
        return onlyStored && stored != Stored.YES ? null : id;
    }

    static <T> DefaultSession<T> fresh(SessionRuntime<T> runtime, RequestGuard request) {
        DefaultSession<T> session = new DefaultSession<>(runtime, request, null, runtime.newId(), Stored.NO);
        session.reset();
        return session;
    }

    static <T> DefaultSession<T> loaded(SessionRuntime<T> runtime, RequestGuard request, String id,
                                        DecodedRecord<T> record) {
        DefaultSession<T> session = new DefaultSession<>(runtime, request, id, id, Stored.YES);
        session.apply(record);
        return session;
    }

    private void reset() {
        use(runtime.newData(), configuredCookie());
    }

    /** A loaded session's cookie: the configured attributes, with the lifetime its record stored. */
    private void apply(DecodedRecord<T> record) {
        CookieAttributes configured = configuredCookie();
        use(record.data(), record.lifetime() == null ? configured : record.lifetime().over(configured));
        created = record.meta() == null ? null : record.meta().created(); // else: created at its first save
        principal.restore(record.meta());
        base = new SessionSave.Base(record.json(), null);
    }

    private void use(T data, CookieAttributes attributes) {
        this.data = data;
        this.cookie = new EditableCookie(runtime.config().name(), attributes, runtime.config().cookie().secureAuto(),
                runtime.config().clock(), new CookieEdits());
        this.baseline = runtime.config().autoSave() ? runtime.codec().encodeData(data) : null;
    }

    private CookieAttributes configuredCookie() {
        return runtime.config().cookie().forRequest(request.secure());
    }

    // ---- Session -------------------------------------------------------------------------------------------------

    @Override
    public String id() {
        return id;
    }

    @Override
    public T data() {
        return data;
    }

    @Override
    public void data(T data) {
        this.data = Objects.requireNonNull(data, "data");
    }

    @Override
    public SessionCookie cookie() {
        return cookie;
    }

    @Override
    public boolean isNew() {
        return clientId == null || !clientId.equals(id);
    }

    @Override
    public void save() {
        request.checkOpen();
        if (destroyed) {
            LOG.debug("save() on a destroyed session ignored");
            return;
        }
        request.store(() -> write(runtime.codec().encodeData(data)));
    }

    @Override
    public T update(UnaryOperator<T> change) {
        Objects.requireNonNull(change, "change");
        request.checkOpen();
        String before = runtime.codec().encodeData(data);
        data = Objects.requireNonNull(change.apply(data), "update returned null data");
        if (destroyed) {
            LOG.debug("update() on a destroyed session: changed, not saved");
            return data;
        }
        request.store(() -> write(runtime.codec().encodeData(data), before, checked(change)));
        return data;
    }

    private static <T> UnaryOperator<T> checked(UnaryOperator<T> change) {
        return value -> Objects.requireNonNull(change.apply(value), "update returned null data");
    }

    @Override
    public void reload() {
        request.checkOpen();
        request.store(this::reloadFromStore);
    }

    private void reloadFromStore() {
        DecodedRecord<T> record = stored == Stored.NO ? null : runtime.read(id);
        destroyed = false;
        goneMeanwhile = false;
        if (record != null) {
            apply(record);
            stored = Stored.YES;
            return;
        }
        id = runtime.newId();
        chosenId = false;
        stored = Stored.NO;
        created = null;
        principal.restore(null); // a fresh session: nobody is logged in to it
        reset();
    }

    @Override
    public void destroy() {
        request.checkOpen();
        if (stored != Stored.NO) {
            long start = runtime.events().start();
            request.store(() -> principal.destroy(id));
            runtime.events().emit(SessionEvent.Type.DESTROYED, id, principal.principal().orElse(null),
                    StoreOperation.DESTROY, start);
        }
        stored = Stored.NO;
        destroyed = true;
        goneMeanwhile = false; // this request's own logout: its client's cookie is cleared
    }

    @Override
    public void regenerate() {
        request.checkOpen();
        request.checkNotCommitted("regenerate()");
        long start = runtime.events().start();
        boolean wasStored = stored != Stored.NO;
        if (wasStored) {
            request.store(() -> principal.destroy(id));
        }
        id = runtime.newId();
        runtime.events().emit(SessionEvent.Type.REGENERATED, id, principal.principal().orElse(null),
                wasStored ? StoreOperation.DESTROY : null, start);
        chosenId = false;
        stored = Stored.NO;
        destroyed = false;
        goneMeanwhile = false;
        created = null;
        principal.movedToNewId();
        reset();
    }

    @Override
    public Optional<Instant> createdAt() {
        return Optional.ofNullable(created);
    }

    @Override
    public void changeId() {
        request.checkOpen();
        request.checkNotCommitted("changeId()");
        if (stored == Stored.YES) {
            String json = runtime.codec().encodeData(data);
            SessionSave.Result<T> result = request.store(() -> SessionSave.deleteIfUnchanged(runtime, id, base, json,
                    writes));
            if (!result.written()) { // ended by another request meanwhile: never moved to a new id
                stored = Stored.NO;
                destroyed = true;
                goneMeanwhile = true;
                return;
            }
            data = result.merged() != null ? result.merged() : data;
            if (principal.principal().isPresent()) {
                request.store(() -> principal.destroy(id)); // its index entry, now that the record is gone
            }
        }
        id = runtime.newId();
        chosenId = false;
        stored = Stored.NO;
        baseline = null; // autoSave writes the moved session, changed or not
        principal.movedToNewId();
    }

    /** The cookie's view of its session: edits are allowed while the request is open and uncommitted. */
    private final class CookieEdits implements EditableCookie.Edits {
        @Override
        public void check(String attribute, boolean onlyWhileNew) {
            request.checkOpen();
            request.checkNotCommitted("changing the cookie's " + attribute);
            if (onlyWhileNew && !isNew()) {
                throw new IllegalStateException("the " + attribute + " of a live session cookie cannot be changed: "
                        + "the browser would keep the old cookie beside the new one; set it in CookieOptions, or "
                        + "call regenerate() first");
            }
        }

        @Override
        public void setSessionId(String newId) {
            Objects.requireNonNull(newId, "id");
            if (newId.isEmpty()) {
                throw new IllegalArgumentException("session id is empty: give a non-empty id");
            }
            request.checkOpen();
            request.checkNotCommitted("setSessionId()");
            if (!newId.equals(id)) {
                // The session moves to the new id as a new session: it is written there only if the id is unused,
                // and its cookie is sent only once it is written, so no request can adopt another's session.
                id = newId;
                chosenId = true;
                stored = Stored.NO;
                destroyed = false;
                goneMeanwhile = false;
                created = null;
                principal.movedToNewId();
            }
        }
    }

    // ---- the end of the request ----------------------------------------------------------------------------------

    /** Whether {@link #commit} or {@link #saveLateChanges} may write: the cases they write in, before the checks. */
    boolean mayWriteAtEnd() {
        SessionConfig<T> config = runtime.config();
        return !destroyed && (config.autoSave() || (stored == Stored.NO && config.saveUninitialized()));
    }

    /**
     * Does the end-of-request work: the writes autoSave or saveUninitialized ask for (none when the handler failed,
     * so half-done changes are not kept), then the {@code Set-Cookie} decision. The time-to-live needs no touch here:
     * the load set it. Store failures propagate before any cookie is written.
     *
     * @param handlerFailed whether the request's handler ended with an exception
     * @return what to send the client (Set-Cookie, id header), or {@code null} for nothing
     */
    SignedCookie.Reply commit(boolean handlerFailed) {
        SessionConfig<T> config = runtime.config();
        if (destroyed) {
            return dropped();
        }
        cookie.refresh();
        if (handlerFailed) {
            LOG.debug("the request failed: autoSave and saveUninitialized write nothing");
        } else if (stored == Stored.NO && config.saveUninitialized()) {
            write(runtime.codec().encodeData(data));
        } else if (config.autoSave()) {
            writeIfChanged();
        }
        if (destroyed) { // a save found that another request had ended the session
            return dropped();
        }
        CookieAttributes attributes = cookie.attributes();
        if (stored == Stored.NO) {
            // Never saved: nothing to point a cookie at. A regenerated session's old cookie is cleared.
            return clientId != null && !clientId.equals(id)
                    ? runtime.cookie().drop(attributes, request.secure()) : null;
        }
        boolean send = isNew() || cookie.edited() || config.rolling() || (written && attributes.expires() != null);
        return send ? runtime.cookie().send(id, attributes, request.secure()) : null;
    }

    /**
     * Clears the client's cookie, unless another request ended the session: if it regenerated it, the client may
     * already hold the new cookie, and a clearing one arriving after it would log the user out.
     */
    private SignedCookie.Reply dropped() {
        return clientId != null && !goneMeanwhile ? runtime.cookie().drop(cookie.attributes(), request.secure()) : null;
    }

    /** Writes late changes of an autoSave session at the end of a request whose response went out early. */
    void saveLateChanges(boolean handlerFailed) {
        if (!handlerFailed && !destroyed && stored != Stored.NO && runtime.config().autoSave()) {
            writeIfChanged();
        }
    }

    private void writeIfChanged() {
        String current = runtime.codec().encodeData(data);
        if (!current.equals(baseline)) {
            write(current);
        }
    }

    private void write(String dataJson) {
        write(dataJson, null, null);
    }

    /** Writes the data; for an update, {@code before} is the data before {@code update} ran. */
    private void write(String dataJson, String before, UnaryOperator<T> update) {
        cookie.refresh();
        if (created == null) {
            created = runtime.now(); // the first write creates the session, as far as its absolute timeout goes
        }
        SessionSave.Result<T> result = stored == Stored.NO
                ? SessionSave.create(runtime, id, chosenId, dataJson, writes)
                : SessionSave.replace(runtime, id, base, before, dataJson, update, writes);
        if (!result.written()) {
            LOG.debug("session was deleted by another request before this save; not brought back");
            stored = Stored.NO;
            destroyed = true;
            goneMeanwhile = true;
            return;
        }
        id = result.id();
        base = result.base();
        if (result.merged() != null) {
            data = result.merged();
        }
        stored = Stored.YES;
        written = true;
        principal.written(id);
        if (runtime.config().autoSave()) {
            baseline = base.dataJson();
        }
    }

    /** The session's side of its saves. */
    private final class Writes implements SessionSave.Target<T> {
        @Override
        public SessionRecord record(String dataJson) {
            CookieAttributes attributes = cookie.attributes();
            Instant now = runtime.now();
            String json = runtime.codec().encodeRecord(attributes, principal.meta(created, id), dataJson);
            runtime.checkSize(json);
            return SessionRecord.of(json, Lifetime.storeExpiry(attributes, principal.lifetimeStart(created),
                    runtime.config(), now));
        }

        @Override
        public void beforeWrite(String id) {
            principal.indexBeforeWrite(id, created);
        }

        @Override
        public void adopt(DecodedRecord<T> theirs) {
            if (theirs.meta() != null) {
                created = theirs.meta().created();
            }
            principal.adopt(theirs.meta());
        }

        @Override
        public String principal() {
            return principal.principal().orElse(null);
        }

        @Override
        public String anotherId() {
            request.checkNotCommitted("a new session id after an id collision");
            id = runtime.newId();
            return id;
        }
    }

    @Override
    public String toString() {
        return "Session{new=" + isNew() + ", destroyed=" + destroyed + ", data=" + data + '}';
    }
}
