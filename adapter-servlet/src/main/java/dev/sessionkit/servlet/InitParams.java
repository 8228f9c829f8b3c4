package dev.sessionkit.servlet;

import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionData;
import dev.sessionkit.store.SessionStore;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a {@link SessionConfig} from a filter's init-params: the options of
 * {@link SessionConfig.Builder#properties(Map)}, and the store from a ServletContext attribute.
 */
final class InitParams {

    private InitParams() {
    }

    static Map<String, String> all(FilterConfig filterConfig) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String name : Collections.list(filterConfig.getInitParameterNames())) {
            params.put(name, filterConfig.getInitParameter(name));
        }
        return params;
    }

    /** The filter's own init-param, not a session option: whether {@code getSession()} is SessionKit's. */
    static final String HTTP_SESSION = "httpSession";

    /** The filter's init-param listing the packages and classes the HttpSession view may store, comma-separated. */
    static final String HTTP_SESSION_ALLOW = "httpSession.allow";

    /** Reads init-param {@value #HTTP_SESSION}: {@code true} (the default) or {@code false}. */
    static boolean httpSession(FilterConfig filterConfig) throws ServletException {
        String value = filterConfig.getInitParameter(HTTP_SESSION);
        if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("true")) {
            return true;
        }
        if (!value.trim().equalsIgnoreCase("false")) {
            throw new ServletException("SessionFilter '" + filterConfig.getFilterName() + "': init-param '"
                    + HTTP_SESSION + "' must be true or false, found '" + value + "'");
        }
        return false;
    }

    /** Reads init-param {@value #HTTP_SESSION_ALLOW}: the packages and classes the view may store besides JSON. */
    static AttributeCodec attributeCodec(FilterConfig filterConfig) {
        String allow = filterConfig.getInitParameter(HTTP_SESSION_ALLOW);
        if (allow == null || allow.isBlank()) {
            return AttributeCodec.jsonOnly();
        }
        return AttributeCodec.allowing(java.util.Arrays.stream(allow.split(",")).map(String::trim)
                .filter(name -> !name.isEmpty()).toList());
    }

    static SessionConfig<SessionData> read(FilterConfig filterConfig) throws ServletException {
        try {
            Object store = filterConfig.getServletContext().getAttribute(SessionFilter.STORE_ATTRIBUTE);
            if (!(store instanceof SessionStore)) {
                throw new IllegalStateException("no SessionStore in the ServletContext attribute '"
                        + SessionFilter.STORE_ATTRIBUTE + "' (found " + (store == null ? "nothing"
                        : store.getClass().getName()) + "): set it before filters start, for example in a "
                        + "ServletContextListener: context.setAttribute(SessionFilter.STORE_ATTRIBUTE, "
                        + "CaffeineSessionStore.create())");
            }
            Map<String, String> params = all(filterConfig);
            params.remove(HTTP_SESSION);
            params.remove(HTTP_SESSION_ALLOW);
            if (!params.containsKey("secret")) {
                throw new IllegalStateException("init-param 'secret' is missing: give one or more comma-separated "
                        + "secrets, oldest first, or env:NAME to read one from the environment variable NAME");
            }
            return SessionConfig.builder().store((SessionStore) store).properties(params).build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ServletException("SessionFilter '" + filterConfig.getFilterName() + "': " + e.getMessage(), e);
        }
    }
}
