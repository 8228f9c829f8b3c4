package dev.sessionkit.servlet;

import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EventListener;
import java.util.List;

/**
 * The Servlet session listeners given to {@link SessionFilter#httpSessionListeners}, called as a container calls them,
 * for what this JVM sees: see {@link SessionFilter#httpSessionListeners} for which events there are and when.
 */
final class HttpSessionListeners {

    static final HttpSessionListeners NONE = new HttpSessionListeners(List.of());

    private final List<HttpSessionListener> lifecycle = new ArrayList<>();
    private final List<HttpSessionIdListener> ids = new ArrayList<>();
    private final List<HttpSessionAttributeListener> attributes = new ArrayList<>();

    HttpSessionListeners(Collection<? extends EventListener> listeners) {
        for (EventListener listener : listeners) {
            boolean known = false;
            if (listener instanceof HttpSessionListener l) {
                lifecycle.add(l);
                known = true;
            }
            if (listener instanceof HttpSessionIdListener l) {
                ids.add(l);
                known = true;
            }
            if (listener instanceof HttpSessionAttributeListener l) {
                attributes.add(l);
                known = true;
            }
            if (!known) {
                throw new IllegalArgumentException("a " + listener.getClass().getName() + " is none of "
                        + "HttpSessionListener, HttpSessionIdListener and HttpSessionAttributeListener");
            }
        }
    }

    void created(HttpSession session) {
        HttpSessionEvent event = new HttpSessionEvent(session);
        lifecycle.forEach(l -> l.sessionCreated(event));
    }

    void destroyed(HttpSession session) {
        HttpSessionEvent event = new HttpSessionEvent(session);
        for (int i = lifecycle.size() - 1; i >= 0; i--) { // in reverse, as containers do
            lifecycle.get(i).sessionDestroyed(event);
        }
    }

    void idChanged(HttpSession session, String oldId) {
        HttpSessionEvent event = new HttpSessionEvent(session);
        ids.forEach(l -> l.sessionIdChanged(event, oldId));
    }

    /** A value was set: binding listeners first (the new value bound, an old one unbound), then attribute listeners. */
    void set(HttpSession session, String name, Object value, Object old) {
        if (value instanceof HttpSessionBindingListener bound && value != old) {
            bound.valueBound(new HttpSessionBindingEvent(session, name, value));
        }
        if (old instanceof HttpSessionBindingListener unbound && value != old) {
            unbound.valueUnbound(new HttpSessionBindingEvent(session, name, old));
        }
        if (attributes.isEmpty()) {
            return;
        }
        if (old == null) {
            HttpSessionBindingEvent event = new HttpSessionBindingEvent(session, name, value);
            attributes.forEach(l -> l.attributeAdded(event));
        } else {
            HttpSessionBindingEvent event = new HttpSessionBindingEvent(session, name, old);
            attributes.forEach(l -> l.attributeReplaced(event));
        }
    }

    void removed(HttpSession session, String name, Object old) {
        if (old instanceof HttpSessionBindingListener unbound) {
            unbound.valueUnbound(new HttpSessionBindingEvent(session, name, old));
        }
        HttpSessionBindingEvent event = new HttpSessionBindingEvent(session, name, old);
        attributes.forEach(l -> l.attributeRemoved(event));
    }
}
