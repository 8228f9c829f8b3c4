package dev.sessionkit.servlet;

import dev.sessionkit.store.SessionStore;
import dev.sessionkit.testkit.http.ReferenceApp;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The {@link ReferenceApp} routes written with {@code request.getSession()} where the Servlet API has the operation:
 * attributes for data, {@code invalidate()} for a logout, {@code invalidate()} then {@code getSession(true)} for a
 * new id (what {@code regenerate()} does), no explicit save. The routes it has no word for (cookie edits,
 * {@code reload()}, {@code update()}, an unsaved change) are {@link ReferenceApp}'s own.
 */
final class HttpSessionReferenceServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient SessionStore store;

    HttpSessionReferenceServlet(SessionStore store) {
        this.store = store;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, String> query = new HashMap<>();
        request.getParameterMap().forEach((name, values) -> query.put(name, values[0]));
        String body = switch (request.getRequestURI()) {
            case "/views" -> {
                HttpSession session = request.getSession();
                long views = views(session) + 1;
                session.setAttribute("views", views);
                yield Long.toString(views);
            }
            case "/views/peek" -> {
                HttpSession session = request.getSession(false);
                yield Long.toString(session == null ? 0 : views(session));
            }
            case "/put" -> {
                request.getSession().setAttribute(query.get("key"), query.getOrDefault("value", "x"));
                yield "ok";
            }
            case "/remove" -> {
                request.getSession().removeAttribute(query.get("key"));
                yield "ok";
            }
            case "/keys" -> String.join(",", new TreeSet<>(Collections.list(request.getSession()
                    .getAttributeNames())));
            case "/login" -> {
                request.getSession().invalidate();
                HttpSession session = request.getSession(true);
                session.setAttribute("user", query.getOrDefault("user", "alice"));
                yield session.getId();
            }
            case "/whoami" -> {
                HttpSession session = request.getSession(false);
                Object user = session == null ? null : session.getAttribute("user");
                yield user instanceof String name ? name : "anonymous"; // a stored value is checked, as data is
            }
            case "/logout" -> {
                request.getSession().invalidate();
                yield "bye";
            }
            case "/regenerate" -> {
                request.getSession().invalidate();
                HttpSession session = request.getSession(true);
                session.setAttribute("regenerated", true); // saved, as regenerate() then save() saves
                session.removeAttribute("regenerated");
                yield session.getId();
            }
            case "/id" -> request.getSession().getId();
            case "/fail" -> {
                HttpSession session = request.getSession();
                session.setAttribute("views", views(session) + 1);
                throw new IllegalStateException("the /fail route of the conformance suite failed on purpose");
            }
            case "/big" -> {
                HttpSession session = request.getSession();
                session.setAttribute("views", views(session) + 1);
                int kb = Integer.parseInt(query.getOrDefault("kb", "256"));
                yield "0123456789abcdef".repeat(64 * kb);
            }
            default -> null;
        };
        if (body == null) {
            ReferenceApp.Reply reply = ReferenceApp.handle(request.getRequestURI(), query, () -> Sessions.of(request),
                    store);
            response.setStatus(reply.status());
            body = reply.body();
        }
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(body);
    }

    private static long views(HttpSession session) {
        Object views = session.getAttribute("views");
        return views instanceof Long || views instanceof Integer ? ((Number) views).longValue() : 0;
    }
}
