package dev.sessionkit.interop;

import dev.sessionkit.Session;
import dev.sessionkit.SessionData;
import dev.sessionkit.SessionStore;
import dev.sessionkit.testkit.http.ReferenceApp;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The Java side's routes, served the same way by the three adapters: the testkit's {@link ReferenceApp}
 * ({@code /login?user=U}, {@code /whoami}, {@code /logout}, {@code /id}, {@code /views}, {@code /views/peek}, …) and
 * the two that the Node apps also have: {@code /set?key=K&value=V} (sets a string, saves) and {@code /data} (the
 * session data as JSON).
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
            default:
                return ReferenceApp.handle(path, query, session, store);
        }
    }
}
