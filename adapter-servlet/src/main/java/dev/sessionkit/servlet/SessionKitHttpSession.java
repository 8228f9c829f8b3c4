package dev.sessionkit.servlet;

import dev.sessionkit.Session;
import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionData;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link HttpSession} a request behind {@link SessionFilter} gets: a view of its SessionKit session, so that
 * code written for the Servlet API ({@code request.getSession()}) keeps its state in the SessionKit store, shared with
 * {@link Sessions#of} and with Node services. Attributes are the top-level keys of the session data. JSON-native
 * values (strings, numbers, booleans, lists and maps of them, {@code null}) are stored as themselves; other objects
 * go through the {@link AttributeCodec}, tagged with their class. A request that changed an attribute (or a value
 * read from one, compared as JSON) saves the session before its response is committed, through the compare-and-set
 * with merge. Not thread-safe, like its session.
 */
final class SessionKitHttpSession implements HttpSession {

    /** The key naming a stored object's class; its value is under {@value #VALUE}. */
    static final String CLASS = "@sessionkit.class";
    static final String VALUE = "value";

    private static final Logger LOG = LoggerFactory.getLogger(SessionKitHttpSession.class);

    private final Session<SessionData> session;
    private final ServletContext servletContext;
    private final SessionConfig<?> config;
    private final AttributeCodec codec;
    private final HttpSessionListeners listeners;
    /** The objects this request read or set that are not JSON, by attribute: written again at the save. */
    private final Map<String, Object> objects = new HashMap<>();
    private final Instant accessed;
    /**
     * The lists and maps this request read, by attribute, with their text when first read: a change made to one in
     * place is told from none at the save. Only what was read is kept, not the whole session's text.
     */
    private final Map<String, String> readValues = new HashMap<>();
    private boolean changed;
    private boolean invalidated;

    SessionKitHttpSession(Session<SessionData> session, ServletContext servletContext, SessionConfig<?> config,
                          AttributeCodec codec, HttpSessionListeners listeners) {
        this.session = session;
        this.servletContext = servletContext;
        this.config = config;
        this.codec = codec;
        this.listeners = listeners;
        this.accessed = config.clock().instant();
    }

    /** A JSON-native value's text: enough to tell a change, its members being JSON-native too. */
    private static String text(Object value) {
        return String.valueOf(value);
    }

    private void checkValid(String method) {
        if (invalidated) {
            throw new IllegalStateException(method + ": the session has been invalidated");
        }
    }

    /**
     * Saves the session when an attribute was set or removed, or a value read from it was changed in place.
     *
     * @throws IllegalArgumentException when an object read or set in this request can no longer be written, naming
     *     the attribute and its class: nothing is saved
     */
    void saveIfChanged() {
        if (invalidated) {
            return;
        }
        for (Map.Entry<String, Object> object : objects.entrySet()) { // objects changed in place
            Object encoded = encode(object.getKey(), object.getValue());
            if (!encoded.equals(session.data().get(object.getKey()))) {
                session.data().put(object.getKey(), encoded);
                changed = true;
            }
        }
        for (Map.Entry<String, String> read : readValues.entrySet()) { // lists and maps changed in place
            if (!read.getValue().equals(text(session.data().get(read.getKey())))) {
                changed = true;
            }
        }
        if (changed) {
            session.save();
        }
    }

    /** The session moved to a new id by {@code changeSessionId()}: it is saved under it, and listeners told. */
    void idChanged(String oldId) {
        changed = true;
        listeners.idChanged(this, oldId);
    }

    Session<SessionData> session() {
        return session;
    }

    boolean invalidated() {
        return invalidated;
    }

    @Override
    public long getCreationTime() {
        checkValid("getCreationTime");
        return session.createdAt().orElse(accessed).toEpochMilli();
    }

    /** {@return when this request reached the session: SessionKit does not write a record to note each access} */
    @Override
    public long getLastAccessedTime() {
        checkValid("getLastAccessedTime");
        return accessed.toEpochMilli();
    }

    @Override
    public String getId() {
        return session.id();
    }

    @Override
    public ServletContext getServletContext() {
        return servletContext;
    }

    /**
     * Sets this session's cookie lifetime ({@code maxAge}) to {@code interval} seconds, or, for zero or less, makes it
     * a browser-session cookie. The configured {@code idleTimeout} and {@code absoluteTimeout} still bound the
     * session: this shortens its idle lifetime, it cannot extend it past them. With {@code rolling(true)} the
     * lifetime starts again at each request, as an inactive interval should; otherwise at each save.
     */
    @Override
    public void setMaxInactiveInterval(int interval) {
        checkValid("setMaxInactiveInterval");
        session.cookie().maxAge(interval > 0 ? Duration.ofSeconds(interval) : null);
        changed = true;
    }

    /** {@return the session's idle lifetime in seconds: the shorter of its cookie's maxAge and the idle timeout} */
    @Override
    public int getMaxInactiveInterval() {
        Duration idle = config.idleTimeout().orElse(null);
        Duration maxAge = session.cookie().maxAge().orElse(null);
        Duration shorter = idle == null ? maxAge : maxAge == null || idle.compareTo(maxAge) < 0 ? idle : maxAge;
        return shorter == null ? -1 : (int) Math.min(Integer.MAX_VALUE, shorter.toSeconds());
    }

    @Override
    public Object getAttribute(String name) {
        checkValid("getAttribute");
        return current(Objects.requireNonNull(name, "name"));
    }

    /** The attribute's value, an object decoded once per request; a stored object that cannot be read is dropped. */
    private Object current(String name) {
        Object object = objects.get(name);
        if (object != null) {
            return object;
        }
        Object stored = session.data().get(name);
        if (!(stored instanceof Map<?, ?> map) || !(map.get(CLASS) instanceof String type)) {
            if (stored instanceof Map<?, ?> || stored instanceof List<?>) {
                readValues.putIfAbsent(name, text(stored)); // the caller may change it in place
            }
            return stored;
        }
        Object decoded = decode(type, map.get(VALUE));
        if (decoded == null) {
            LOG.warn("session attribute '{}' names a class that is not allowed or cannot be read; dropping it", name);
            session.data().remove(name);
            changed = true;
            return null;
        }
        objects.put(name, decoded);
        return decoded;
    }

    /** Reads a stored object, or {@code null}: a class off the allowlist is never loaded, let alone initialised. */
    private Object decode(String type, Object value) {
        if (!codec.allows(type)) {
            return null;
        }
        try {
            Class<?> cls = Class.forName(type, false, loader());
            return codec.read(value, cls);
        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    private static ClassLoader loader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : SessionKitHttpSession.class.getClassLoader();
    }

    /** The stored form of an object: refused, naming the attribute and the class (never the value), when it cannot. */
    private Object encode(String name, Object value) {
        String type = value.getClass().getName();
        if (!codec.allows(type)) {
            throw new IllegalArgumentException("the session attribute '" + name + "' is a " + type + ", which is "
                    + "neither JSON (strings, numbers, booleans, lists and maps of them) nor a class the "
                    + "AttributeCodec allows: nothing was stored; allow its package (AttributeCodec.allowing, or "
                    + "the filter's init-param httpSession.allow)");
        }
        Object written;
        try {
            written = codec.write(value);
        } catch (RuntimeException e) { // its message may quote the value: only its type is told
            throw new IllegalArgumentException("the session attribute '" + name + "' (a " + type + ") cannot be "
                    + "written as JSON (" + e.getClass().getSimpleName() + "): nothing was stored");
        }
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put(CLASS, type);
        stored.put(VALUE, written);
        return stored;
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        checkValid("getAttributeNames");
        return Collections.enumeration(List.copyOf(session.data().asMap().keySet()));
    }

    @Override
    public void setAttribute(String name, Object value) {
        checkValid("setAttribute");
        Objects.requireNonNull(name, "name");
        if (value == null) {
            removeAttribute(name);
            return;
        }
        Object stored = jsonNative(value) ? value : encode(name, value); // refused before any change
        Object old = session.data().asMap().containsKey(name) ? current(name) : null;
        session.data().put(name, stored);
        if (stored == value) {
            objects.remove(name);
        } else {
            objects.put(name, value);
        }
        changed = true;
        listeners.set(this, name, value, old);
    }

    @Override
    public void removeAttribute(String name) {
        checkValid("removeAttribute");
        Objects.requireNonNull(name, "name");
        if (!session.data().asMap().containsKey(name)) {
            return;
        }
        Object old = current(name);
        objects.remove(name);
        session.data().remove(name);
        changed = true;
        if (old != null) {
            listeners.removed(this, name, old);
        }
    }

    /**
     * Destroys the session: its record is deleted and its cookie cleared, attribute and session listeners told as a
     * container tells them; this view is unusable after.
     */
    @Override
    public void invalidate() {
        checkValid("invalidate");
        for (String name : List.copyOf(session.data().asMap().keySet())) { // unbound, as a container does
            Object old = current(name);
            if (old != null) {
                listeners.removed(this, name, old);
            }
        }
        listeners.destroyed(this);
        invalidated = true;
        session.destroy();
    }

    @Override
    public boolean isNew() {
        checkValid("isNew");
        return session.isNew();
    }

    /** Whether a value is JSON-native, all the way down. */
    static boolean jsonNative(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Double || value instanceof Float
                || value instanceof Short || value instanceof Byte || value instanceof BigDecimal
                || value instanceof BigInteger) {
            return true;
        }
        if (value instanceof List<?> list) {
            return list.stream().allMatch(SessionKitHttpSession::jsonNative);
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().allMatch(e -> e.getKey() instanceof String && jsonNative(e.getValue()));
        }
        return false;
    }

    @Override
    public String toString() {
        return "SessionKitHttpSession{new=" + session.isNew() + ", invalidated=" + invalidated + '}';
    }
}
