package dev.sessionkit.examples.servlet;

import dev.sessionkit.Session;
import dev.sessionkit.SessionData;
import dev.sessionkit.servlet.Sessions;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code GET /} counts a visit in the session and shows it; {@code POST /logout} destroys the session. */
final class VisitServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!request.getRequestURI().equals("/")) { // e.g. /favicon.ico: not a visit
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        Session<SessionData> session = Sessions.of(request);
        long visits = session.data().getLong("visits").orElse(0) + 1;
        session.data().put("visits", visits);
        session.save();
        String shortId = session.id().substring(0, Math.min(8, session.id().length()));
        response.setContentType("text/html; charset=utf-8");
        response.getWriter().print("""
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>SessionKit Servlet demo</title>
                <style>body{font:16px/1.5 system-ui,sans-serif;max-width:30rem;margin:3rem auto}</style></head>
                <body><h1>SessionKit on a Servlet filter</h1>
                <p>Visits in this session: <strong id="visits">%d</strong></p>
                <p>Session id: <code id="session-id">%s…</code></p>
                <form method="post" action="/logout"><button id="logout">Log out</button></form>
                </body></html>
                """.formatted(visits, shortId));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!request.getRequestURI().equals("/logout")) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        Sessions.of(request).destroy();
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", "/");
    }
}
