package dev.sessionkit.servlet;

import dev.sessionkit.store.SessionStore;
import dev.sessionkit.testkit.http.ReferenceApp;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** Serves every {@link ReferenceApp} route, reaching the session through {@link SessionFilter#session}. */
final class ReferenceServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient SessionStore store;

    ReferenceServlet(SessionStore store) {
        this.store = store;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, String> query = new HashMap<>();
        request.getParameterMap().forEach((name, values) -> query.put(name, values[0]));
        ReferenceApp.Reply reply = ReferenceApp.handle(request.getRequestURI(), query,
                () -> Sessions.of(request), store);
        response.setStatus(reply.status());
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(reply.body());
    }
}
