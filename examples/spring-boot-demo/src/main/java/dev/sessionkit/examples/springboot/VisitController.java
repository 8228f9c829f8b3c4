package dev.sessionkit.examples.springboot;

import dev.sessionkit.Session;
import dev.sessionkit.SessionData;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /} counts a visit; {@code POST /login?name=…} starts a new session for a name; {@code POST /logout}. */
@RestController
final class VisitController {

    @GetMapping(path = "/", produces = MediaType.TEXT_PLAIN_VALUE)
    String visit(Session<SessionData> session) {
        long visits = session.update(data -> data.put("visits", data.getLong("visits").orElse(0) + 1))
                .getLong("visits").orElse(0);
        return session.data().getString("name").map(name -> name + ": ").orElse("") + visits + " visits";
    }

    @PostMapping(path = "/login", produces = MediaType.TEXT_PLAIN_VALUE)
    String login(Session<SessionData> session, @RequestParam String name) {
        session.regenerate(); // a new id at login: a session id planted before it is worth nothing after
        session.data().put("name", name);
        session.save();
        return "logged in as " + name;
    }

    @PostMapping(path = "/logout", produces = MediaType.TEXT_PLAIN_VALUE)
    String logout(Session<SessionData> session) {
        session.destroy();
        return "logged out";
    }
}
