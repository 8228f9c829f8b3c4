package dev.sessionkit.examples.micronaut;

import dev.sessionkit.Session;
import dev.sessionkit.SessionData;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.net.URI;

/** {@code GET /} counts a visit in the session and shows it; {@code POST /logout} destroys the session. */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING) // store calls block: keep them off the event loop
final class VisitController {

    @Get(produces = "text/html; charset=utf-8")
    String page(Session<SessionData> session) {
        long visits = session.data().getLong("visits").orElse(0) + 1;
        session.data().put("visits", visits);
        session.save();
        String shortId = session.id().substring(0, Math.min(8, session.id().length()));
        return """
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>SessionKit Micronaut demo</title>
                <style>body{font:16px/1.5 system-ui,sans-serif;max-width:30rem;margin:3rem auto}</style></head>
                <body><h1>SessionKit on Micronaut</h1>
                <p>Visits in this session: <strong id="visits">%d</strong></p>
                <p>Session id: <code id="session-id">%s…</code></p>
                <form method="post" action="/logout"><button id="logout">Log out</button></form>
                </body></html>
                """.formatted(visits, shortId);
    }

    @Post(uri = "/logout", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    HttpResponse<Void> logout(Session<SessionData> session) {
        session.destroy();
        return HttpResponse.seeOther(URI.create("/"));
    }
}
