package dev.sessionkit;

import dev.sessionkit.SessionStore.SetMode;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one implementation of {@link Session}; its state machine decides every store call and every cookie. */
final class DefaultSession<T> implements Session<T> {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultSession.class);
    private static final int MAX_ID_ATTEMPTS = 4;

    /** What this request knows about the record under {@link #id}. */
    private enum Stored { NO, YES, UNKNOWN }

    private final SessionContext<T> context;
    /** The id the client's valid cookie carried and that had a record, or {@code null}. */
    private final String clientId;
    private String id;
    private T data;
    private CookieState cookie;
    private Stored stored;
    private boolean written;
    private boolean destroyed;
    private boolean cookieEdited;
    /** The id whose time-to-live the load extended to the configured expiry, or {@code null}. */
    private String touchedOnLoad;
    /** The data as JSON when last read or written; only kept with autoSave, to tell a change from none. */
    private String baseline;

    private DefaultSession(SessionContext<T> context, String clientId, String id, Stored stored) {
        this.context = context;
        this.clientId = clientId;
        this.id = id;
        this.stored = stored;
    }

    static <T> DefaultSession<T> fresh(SessionContext<T> context) {
        DefaultSession<T> session = new DefaultSession<>(context, null, context.config().newId(), Stored.NO);
        session.reset();
        return session;
    }

    static <T> DefaultSession<T> loaded(SessionContext<T> context, String id, RecordCodec.Decoded<T> record)
            throws RecordCodec.UnreadableRecordException {
        DefaultSession<T> session = new DefaultSession<>(context, id, id, Stored.YES);
        session.apply(record);
        session.touchedOnLoad = id;
        return session;
    }

    private void reset() {
        SessionConfig<T> config = context.config();
        data = config.newData();
        cookie = new CookieState(this, config.cookie(), context.requestSecure());
        cookie.refreshExpiry(now());
        baseline = config.autoSave() ? context.codec().encodeData(data) : null;
    }

    private void apply(RecordCodec.Decoded<T> record) throws RecordCodec.UnreadableRecordException {
        SessionConfig<T> config = context.config();
        CookieState restored = new CookieState(this, config.cookie(), context.requestSecure());
        if (record.cookie != null) {
            RecordCodec.applyStoredCookie(record.cookie, restored, config.cookie().secureAuto(),
                    context.requestSecure());
        }
        restored.refreshExpiry(now());
        cookie = restored;
        data = record.data;
        baseline = config.autoSave() ? context.codec().encodeData(data) : null;
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
        context.checkOpen();
        if (destroyed) {
            LOG.debug("save() on a destroyed session ignored");
            return;
        }
        context.guarded(() -> write(context.codec().encodeData(data)));
    }

    @Override
    public void reload() {
        context.checkOpen();
        context.guarded(this::reloadFromStore);
    }

    private void reloadFromStore() {
        if (stored != Stored.NO) {
            RecordCodec.Decoded<T> record = context.read(id);
            if (record != null) {
                try {
                    apply(record);
                    stored = Stored.YES;
                    destroyed = false;
                    return;
                } catch (RecordCodec.UnreadableRecordException e) {
                    LOG.warn("stored session unreadable on reload ({}); starting a new session", e.getMessage());
                }
            }
        }
        id = context.config().newId();
        stored = Stored.NO;
        destroyed = false;
        reset();
    }

    @Override
    public void destroy() {
        context.checkOpen();
        if (stored != Stored.NO) {
            context.guarded(() -> context.store().destroy(id));
        }
        stored = Stored.NO;
        destroyed = true;
    }

    @Override
    public void regenerate() {
        context.checkOpen();
        context.checkNotCommitted("regenerate()");
        if (stored != Stored.NO) {
            context.guarded(() -> context.store().destroy(id));
        }
        id = context.config().newId();
        stored = Stored.NO;
        destroyed = false;
        cookieEdited = false;
        reset();
    }

    // ---- called by CookieState and SessionContext ----------------------------------------------------------------

    String cookieName() {
        return context.config().name();
    }

    Instant now() {
        return context.config().clock().instant();
    }

    void beforeCookieEdit(String attribute, boolean onlyWhileNew) {
        context.checkOpen();
        context.checkNotCommitted("changing the cookie's " + attribute);
        if (onlyWhileNew && !isNew()) {
            throw new IllegalStateException("the " + attribute + " of a live session cookie cannot be changed: the "
                    + "browser would keep the old cookie beside the new one; set it in CookieOptions, or call "
                    + "regenerate() first");
        }
        cookieEdited = true;
    }

    void setSessionId(String newId) {
        Objects.requireNonNull(newId, "id");
        if (newId.isEmpty()) {
            throw new IllegalArgumentException("session id is empty: give a non-empty id");
        }
        context.checkOpen();
        context.checkNotCommitted("setSessionId()");
        if (!newId.equals(id)) {
            id = newId;
            stored = Stored.UNKNOWN;
            destroyed = false;
        }
    }

    /**
     * Does the end-of-request work: autoSave or saveUninitialized writes, else a touch, then the {@code Set-Cookie}
     * decision. Store failures propagate before any cookie is written.
     *
     * @return the {@code Set-Cookie} value to send, or {@code null}
     */
    String commit(boolean requestSecure) {
        SessionConfig<T> config = context.config();
        String name = config.name();
        if (destroyed) {
            return clientId != null ? cookie.clearCookie(name, requestSecure) : null;
        }
        cookie.refreshExpiry(now());
        if (stored == Stored.NO && config.saveUninitialized()) {
            write(context.codec().encodeData(data));
        } else if (config.autoSave()) {
            String current = context.codec().encodeData(data);
            if (!current.equals(baseline)) {
                write(current);
            }
        }
        if (destroyed) {
            // A save found that another request had destroyed the session meanwhile.
            return clientId != null ? cookie.clearCookie(name, requestSecure) : null;
        }
        if (stored != Stored.NO && !written && !(id.equals(touchedOnLoad) && hasConfiguredExpiry())) {
            CookieState snapshot = cookie;
            T current = data;
            context.store().touch(id, SessionRecord.lazy(
                    () -> context.codec().encodeRecord(snapshot, context.codec().encodeData(current)),
                    cookie.expires));
        }
        if (stored == Stored.NO) {
            // Never saved: nothing to point a cookie at. A regenerated session's old cookie is cleared.
            return clientId != null && !clientId.equals(id) ? cookie.clearCookie(name, requestSecure) : null;
        }
        boolean send = isNew() || cookieEdited || config.rolling() || (written && cookie.expires != null);
        return send ? cookie.setCookie(name, "s:" + context.signer().sign(id), requestSecure) : null;
    }

    /** Whether the cookie expires as the configuration says, which is what the load's touch assumed. */
    private boolean hasConfiguredExpiry() {
        CookieOptions configured = context.config().cookie();
        if (cookie.maxAge != null || configured.maxAge().isPresent()) {
            return Objects.equals(cookie.maxAge, configured.maxAge().orElse(null));
        }
        return Objects.equals(cookie.expires, configured.expires().orElse(null));
    }

    /** Writes late changes of an autoSave session at the end of a request whose response went out early. */
    void saveLateChanges() {
        if (!destroyed && stored != Stored.NO && context.config().autoSave()) {
            String current = context.codec().encodeData(data);
            if (!current.equals(baseline)) {
                write(current);
            }
        }
    }

    private void write(String dataJson) {
        cookie.refreshExpiry(now());
        SessionRecord record = SessionRecord.of(context.codec().encodeRecord(cookie, dataJson), cookie.expires);
        SetMode mode = stored == Stored.NO ? SetMode.IF_ABSENT
                : stored == Stored.YES ? SetMode.IF_PRESENT : SetMode.ALWAYS;
        boolean done = context.store().set(id, record, mode);
        for (int attempt = 1; !done && mode == SetMode.IF_ABSENT; attempt++) {
            if (attempt == MAX_ID_ATTEMPTS) {
                throw new SessionException("genid returned " + MAX_ID_ATTEMPTS + " ids in a row that were already "
                        + "in use: it must return unguessable, unique ids (the default is a random UUID)");
            }
            LOG.warn("genid returned an id that is already in use; taking another");
            context.checkNotCommitted("a new session id after an id collision");
            id = context.config().newId();
            done = context.store().set(id, record, mode);
        }
        if (!done) {
            LOG.debug("session was deleted by another request before this save; not brought back");
            stored = Stored.NO;
            destroyed = true;
            return;
        }
        stored = Stored.YES;
        written = true;
        if (context.config().autoSave()) {
            baseline = dataJson;
        }
    }

    @Override
    public String toString() {
        return "Session{new=" + isNew() + ", destroyed=" + destroyed + ", data=" + data + '}';
    }
}
