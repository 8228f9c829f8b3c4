package dev.sessionkit.examples.springboot;

import static org.springframework.web.util.HtmlUtils.htmlEscape;

import dev.sessionkit.SessionSummary;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.springframework.security.web.csrf.CsrfToken;

/** The demo's two pages as HTML strings: no template engine. Every value from outside is escaped. */
final class Pages {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final String CSS = "body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;"
            + "padding:0 1rem;color:#222}h1{font-size:1.5rem}#visits{font-size:2.5rem;font-weight:700;color:#1a6a3a}"
            + "input,button{font:inherit;padding:.35rem .7rem;margin:.2rem 0}.notice{color:#8a4b00}"
            + "li.this{font-weight:600}footer{margin-top:2rem;color:#666;font-size:.85rem}form{margin:.5rem 0}";

    private Pages() {
    }

    /** The login form, with the demo users' names and passwords (demo users only: never show a real one). */
    static String login(Map<String, String> users, String notice, CsrfToken csrf, String storeName) {
        StringBuilder who = new StringBuilder();
        users.forEach((name, password) -> who.append(who.length() == 0 ? "" : " or ").append("<code>")
                .append(htmlEscape(name)).append("</code> / <code>").append(htmlEscape(password)).append("</code>"));
        String body = "<h1>SessionKit on Spring Boot</h1>"
                + (notice == null ? "" : "<p class=\"notice\" id=\"notice\">" + htmlEscape(notice) + "</p>")
                + "<p>Log in as " + (who.length() == 0 ? "a user of <code>demo.users.*</code>" : who) + ".</p>"
                + "<form method=\"post\" action=\"/login\">" + hidden(csrf)
                + "<p><input id=\"username\" name=\"username\" placeholder=\"Name\" autofocus required></p>"
                + "<p><input id=\"password\" name=\"password\" type=\"password\" placeholder=\"Password\" required></p>"
                + "<button id=\"login\" type=\"submit\">Log in</button></form>";
        return document("Log in", body, storeName);
    }

    /** The logged-in page: the counter, the user's sessions, and the buttons. */
    static String home(String user, long visits, List<SessionSummary> sessions, CsrfToken csrf, String storeName) {
        StringBuilder list = new StringBuilder();
        for (SessionSummary session : sessions) {
            list.append("<li class=\"").append(session.current() ? "this" : "other").append("\">")
                    .append(htmlEscape(session.label().orElse("a browser"))).append(", since ")
                    .append(TIME.format(session.created())).append(session.current() ? " (this session)" : "")
                    .append("</li>");
        }
        String others = sessions.size() < 2 ? "" : "<form method=\"post\" action=\"/sessions/logout-others\">"
                + hidden(csrf) + "<button id=\"logout-others\">Log out other sessions</button></form>";
        String body = "<h1 id=\"greeting\">Hello, " + htmlEscape(user) + "</h1>"
                + "<p>Visits in this session (reload the page):</p><div id=\"visits\">" + visits + "</div>"
                + "<p>The session cookie is <code>connect.sid</code>, signed and HttpOnly, as express-session's; "
                + "there is no <code>JSESSIONID</code>.</p>"
                + "<h2>Your sessions</h2><ul id=\"sessions\">" + list + "</ul>" + others
                + "<form method=\"post\" action=\"/logout\">" + hidden(csrf)
                + "<button id=\"logout\">Log out</button></form>";
        return document("Hello, " + user, body, storeName);
    }

    private static String hidden(CsrfToken csrf) {
        return "<input type=\"hidden\" name=\"" + htmlEscape(csrf.getParameterName()) + "\" value=\""
                + htmlEscape(csrf.getToken()) + "\">";
    }

    private static String document(String title, String body, String storeName) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + htmlEscape(title)
                + " · SessionKit</title><style>" + CSS + "</style></head><body>" + body
                + "<footer id=\"store\">Sessions in " + htmlEscape(storeName) + ".</footer></body></html>";
    }
}
