package dev.sessionkit.interop;

import dev.sessionkit.Session;
import dev.sessionkit.SessionData;
import dev.sessionkit.SessionSummary;
import dev.sessionkit.store.SessionStore;
import dev.sessionkit.testkit.http.ReferenceApp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The Java side's routes, served the same way by the three adapters: the testkit's {@link ReferenceApp}
 * ({@code /login?user=U}, {@code /whoami}, {@code /logout}, {@code /id}, {@code /views}, {@code /views/peek}, …) and
 * the two that the Node apps also have: {@code /set?key=K&value=V} (sets a string, saves) and {@code /data} (the
 * session data as JSON); and a login that names the principal, {@code /login-as?user=U&label=L}, with
 * {@code /sessions} (the principal's sessions as JSON: id, label, current) and {@code /sessions/end-others} (ends
 * them but this one, replies how many); and the gated routes that play a race step by step, as the express app's:
 * {@code /gated/set?key=K&value=V&gate=G} and {@code /gated/remove?key=K&gate=G} load the session, wait at gate G
 * until {@code /gate/release?gate=G}, then change and save it; {@code /gate/await?gate=G} answers once a request
 * waits at G.
 */
final class InteropRoutes {

    private InteropRoutes() {
    }

    static ReferenceApp.Reply handle(String path, Map<String, String> query, Supplier<Session<SessionData>> session,
                                     SessionStore store) {
        switch (path) {
            case "/set": {
                Session<SessionData> s = session.get();
                s.data().put(query.get("key"), query.get("value"));
                s.save();
                return new ReferenceApp.Reply(200, "ok");
            }
            case "/data":
                return new ReferenceApp.Reply(200, Json.write(session.get().data().asMap()));
            case "/login-as": {
                Session<SessionData> s = session.get();
                s.regenerate();
                s.data().put("user", query.get("user"));
                s.principal(query.get("user"));
                s.label(query.get("label"));
                s.save();
                return new ReferenceApp.Reply(200, s.id());
            }
            case "/sessions": {
                List<Map<String, Object>> listed = new ArrayList<>();
                for (SessionSummary summary : session.get().sessionsOfPrincipal()) {
                    listed.add(Map.of("id", summary.id(), "label", summary.label().orElse(""),
                            "current", summary.current()));
                }
                return new ReferenceApp.Reply(200, Json.write(listed));
            }
            case "/gated/set": {
                Session<SessionData> s = session.get();
                s.data().asMap(); // loaded before the gate, as express-session loads before the route
                Gates.pass(query.get("gate"));
                s.data().put(query.get("key"), query.get("value"));
                s.save();
                return new ReferenceApp.Reply(200, "ok");
            }
            case "/gated/remove": {
                Session<SessionData> s = session.get();
                s.data().asMap();
                Gates.pass(query.get("gate"));
                s.data().remove(query.get("key"));
                s.save();
                return new ReferenceApp.Reply(200, "ok");
            }
            case "/gate/await":
                Gates.awaitArrival(query.get("gate"));
                return new ReferenceApp.Reply(200, "arrived");
            case "/gate/release":
                Gates.release(query.get("gate"));
                return new ReferenceApp.Reply(200, "released");
            case "/sessions/end-others":
                return new ReferenceApp.Reply(200, String.valueOf(session.get().endOtherSessions()));
            default:
                return ReferenceApp.handle(path, query, session, store);
        }
    }
}
