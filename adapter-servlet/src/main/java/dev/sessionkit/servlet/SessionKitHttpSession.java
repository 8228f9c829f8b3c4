package dev.sessionkit.servlet;

import dev.sessionkit.Session;
import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionData;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link HttpSession} a request behind {@link SessionFilter} gets: a view of its SessionKit session, so that
 * code written for the Servlet API ({@code request.getSession()}) keeps its state in the SessionKit store, shared with
 * {@link Sessions#of} and with Node services. Attributes are the top-level keys of the session data. Values are
 * JSON-native (strings, numbers, booleans, lists and maps of them, {@code null}), stored as themselves so that a Node
 * service reads them; any other value is refused with an {@link IllegalArgumentException} naming the attribute and
 * its class. A request that changed an attribute (or a list or map read from one, compared as JSON) saves the session
 * before its response is committed, through the compare-and-set with merge. Not thread-safe, like its session.
 */
final class SessionKitHttpSession implements HttpSession {

    private static final Logger LOG = LoggerFactory.getLogger(SessionKitHttpSession.class);

    private final Session<SessionData> session;
    private final ServletContext servletContext;
    private final SessionConfig<?> config;
    private final AttributeCodec codec;
    /** The objects this request read or set that are not JSON, by attribute: re-encoded at the save. */
    private final Map<String, Object> objects = new HashMap<>();
    private final Instant accessed;
    /** The data as JSON when the view was made, to tell an in-place change of a value from none. */
    private final String baseline;
    private boolean changed;
    private boolean invalidated;

    SessionKitHttpSession(Session<SessionData> session, ServletContext servletContext, SessionConfig<?> config,
                          AttributeCodec codec) {
        this.session = session;
        this.servletContext = servletContext;
        this.config = config;
        this.codec = codec;
        this.accessed = config.clock().instant();
        this.baseline = json(session.data());
    }

    private static String json(SessionData data) {
        return String.valueOf(data.asMap()); // a Map's text: enough to tell a change, values being JSON-native
    }

    private void checkValid(String method) {
        if (invalidated) {
            throw new IllegalStateException(method + ": the session has been invalidated");
        }
    }

    /** Saves the session when an attribute was set or removed, or a value read from it was changed in place. */
    void saveIfChanged() {
        if (invalidated) {
            return;
        }
        for (Map.Entry<String, Object> object : objects.entrySet()) { // objects changed in place
            Object encoded = codec.encode(object.getKey(), object.getValue());
            if (!encoded.equals(session.data().get(object.getKey()))) {
                session.data().put(object.getKey(), encoded);
                changed = true;
            }
        }
        if (changed || !baseline.equals(json(session.data()))) {
            session.save();
        }
    }

    /** The session id moved to a new one by {@code changeSessionId()}: it is saved under it. */
    void changed() {
        changed = true;
    }

    Session<SessionData> session() {
        return session;
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

    /** Per-session idle timeouts are not supported: the configuration's {@code idleTimeout} applies to all. */
    @Override
    public void setMaxInactiveInterval(int interval) {
        throw new UnsupportedOperationException("SessionKit has one idle timeout for every session: set idleTimeout "
                + "on the SessionConfig (or the filter's init-param) instead of setMaxInactiveInterval");
    }

    /** {@return the configured idle timeout in seconds, or -1 without one} */
    @Override
    public int getMaxInactiveInterval() {
        return config.idleTimeout().map(timeout -> (int) Math.min(Integer.MAX_VALUE, timeout.toSeconds())).orElse(-1);
    }

    @Override
    public Object getAttribute(String name) {
        checkValid("getAttribute");
        Object object = objects.get(Objects.requireNonNull(name, "name"));
        if (object != null) {
            return object;
        }
        Object stored = session.data().get(name);
        if (!(stored instanceof Map<?, ?> map) || !map.containsKey(TypedAttributes.CLASS)) {
            return stored;
        }
        @SuppressWarnings("unchecked")
        Optional<Object> decoded = codec.decode(name, (Map<String, Object>) map);
        if (decoded.isEmpty()) {
            LOG.warn("session attribute '{}' names a class that is not allowed or cannot be read; dropping it", name);
            session.data().remove(name);
            changed = true;
            return null;
        }
        objects.put(name, decoded.get());
        return decoded.get();
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
        if (jsonNative(value)) {
            session.data().put(name, value);
            objects.remove(name);
        } else {
            session.data().put(name, codec.encode(name, value)); // refuses, naming name and class, before any change
            objects.put(name, value);
        }
        changed = true;
    }

    @Override
    public void removeAttribute(String name) {
        checkValid("removeAttribute");
        objects.remove(Objects.requireNonNull(name, "name"));
        if (session.data().asMap().containsKey(name)) {
            session.data().remove(name);
            changed = true;
        }
    }

    /** Destroys the session: its record is deleted and its cookie cleared; this view is unusable after. */
    @Override
    public void invalidate() {
        checkValid("invalidate");
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
