package dev.sessionkit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionData;
import dev.sessionkit.testkit.InMemorySessionStore;
import dev.sessionkit.testkit.MutableClock;
import dev.sessionkit.testkit.RecordingSessionStore;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code request.getSession()} behind {@link SessionFilter} on a real Jetty: the SessionKit session as an
 * {@link HttpSession}, the same data {@link Sessions#of} sees, never a container session.
 */
class HttpSessionTest {

    private static final String SECRET = "http session test secret of 32+ characters";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final MutableClock clock = MutableClock.fixed();
    private final InMemorySessionStore backing = InMemorySessionStore.create(clock);
    private final RecordingSessionStore store = RecordingSessionStore.wrap(backing);
    private JettyServer server;

    /** An application object the codec allows. */
    public static final class Cart {
        public List<String> items = new ArrayList<>();
    }

    /** An allowed class Jackson cannot write: its getter throws, with the value in the message. */
    public static final class Unwritable {
        public String getSecret() {
            throw new IllegalStateException("the value hunter2");
        }
    }

    /** Every Servlet session listener, noting what it hears. */
    static final class Events implements HttpSessionListener, HttpSessionIdListener, HttpSessionAttributeListener {
        final List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void sessionCreated(HttpSessionEvent event) {
            heard.add("created");
        }

        @Override
        public void sessionDestroyed(HttpSessionEvent event) {
            heard.add("destroyed");
        }

        @Override
        public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
            heard.add("id " + !oldSessionId.equals(event.getSession().getId()));
        }

        @Override
        public void attributeAdded(HttpSessionBindingEvent event) {
            heard.add("added " + event.getName() + "=" + event.getValue());
        }

        @Override
        public void attributeRemoved(HttpSessionBindingEvent event) {
            heard.add("removed " + event.getName() + "=" + event.getValue());
        }

        @Override
        public void attributeReplaced(HttpSessionBindingEvent event) {
            heard.add("replaced " + event.getName() + "=" + event.getValue());
        }
    }

    /** A value told when it is bound and unbound. */
    static final class Bound implements HttpSessionBindingListener {
        static final List<String> HEARD = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void valueBound(HttpSessionBindingEvent event) {
            HEARD.add("bound " + event.getName());
        }

        @Override
        public void valueUnbound(HttpSessionBindingEvent event) {
            HEARD.add("unbound " + event.getName());
        }
    }

    private final Events events = new Events();

    /** The servlet: each path a use of HttpSession; answers with what it read. */
    private static final class SessionServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String answer;
            switch (request.getPathInfo() == null ? request.getServletPath() : request.getPathInfo()) {
                case "/login" -> {
                    HttpSession session = request.getSession();
                    String before = session.getId();
                    request.changeSessionId(); // as Spring Security's fixation protection does at login
                    session.setAttribute("user", request.getParameter("user"));
                    session.setAttribute("roles", List.of("reader"));
                    answer = before.equals(session.getId()) ? "same id" : "new id";
                }
                case "/whoami" -> {
                    HttpSession session = request.getSession(false);
                    answer = session == null ? "none" : String.valueOf(session.getAttribute("user"));
                }
                case "/principal" -> {
                    Sessions.of(request).principal(request.getParameter("user"));
                    Sessions.of(request).markAuthenticated();
                    Sessions.of(request).save();
                    answer = "ok";
                }
                case "/of-view" -> answer = Sessions.of(request.getSession()) == Sessions.of(request) ? "same" : "other";
                case "/core" -> answer = Sessions.of(request).data().getString("user").orElse("none");
                case "/add-role" -> {
                    @SuppressWarnings("unchecked")
                    List<String> roles = (List<String>) request.getSession().getAttribute("roles");
                    roles.add("writer"); // in place, never set again: saved all the same
                    answer = "ok";
                }
                case "/roles" -> answer = String.valueOf(request.getSession().getAttribute("roles"));
                case "/object" -> {
                    try {
                        request.getSession().setAttribute("cart", new StringBuilder("not JSON"));
                        answer = "stored";
                    } catch (IllegalArgumentException e) {
                        answer = e.getMessage();
                    }
                }
                case "/logout" -> {
                    HttpSession session = request.getSession();
                    session.invalidate();
                    try {
                        session.getAttribute("user");
                        answer = "still usable";
                    } catch (IllegalStateException e) {
                        answer = "invalidated";
                    }
                }
                case "/untouched" -> answer = "nothing";
                case "/missing" -> {
                    response.sendError(404); // the container's error page runs after the filter is done
                    return;
                }
                case "/error-page" -> answer = "error page for " + request.getSession().getAttribute("user");
                case "/cart-add" -> {
                    HttpSession session = request.getSession();
                    Cart cart = (Cart) session.getAttribute("cart");
                    if (cart == null) {
                        cart = new Cart();
                        session.setAttribute("cart", cart);
                    }
                    cart.items.add(request.getParameter("item")); // in place on later requests
                    answer = String.valueOf(cart.items);
                }
                case "/cart" -> {
                    Object cart = request.getSession().getAttribute("cart");
                    answer = cart == null ? "none" : cart.getClass().getSimpleName() + ((Cart) cart).items;
                }
                case "/tripwire" -> answer = String.valueOf(request.getSession().getAttribute("trap"));
                case "/new" -> answer = String.valueOf(request.getSession().isNew());
                case "/unwritable" -> {
                    request.getSession().setAttribute("user", "ada");
                    try {
                        request.getSession().setAttribute("secret", new Unwritable());
                        answer = "stored";
                    } catch (IllegalArgumentException e) {
                        answer = e.getMessage();
                    }
                }
                case "/bound" -> {
                    HttpSession session = request.getSession();
                    session.setAttribute("plain", "one");
                    session.setAttribute("plain", "two");
                    session.removeAttribute("plain");
                    try {
                        session.setAttribute("bound", new Bound());
                        answer = "stored";
                    } catch (IllegalArgumentException e) { // not allowed: binding is still not stored
                        answer = "refused";
                    }
                }
                case "/interval" -> {
                    HttpSession session = request.getSession();
                    int before = session.getMaxInactiveInterval();
                    session.setMaxInactiveInterval(60);
                    session.setAttribute("user", "ada");
                    answer = before + " " + session.getMaxInactiveInterval();
                }
                default -> answer = "unknown";
            }
            response.setContentType("text/plain");
            response.getWriter().print(answer);
        }
    }

    @BeforeEach
    void start() throws Exception {
        serve(true);
    }

    private void serve(boolean httpSession) throws Exception {
        if (server != null) {
            server.close();
        }
        SessionConfig<SessionData> config = SessionConfig.builder().store(store).secret(SECRET).clock(clock).build();
        SessionFilter filter = httpSession
                ? new SessionFilter(config).attributeCodec(AttributeCodec.allowing(List.of(Cart.class.getName(),
                        Unwritable.class.getName()))).httpSessionListeners(List.of(events))
                : new SessionFilter(config).httpSession(false);
        server = JettyServer.start(context -> {
            context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
            context.addServlet(new ServletHolder(new SessionServlet()), "/*");
        });
    }

    /** Turned off: the container's session, SessionKit's left to Sessions.of. */
    @Test
    void turnedOff_getSessionIsTheContainers() throws Exception {
        serve(false);

        HttpResponse<String> response = get("/login?user=ada", null);

        // This bare Jetty context has no session handler, so the container's getSession() fails: proof enough
        // that the request went to the container, and SessionKit stored nothing.
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("connect.sid"));
        assertThat(backing.facets().enumeration().orElseThrow().ids()).isEmpty();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUri() + path))
                .timeout(Duration.ofSeconds(20));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String cookieOf(HttpResponse<String> response) {
        List<String> cookies = response.headers().allValues("Set-Cookie");
        assertThat(cookies).allSatisfy(c -> assertThat(c).doesNotContain("JSESSIONID"));
        assertThat(cookies).as("one cookie, SessionKit's").singleElement().asString().startsWith("connect.sid=");
        return cookies.get(0).substring(0, cookies.get(0).indexOf(';'));
    }

    @Test
    void login_throughHttpSession_isInTheStore_seenByCore_noJsessionid_newIdAtLogin() throws Exception {
        HttpResponse<String> login = get("/login?user=ada", null);
        String cookie = cookieOf(login);

        assertThat(login.body()).isEqualTo("new id");
        assertThat(get("/whoami", cookie).body()).isEqualTo("ada");
        assertThat(get("/core", cookie).body()).as("Sessions.of sees the same data").isEqualTo("ada");
        assertThat(get("/of-view", cookie).body()).as("Sessions.of(HttpSession) is that session").isEqualTo("same");
        assertThat(backing.facets().enumeration().orElseThrow().ids()).as("one session, under the new id")
                .hasSize(1);
    }

    @Test
    void valueChangedInPlace_isSaved_withoutSetAttribute() throws Exception {
        String cookie = cookieOf(get("/login?user=ada", null));

        get("/add-role", cookie);

        assertThat(get("/roles", cookie).body()).isEqualTo("[reader, writer]");
    }

    @Test
    void storeCalls_untouchedNone_readOne_writeTwo() throws Exception {
        String cookie = cookieOf(get("/login?user=ada", null));
        List<List<String>> calls = new ArrayList<>();
        for (String path : List.of("/untouched", "/whoami", "/add-role")) {
            store.reset();
            get(path, cookie);
            calls.add(store.operations());
        }

        assertThat(calls).containsExactly(List.of(), List.of("getAndTouch"), List.of("getAndTouch", "replace"));
    }

    @Test
    void storeCalls_ofALoggedInSession_readOne_writeTwo() throws Exception {
        String cookie = cookieOf(get("/login?user=ada", null));
        get("/principal?user=ada", cookie);
        List<List<String>> calls = new ArrayList<>();
        for (String path : List.of("/untouched", "/whoami", "/add-role")) {
            store.reset();
            get(path, cookie);
            calls.add(store.operations());
        }

        assertThat(calls).containsExactly(List.of(), List.of("getAndTouch"), List.of("getAndTouch", "replace"));
    }

    @Test
    void getSessionFalse_withoutASession_isNull_andCreatesNothing() throws Exception {
        HttpResponse<String> response = get("/whoami", null);

        assertThat(response.body()).isEqualTo("none");
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(get("/new", null).body()).isEqualTo("true");
    }

    @Test
    void nonJsonValue_isRefusedNamingTheAttributeAndClass_nothingWritten() throws Exception {
        HttpResponse<String> response = get("/object", null);

        assertThat(response.body()).contains("'cart'").contains("java.lang.StringBuilder").doesNotContain("not JSON");
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void invalidate_deletesTheRecord_andTheSessionThrowsAfter() throws Exception {
        String cookie = cookieOf(get("/login?user=ada", null));

        HttpResponse<String> logout = get("/logout", cookie);

        assertThat(logout.body()).isEqualTo("invalidated");
        assertThat(logout.headers().allValues("Set-Cookie")).singleElement().asString().contains("Max-Age=0");
        assertThat(backing.facets().enumeration().orElseThrow().ids()).isEmpty();
        assertThat(get("/whoami", cookie).body()).isEqualTo("none");
    }

    @Test
    void jsonNative_acceptsNestedJson_refusesAnythingElseInside() {
        assertThat(SessionKitHttpSession.jsonNative(Map.of("a", List.of(1, 2.5, "x", true)))).isTrue();
        assertThat(SessionKitHttpSession.jsonNative(List.of(Map.of("k", new Object())))).isFalse();
        assertThat(SessionKitHttpSession.jsonNative(Map.of(1, "key not a string"))).isFalse();
    }

    @Test
    void allowedObject_roundTripsAsJsonTaggedWithItsClass_changesInPlaceSaved() throws Exception {
        String cookie = cookieOf(get("/cart-add?item=apple", null));

        get("/cart-add?item=pear", cookie);

        assertThat(get("/cart", cookie).body()).isEqualTo("Cart[apple, pear]");
        String json = backing.get(backing.facets().enumeration().orElseThrow().ids().iterator().next()).orElseThrow();
        assertThat(json).contains("\"cart\":{\"@sessionkit.class\":\"" + Cart.class.getName()
                + "\",\"value\":{\"items\":[\"apple\",\"pear\"]}}").doesNotContain("rO0"); // no Java serialization
    }

    /** A stored value naming a class off the allowlist: dropped, never a 500, the class never loaded or built. */
    @Test
    void storedObjectOfAClassNotAllowed_isDropped_neverLoaded() throws Exception {
        String cookie = cookieOf(get("/login?user=ada", null));
        String id = backing.facets().enumeration().orElseThrow().ids().iterator().next();
        String json = backing.get(id).orElseThrow();
        backing.set(id, dev.sessionkit.store.SessionRecord.of(json.replace("\"user\":", "\"trap\":{\"@sessionkit.class\":"
                + "\"dev.sessionkit.servlet.Tripwire\",\"value\":{}},\"user\":"), null),
                dev.sessionkit.store.SessionStore.SetMode.ALWAYS);

        HttpResponse<String> response = get("/tripwire", cookie);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("null");
        assertThat(System.getProperty(Tripwire.TRACE)).as("the class was never loaded nor built").isNull();
        assertThat(backing.get(id).orElseThrow()).as("the attribute was dropped").doesNotContain("Tripwire");
    }

    /** The default filter, no option set: getSession() is SessionKit's, JSON values only. */
    @Test
    void byDefault_getSessionIsSessionKits() throws Exception {
        server.close();
        SessionConfig<SessionData> config = SessionConfig.builder().store(store).secret(SECRET).clock(clock).build();
        server = JettyServer.start(context -> {
            context.addFilter(new FilterHolder(new SessionFilter(config)), "/*", EnumSet.of(DispatcherType.REQUEST));
            context.addServlet(new ServletHolder(new SessionServlet()), "/*");
        });

        String cookie = cookieOf(get("/login?user=ada", null));

        assertThat(get("/core", cookie).body()).isEqualTo("ada");
        assertThat(get("/cart-add?item=apple", cookie).statusCode()).as("a Cart is not allowed by default")
                .isEqualTo(500);
        assertThat(get("/whoami", cookie).body()).as("and nothing of that request was stored").isEqualTo("ada");
    }

    /** An error page the container dispatches after the filter ended the request's session: still SessionKit's. */
    @Test
    void errorPageDispatch_afterTheFilterEnded_getsTheSessionKitSession() throws Exception {
        server.close();
        SessionConfig<SessionData> config = SessionConfig.builder().store(store).secret(SECRET).clock(clock).build();
        server = JettyServer.start(context -> {
            context.addFilter(new FilterHolder(new SessionFilter(config)), "/*",
                    EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR));
            context.addServlet(new ServletHolder(new SessionServlet()), "/*");
            org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler errors =
                    new org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler();
            errors.addErrorPage(404, "/error-page");
            context.setErrorHandler(errors);
        });
        String cookie = cookieOf(get("/login?user=ada", null));

        HttpResponse<String> response = get("/missing", cookie);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).as("no container session (this context has none: it would fail)")
                .isEqualTo("error page for ada");
    }

    /** An allowed object Jackson cannot write: the message names attribute and class, never the value. */
    @Test
    void allowedObjectThatCannotBeWritten_isRefusedNamingAttributeAndClassOnly() throws Exception {
        HttpResponse<String> response = get("/unwritable", null);

        assertThat(response.body()).contains("'secret'").contains(Unwritable.class.getName())
                .doesNotContain("hunter2");
    }

    @Test
    void listeners_hearCreationIdChangeAttributesAndInvalidation_asAContainerTellsThem() throws Exception {
        String cookie = cookieOf(get("/login?user=ada", null));
        get("/bound", cookie);
        get("/logout", cookie);

        assertThat(events.heard).containsExactly("created", "id true", "added user=ada", "added roles=[reader]",
                "added plain=one", "replaced plain=one", "removed plain=two",
                "removed user=ada", "removed roles=[reader]", "destroyed");
    }

    @Test
    void maxInactiveInterval_isTheShorterOfIdleTimeoutAndTheCookiesMaxAge_setOnTheCookie() throws Exception {
        HttpResponse<String> response = get("/interval", null);

        assertThat(response.body()).isEqualTo("-1 60");
        assertThat(response.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=60");
        String id = backing.facets().enumeration().orElseThrow().ids().iterator().next();
        assertThat(backing.get(id).orElseThrow()).contains("\"originalMaxAge\":60000");
    }

    /** A stored object whose class changed shape after a redeploy: dropped with a warning, never a 500. */
    @Test
    void storedObjectThatNoLongerReads_isDropped() throws Exception {
        String cookie = cookieOf(get("/cart-add?item=apple", null));
        String id = backing.facets().enumeration().orElseThrow().ids().iterator().next();
        backing.set(id, dev.sessionkit.store.SessionRecord.of(backing.get(id).orElseThrow()
                .replace("\"items\":[\"apple\"]", "\"items\":{\"renamed\":1}"), null),
                dev.sessionkit.store.SessionStore.SetMode.ALWAYS);

        HttpResponse<String> response = get("/cart", cookie);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("none");
    }
}
