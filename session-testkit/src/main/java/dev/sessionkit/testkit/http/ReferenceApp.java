package dev.sessionkit.testkit.http;

import dev.sessionkit.CookiePriority;
import dev.sessionkit.SameSite;
import dev.sessionkit.Session;
import dev.sessionkit.SessionData;
import dev.sessionkit.store.SessionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The reference application of the HTTP conformance suite, described once: every adapter's test serves these routes
 * with its framework (any method, {@code text/plain} answers) by calling {@link #handle} with the request's path, its
 * query parameters and a way to reach the request's session. The session must be obtained lazily, through the
 * supplier, so that a route which never asks for it proves that it costs nothing.
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><th>path</th><th>what it does</th><th>body</th></tr>
 *   <tr><td>{@code /untouched}</td><td>never asks for the session</td><td>{@code untouched}</td></tr>
 *   <tr><td>{@code /views}</td><td>increments {@code views}, saves</td><td>the new count</td></tr>
 *   <tr><td>{@code /views/nosave}</td><td>increments {@code views}, does not save</td><td>the new count</td></tr>
 *   <tr><td>{@code /views/peek}</td><td>reads {@code views}</td><td>the count, 0 when absent</td></tr>
 *   <tr><td>{@code /views/update}</td><td>increments {@code views} with {@code Session.update}</td>
 *       <td>the new count</td></tr>
 *   <tr><td>{@code /put?key=K&value=V}</td><td>sets K to V, saves</td><td>{@code ok}</td></tr>
 *   <tr><td>{@code /put/racing?key=K&value=V}</td><td>loads, runs {@link #duringPut}'s action, sets K, saves</td>
 *       <td>{@code ok}</td></tr>
 *   <tr><td>{@code /remove?key=K}</td><td>removes K, saves</td><td>{@code ok}</td></tr>
 *   <tr><td>{@code /keys}</td><td>reads the data's keys</td><td>the keys, sorted, comma-separated</td></tr>
 *   <tr><td>{@code /login?user=U}</td><td>regenerates, sets {@code user}, saves</td><td>the new id</td></tr>
 *   <tr><td>{@code /whoami}</td><td>reads {@code user}</td><td>the user or {@code anonymous}</td></tr>
 *   <tr><td>{@code /logout}</td><td>destroys the session</td><td>{@code bye}</td></tr>
 *   <tr><td>{@code /logout/save}</td><td>destroys the session, then sets {@code cart} and saves</td>
 *       <td>{@code bye}</td></tr>
 *   <tr><td>{@code /regenerate}</td><td>regenerates, saves</td><td>the new id</td></tr>
 *   <tr><td>{@code /reload}</td><td>reads, reloads, reads again</td><td>{@code before|after} of {@code user}</td></tr>
 *   <tr><td>{@code /reload/save}</td><td>reads the id, reloads (running {@link #duringReload}'s action first),
 *       saves</td><td>{@code before|after} of the id</td></tr>
 *   <tr><td>{@code /id}</td><td>reads the id</td><td>the id</td></tr>
 *   <tr><td>{@code /cookie?maxAge=S&sameSite=X&secure=B&domain=D&path=P}, and {@code httpOnly=B},
 *       {@code expires=I} (an ISO-8601 instant), {@code priority=P}, {@code partitioned=B}, {@code save=false}</td>
 *       <td>edits the cookie, saves unless {@code save=false}</td>
 *       <td>{@code ok}, or 409 and {@code refused: …} when an edit is refused</td></tr>
 *   <tr><td>{@code /set-id?id=I}</td><td>points the session at id I, saves</td><td>the id</td></tr>
 *   <tr><td>{@code /store/length}</td><td>asks the store for its size</td><td>the size</td></tr>
 *   <tr><td>{@code /big?kb=N}</td><td>increments {@code views}, saves, answers N KiB</td><td>N KiB of text</td></tr>
 *   <tr><td>{@code /fail}</td><td>increments {@code views} without saving, then throws
 *       {@link IllegalStateException}: the framework answers 500</td><td>none</td></tr>
 * </table>
 */
public final class ReferenceApp {

    private static volatile Runnable duringReload;
    private static volatile Runnable duringPut;

    private ReferenceApp() {
    }

    /**
     * Sets what {@code /reload} and {@code /reload/save} run before they reload, for a test to play another request
     * that saves or destroys the session meanwhile; {@code null} for nothing.
     *
     * @param action the action, or {@code null}
     */
    public static void duringReload(Runnable action) {
        duringReload = action;
    }

    /**
     * Sets what {@code /put/racing} runs after it loaded the session and before it saves, for a test to play another
     * request that saves the session meanwhile (the race of two requests on one session); {@code null} for nothing.
     *
     * @param action the action, or {@code null}
     */
    public static void duringPut(Runnable action) {
        duringPut = action;
    }

    /**
     * The answer to a request.
     *
     * @param status the HTTP status
     * @param body the {@code text/plain; charset=UTF-8} body
     */
    public record Reply(int status, String body) {
        static Reply ok(Object body) {
            return new Reply(200, String.valueOf(body));
        }
    }

    /**
     * Runs a route.
     *
     * @param path the request path, for example {@code /views}
     * @param query the query parameters (first value of each)
     * @param session gives the request's session; called only by routes that use it
     * @param store the configured store
     * @return the reply; 404 for an unknown path
     */
    public static Reply handle(String path, Map<String, String> query, Supplier<Session<SessionData>> session,
                               SessionStore store) {
        switch (path) {
            case "/untouched":
                return Reply.ok("untouched");
            case "/views": {
                Session<SessionData> s = session.get();
                long views = s.data().getLong("views").orElse(0) + 1;
                s.data().put("views", views);
                s.save();
                return Reply.ok(views);
            }
            case "/views/nosave": {
                Session<SessionData> s = session.get();
                long views = s.data().getLong("views").orElse(0) + 1;
                s.data().put("views", views);
                return Reply.ok(views);
            }
            case "/views/peek":
                return Reply.ok(session.get().data().getLong("views").orElse(0));
            case "/views/update": {
                SessionData saved = session.get().update(data -> data.put("views",
                        data.getLong("views").orElse(0) + 1));
                return Reply.ok(saved.getLong("views").orElse(0));
            }
            case "/put": {
                Session<SessionData> s = session.get();
                s.data().put(query.get("key"), query.getOrDefault("value", "x"));
                s.save();
                return Reply.ok("ok");
            }
            case "/put/racing": {
                Session<SessionData> s = session.get();
                s.data().asMap(); // loaded now, before the other request
                Runnable action = duringPut;
                if (action != null) {
                    action.run();
                }
                s.data().put(query.get("key"), query.getOrDefault("value", "x"));
                s.save();
                return Reply.ok("ok");
            }
            case "/remove": {
                Session<SessionData> s = session.get();
                s.data().remove(query.get("key"));
                s.save();
                return Reply.ok("ok");
            }
            case "/keys":
                return Reply.ok(String.join(",", new TreeSet<>(session.get().data().asMap().keySet())));
            case "/login": {
                Session<SessionData> s = session.get();
                s.regenerate();
                s.data().put("user", query.getOrDefault("user", "alice"));
                s.save();
                return Reply.ok(s.id());
            }
            case "/whoami":
                return Reply.ok(session.get().data().getString("user").orElse("anonymous"));
            case "/logout":
                session.get().destroy();
                return Reply.ok("bye");
            case "/regenerate": {
                Session<SessionData> s = session.get();
                s.regenerate();
                s.save();
                return Reply.ok(s.id());
            }
            case "/reload": {
                Session<SessionData> s = session.get();
                String before = s.data().getString("user").orElse("anonymous");
                Runnable action = duringReload;
                if (action != null) {
                    action.run();
                }
                s.reload();
                return Reply.ok(before + "|" + s.data().getString("user").orElse("anonymous"));
            }
            case "/reload/save": {
                Session<SessionData> s = session.get();
                String before = s.id();
                Runnable action = duringReload;
                if (action != null) {
                    action.run();
                }
                s.reload();
                s.save();
                return Reply.ok(before + "|" + s.id());
            }
            case "/logout/save": {
                Session<SessionData> s = session.get();
                s.destroy();
                s.data().put("cart", "1 item");
                s.save();
                return Reply.ok("bye");
            }
            case "/id":
                return Reply.ok(session.get().id());
            case "/cookie":
                return editCookie(query, session.get());
            case "/set-id": {
                Session<SessionData> s = session.get();
                s.cookie().setSessionId(query.get("id"));
                s.save();
                return Reply.ok(s.id());
            }
            case "/store/length":
                return Reply.ok(store.facets().enumeration().orElseThrow().length());
            case "/fail": {
                Session<SessionData> s = session.get();
                s.data().put("views", s.data().getLong("views").orElse(0) + 1);
                throw new IllegalStateException("the /fail route of the conformance suite failed on purpose");
            }
            case "/big": {
                Session<SessionData> s = session.get();
                s.data().put("views", s.data().getLong("views").orElse(0) + 1);
                s.save();
                int kb = Integer.parseInt(query.getOrDefault("kb", "256"));
                return Reply.ok("0123456789abcdef".repeat(64 * kb));
            }
            default:
                return new Reply(404, "no route " + path);
        }
    }

    private static Reply editCookie(Map<String, String> query, Session<SessionData> s) {
        try {
            if (query.containsKey("secure")) {
                s.cookie().secure(Boolean.parseBoolean(query.get("secure")));
            }
            if (query.containsKey("maxAge")) {
                s.cookie().maxAge(Duration.ofSeconds(Long.parseLong(query.get("maxAge"))));
            }
            if (query.containsKey("sameSite")) {
                s.cookie().sameSite(SameSite.valueOf(query.get("sameSite").toUpperCase(Locale.ROOT)));
            }
            if (query.containsKey("domain")) {
                s.cookie().domain(query.get("domain"));
            }
            if (query.containsKey("path")) {
                s.cookie().path(query.get("path"));
            }
            if (query.containsKey("httpOnly")) {
                s.cookie().httpOnly(Boolean.parseBoolean(query.get("httpOnly")));
            }
            if (query.containsKey("expires")) {
                s.cookie().expires(Instant.parse(query.get("expires")));
            }
            if (query.containsKey("priority")) {
                s.cookie().priority(CookiePriority.valueOf(query.get("priority").toUpperCase(Locale.ROOT)));
            }
            if (query.containsKey("partitioned")) {
                s.cookie().partitioned(Boolean.parseBoolean(query.get("partitioned")));
            }
        } catch (IllegalStateException e) {
            return new Reply(409, "refused: " + e.getMessage());
        }
        if (!"false".equals(query.get("save"))) {
            s.save();
        }
        return Reply.ok("ok");
    }
}
