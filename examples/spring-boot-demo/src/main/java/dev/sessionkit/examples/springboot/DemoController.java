package dev.sessionkit.examples.springboot;

import dev.sessionkit.Session;
import dev.sessionkit.SessionData;
import dev.sessionkit.SessionSummary;
import dev.sessionkit.store.SessionStore;
import dev.sessionkit.store.redis.RedisSessionStore;
import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The demo's pages. {@code Session<SessionData>} parameters come from the starter; the login is Spring Security's.
 * {@code GET /}: the visit counter and "your sessions"; {@code GET /login}: the login form;
 * {@code POST /sessions/logout-others}: ends the user's other sessions. Spring Security handles {@code POST /login}
 * and {@code POST /logout}.
 */
@RestController
final class DemoController {

    private static final Logger LOG = LoggerFactory.getLogger(DemoController.class);

    private final String storeName;
    private final Environment environment;

    DemoController(SessionStore store, Environment environment) {
        this.storeName = store instanceof RedisSessionStore ? "Redis (sessions survive a restart)"
                : "memory (sessions end when the demo stops)";
        this.environment = environment;
    }

    @GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
    String home(Session<SessionData> session, Authentication login, CsrfToken csrf) {
        // update() re-applies the change when a parallel request (another tab) saved meanwhile: no visit is lost.
        long visits = session.update(data -> data.put("visits", data.getLong("visits").orElse(0) + 1))
                .getLong("visits").orElse(0);
        List<SessionSummary> sessions = session.principal().isPresent() ? session.sessionsOfPrincipal() : List.of();
        return Pages.home(login.getName(), visits, sessions, csrf, storeName);
    }

    @GetMapping(path = "/login", produces = MediaType.TEXT_HTML_VALUE)
    String login(@RequestParam(required = false) String error, @RequestParam(required = false) String logout,
                 CsrfToken csrf) {
        String notice = error != null ? "Wrong name or password." : logout != null ? "You are logged out." : null;
        return Pages.login(SecurityConfig.demoUsers(environment), notice, csrf, storeName);
    }

    @PostMapping("/sessions/logout-others")
    ResponseEntity<Void> logoutOthers(Session<SessionData> session) {
        if (session.principal().isPresent()) {
            LOG.info("ended {} other session(s) of a user", session.endOtherSessions());
        }
        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create("/")).build();
    }
}
