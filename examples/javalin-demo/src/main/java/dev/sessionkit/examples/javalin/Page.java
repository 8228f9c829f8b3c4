package dev.sessionkit.examples.javalin;

import dev.sessionkit.SessionSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The demo's HTML, written out by hand: no template engine, no front-end build. */
final class Page {

    private static final String STYLE = """
            body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d2330}
            main{max-width:34rem;margin:4rem auto;background:#fff;border-radius:12px;padding:2rem 2.5rem;
                 box-shadow:0 2px 12px rgba(0,0,0,.08)}
            h1{margin:0 0 .25rem;font-size:1.6rem} .sub{color:#5b6472;margin:0 0 1.5rem}
            .count{font-size:3rem;font-weight:700;margin:.25rem 0;color:#2f5bd3}
            dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem;margin:1.5rem 0}
            dt{color:#5b6472} dd{margin:0;font-family:ui-monospace,monospace}
            form{display:inline} input{font:inherit;padding:.45rem .6rem;border:1px solid #c5cad3;border-radius:6px}
            button{font:inherit;padding:.45rem 1rem;border:0;border-radius:6px;background:#2f5bd3;color:#fff;
                   cursor:pointer;margin-right:.5rem} button.secondary{background:#e6e9ef;color:#1d2330}
            footer{margin-top:2rem;font-size:.85rem;color:#5b6472}
            h2{font-size:1.1rem;margin:2rem 0 .5rem} ul{padding-left:1.2rem;margin:0 0 1rem} .this{font-weight:600}
            """;

    private Page() {
    }

    static String loginForm(String storeName) {
        return layout("Log in", """
                <h1>SessionKit demo</h1>
                <p class="sub">Log in with any name: the server remembers you in a signed-cookie session.</p>
                <form method="post" action="/login">
                  <input id="name" name="name" placeholder="Your name" maxlength="40" required autofocus>
                  <button id="login" type="submit">Log in</button>
                </form>
                """, storeName);
    }

    static String welcome(String user, long visits, String shortId, List<SessionSummary> sessions, Instant now,
                          String storeName) {
        return layout("Hello, " + escape(user), """
                <h1 id="greeting">Hello, %s</h1>
                <p class="sub">This page counts your visits in your session. Reload it.</p>
                <div class="count" id="visits">%d</div>
                <div>visits in this session</div>
                <dl>
                  <dt>Session id</dt><dd id="session-id">%s</dd>
                  <dt>Cookie</dt><dd>connect.sid (signed, HttpOnly)</dd>
                </dl>
                <form method="post" action="/regenerate"><button id="regenerate" class="secondary">Regenerate id</button></form>
                <form method="post" action="/logout"><button id="logout">Log out</button></form>
                <p><form method="post" action="/name"><input name="name" aria-label="New name" maxlength="40">
                <button id="rename" class="secondary">Change your name</button></form></p>
                %s
                """.formatted(escape(user), visits, escape(shortId), yourSessions(sessions, now)), storeName);
    }

    /** "Your sessions": this one marked, the others with their age, and a button that ends the others. */
    private static String yourSessions(List<SessionSummary> sessions, Instant now) {
        if (sessions.isEmpty()) {
            return "";
        }
        StringBuilder html = new StringBuilder("<h2>Your sessions</h2><ul id=\"sessions\">");
        for (SessionSummary session : sessions) {
            html.append(session.current() ? "<li class=\"session this\">" : "<li class=\"session other\">")
                    .append(escape(session.label().orElse("Unknown browser")))
                    .append(" · started ").append(ago(session.created(), now));
            session.lastSeen().ifPresent(seen -> html.append(", last seen ").append(ago(seen, now)));
            html.append(session.current() ? " <strong>(this session)</strong>" : "").append("</li>");
        }
        html.append("</ul>");
        if (sessions.size() > 1) {
            html.append("<form method=\"post\" action=\"/sessions/logout-others\">")
                    .append("<button id=\"logout-others\" class=\"secondary\">Log out other sessions</button></form>");
        }
        return html.toString();
    }

    /** How long ago, in words: "just now", "5 min ago", "3 h ago". */
    static String ago(Instant then, Instant now) {
        Duration age = Duration.between(then, now);
        if (age.toMinutes() < 1) {
            return "just now";
        }
        return age.toHours() < 1 ? age.toMinutes() + " min ago" : age.toHours() + " h ago";
    }

    /** The sensitive action's question: the login is older than the demo accepts for it. */
    static String confirm(String storeName) {
        return layout("Confirm it is you", """
                <h1>Confirm it is you</h1>
                <p class="sub">Changing your name needs a login from the last 5 minutes. Enter the name you logged in
                with (a real application asks for the password), then change your name again.</p>
                <form method="post" action="/confirm">
                  <input name="name" aria-label="Your login name" maxlength="40" autofocus>
                  <button id="confirm">Confirm</button>
                </form>
                """, storeName);
    }

    static String error(String message) {
        return layout("Error", "<h1>Oops</h1><p>" + escape(message) + "</p><p><a href=\"/\">Back</a></p>", null);
    }

    private static String layout(String title, String body, String storeName) {
        String footer = storeName == null ? "" : "<footer id=\"store\">Store: " + escape(storeName) + "</footer>";
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                + "<title>" + title + " · SessionKit</title><style>" + STYLE + "</style></head>"
                + "<body><main>" + body + footer + "</main></body></html>";
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
