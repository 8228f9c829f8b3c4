package dev.sessionkit.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkit.CookieSigner;
import dev.sessionkit.Session;
import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionData;
import dev.sessionkit.store.SessionRecord;
import dev.sessionkit.store.SessionStore;
import dev.sessionkit.store.SessionStore.SetMode;
import dev.sessionkit.testkit.InMemorySessionStore;
import dev.sessionkit.testkit.MutableClock;
import dev.sessionkit.testkit.RecordingSessionStore;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the Servlet adapter adds to the conformance suite: commit hooks, init-params, the accessor, async. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SessionFilterTest {

    private static final String SECRET = "servlet secret, long enough for build()";
    /** Set by Surefire (see pom.xml) for the {@code env:} secret reference. */
    private static final String ENV_SECRET = "SESSIONKIT_SERVLET_TEST_SECRET";
    private static final int MIB = 1024 * 1024;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final MutableClock clock = MutableClock.fixed();
    private final InMemorySessionStore backing = InMemorySessionStore.create(clock);
    private final RecordingSessionStore store = RecordingSessionStore.wrap(backing);
    /** For filters configured by init-params, which use the system clock. */
    private final InMemorySessionStore systemStore = InMemorySessionStore.create(Clock.systemUTC());
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private JettyServer server;

    @AfterEach
    void stop() throws Exception {
        pool.shutdownNow();
        if (server != null) {
            server.close();
        }
    }

    // ---- Set-Cookie before the response commits -------------------------------------------------------------------

    @Test
    void largeBody_writtenWithFlushes_stillCarriesSetCookie() throws Exception {
        serveInCode(SessionConfig.builder().store(store).secret(SECRET).clock(clock).build(),
                new CommittingServlet());

        HttpResponse<String> response = get("/stream-flush");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).hasSize(MIB);
        assertThat(backing.get(idOf(setCookie(response), SECRET))).isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "/writer-flush, 200, 1048576",
        "/unflushed-write, 200, 1048576",
        "/flush-buffer, 200, 2",
        "/content-length, 200, 100",
        "/content-length-header, 200, 100",
        "/content-length-int-header, 200, 100",
        "/content-length-add-header, 200, 100",
        "/close, 200, 2",
        "/reset, 200, 11",
        "/redirect, 302, -1",
        "/error, 404, -1",
    })
    void responseCommittedByServlet_setCookieAddedBeforeCommit(String path, int status, int length)
            throws Exception {
        serveInCode(SessionConfig.builder().store(store).secret(SECRET).clock(clock).build(),
                new CommittingServlet());

        HttpResponse<String> response = get(path);

        assertThat(response.statusCode()).isEqualTo(status);
        if (length >= 0) {
            assertThat(response.body()).hasSize(length);
        }
        assertThat(backing.get(idOf(setCookie(response), SECRET))).isPresent();
    }

    @Test
    void storeFailureInCommitHook_answers503() throws Exception {
        serveInCode(SessionConfig.builder().store(store).secret(SECRET).clock(clock).saveUninitialized(true)
                .build(), new CommittingServlet());
        store.failing(true);

        HttpResponse<String> response = get("/stream-flush?save=false");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo("Service Unavailable");
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void storeFailureWrappedInServletException_answers503() throws Exception {
        serveInCode(SessionConfig.builder().store(store).secret(SECRET).clock(clock).build(), new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response)
                    throws ServletException {
                try {
                    Sessions.of(request).save();
                } catch (RuntimeException e) {
                    // as Spring MVC's DispatcherServlet does
                    throw new ServletException("Request processing failed: " + e, e);
                }
            }
        });
        store.failing(true);

        HttpResponse<String> response = get("/");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo("Service Unavailable");
    }

    /** Saves a session, then lets the response commit in the way its path names. */
    private static final class CommittingServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Session<SessionData> session = Sessions.of(request);
            session.data().put("views", 1);
            if (!"false".equals(request.getParameter("save"))) {
                session.save();
            }
            byte[] chunk = new byte[8192];
            Arrays.fill(chunk, (byte) 'x');
            String text = "y".repeat(8192);
            response.setContentType("text/plain;charset=UTF-8");
            switch (request.getRequestURI()) {
                case "/stream-flush": {
                    ServletOutputStream out = response.getOutputStream();
                    for (int i = 0; i < MIB / chunk.length; i++) {
                        out.write(chunk);
                        out.flush();
                    }
                    break;
                }
                case "/writer-flush": {
                    PrintWriter out = response.getWriter();
                    for (int i = 0; i < MIB / text.length(); i++) {
                        out.write(text);
                        out.flush();
                    }
                    break;
                }
                case "/unflushed-write":
                    response.getOutputStream().write(new byte[MIB]);
                    break;
                case "/flush-buffer":
                    response.flushBuffer();
                    response.getWriter().write("ok");
                    break;
                case "/content-length":
                    response.setContentLength(100);
                    response.getOutputStream().write(Arrays.copyOf(chunk, 100));
                    break;
                case "/content-length-header": // as Spring Framework 7 declares a body's length
                    response.setHeader("Content-Length", "100");
                    response.getOutputStream().write(Arrays.copyOf(chunk, 100));
                    break;
                case "/content-length-int-header":
                    response.setIntHeader("content-length", 100);
                    response.getOutputStream().write(Arrays.copyOf(chunk, 100));
                    break;
                case "/content-length-add-header":
                    response.addHeader("CONTENT-LENGTH", "100");
                    response.getOutputStream().write(Arrays.copyOf(chunk, 100));
                    break;
                case "/close":
                    response.getOutputStream().write("ok".getBytes(StandardCharsets.UTF_8));
                    response.getOutputStream().close();
                    break;
                case "/reset":
                    // UTF-8 may take 3 bytes a character, so the hook runs before these 12 000 characters reach
                    // the 32 KiB buffer: the reset must keep the session cookie it added.
                    response.getWriter().write("z".repeat(12_000));
                    response.reset();
                    response.getWriter().write("after reset");
                    break;
                case "/redirect":
                    response.sendRedirect("/elsewhere");
                    break;
                case "/error":
                    response.sendError(404);
                    break;
                case "/store":
                    response.getWriter().write(Sessions.store(request).getClass().getSimpleName());
                    break;
                default:
                    throw new IllegalArgumentException(request.getRequestURI());
            }
        }
    }

    // ---- init-params ------------------------------------------------------------------------------------------------

    @Test
    void initParams_configureTheFilter() throws Exception {
        String envSecret = System.getenv(ENV_SECRET);
        assertThat(envSecret).as(ENV_SECRET + ", which Surefire sets (see pom.xml)").isNotBlank();
        server = JettyServer.start(initParams(Map.ofEntries(
                Map.entry("secret", "retired secret of at least 32 characters, env:" + ENV_SECRET),
                Map.entry("name", "sid"),
                Map.entry("cookie.maxAge", "60"),
                Map.entry("cookie.sameSite", "Strict"),
                Map.entry("cookie.secure", "false"),
                Map.entry("cookie.path", "/"),
                Map.entry("cookie.domain", "example.com"),
                Map.entry("cookie.httpOnly", "false"),
                Map.entry("saveUninitialized", "true"),
                Map.entry("rolling", "false"),
                Map.entry("autoSave", "true"),
                Map.entry("trustProxy", "false")), true));

        HttpResponse<String> first = get("/views/nosave");
        String header = setCookie(first);
        String cookie = header.substring(0, header.indexOf(';'));

        assertThat(header).matches("sid=s%3A[^;]+; Max-Age=60; Domain=example\\.com; Path=/; Expires=[^;]+ GMT; "
                + "SameSite=Strict");
        assertThat(idOf(header, envSecret)).as("signed with the last secret").isNotEmpty();
        assertThat(get("/views/nosave", cookie).body()).as("autoSave kept the first count").isEqualTo("2");
        assertThat(get("/whoami", "sid=" + signed("retired secret of at least 32 characters")).body())
                .as("a cookie of the retired secret is still read").isEqualTo("carol");
    }

    @Test
    void initParams_withoutStore_failStartupSayingHowToFix() {
        assertThatThrownBy(() -> JettyServer.start(initParams(Map.of("secret", SECRET), false)))
                .hasStackTraceContaining("no SessionStore in the ServletContext attribute '"
                        + SessionFilter.STORE_ATTRIBUTE + "'")
                .hasStackTraceContaining("ServletContextListener");
    }

    @Test
    void initParams_invalid_failStartupNamingTheParam() {
        assertThatThrownBy(() -> JettyServer.start(initParams(Map.of("secret", SECRET, "cookie.lifetime", "60"), true)))
                .hasStackTraceContaining("unknown option 'cookie.lifetime'");
        assertThatThrownBy(() -> JettyServer.start(initParams(Map.of("secret", SECRET, "cookie.maxAge", "1h"), true)))
                .hasStackTraceContaining("option 'cookie.maxAge': expected whole seconds (3600) or an ISO-8601 duration "
                        + "(PT1H), found '1h'");
        assertThatThrownBy(() -> JettyServer.start(initParams(Map.of("secret", SECRET, "rolling", "yes"), true)))
                .hasStackTraceContaining("option 'rolling': expected true or false, found 'yes'");
        assertThatThrownBy(() -> JettyServer.start(initParams(Map.of("secret", "env:SESSIONKIT_UNSET_VARIABLE"),
                true))).hasStackTraceContaining("environment variable 'SESSIONKIT_UNSET_VARIABLE' is not set");
        assertThatThrownBy(() -> JettyServer.start(initParams(Map.of("name", "sid"), true)))
                .hasStackTraceContaining("init-param 'secret' is missing");
    }

    @Test
    void initParams_onFilterConfiguredInCode_failStartup() {
        SessionConfig<SessionData> config = SessionConfig.builder().store(store).secret(SECRET).build();

        assertThatThrownBy(() -> JettyServer.start(context -> {
            FilterHolder holder = new FilterHolder(new SessionFilter(config));
            holder.setInitParameter("rolling", "true");
            context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
            context.addServlet(new ServletHolder(new ReferenceServlet(store)), "/*");
        })).hasStackTraceContaining("was configured in code and would ignore its init-params [rolling]");
    }

    private Consumer<ServletContextHandler> initParams(Map<String, String> params, boolean withStore) {
        return context -> {
            if (withStore) {
                context.setAttribute(SessionFilter.STORE_ATTRIBUTE, systemStore);
            }
            FilterHolder holder = context.addFilter(SessionFilter.class, "/*", EnumSet.of(DispatcherType.REQUEST));
            holder.setInitParameters(params);
            context.addServlet(new ServletHolder(new ReferenceServlet(systemStore)), "/*");
        };
    }

    /** A {@code sid} cookie value for a stored session signed with {@code secret}. */
    private String signed(String secret) {
        systemStore.set("retired-id", SessionRecord.of("{\"cookie\":{\"originalMaxAge\":null,\"path\":\"/\"},"
                + "\"user\":\"carol\"}", null), SetMode.ALWAYS);
        return "s%3A" + CookieSigner.sign("retired-id", secret).replace("+", "%2B").replace("/", "%2F");
    }

    // ---- the accessors ------------------------------------------------------------------------------------------------

    @Test
    void storeAccessor_returnsTheFiltersStore() throws Exception {
        serveInCode(SessionConfig.builder().store(store).secret(SECRET).clock(clock).build(),
                new CommittingServlet());

        assertThat(get("/store").body()).isEqualTo("RecordingSessionStore");
    }

    @Test
    void accessor_whenFilterDidNotRun_throwsClearError() throws Exception {
        server = JettyServer.start(context -> context.addServlet(new ServletHolder(new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
                try {
                    Sessions.of(request);
                    response.getWriter().write("no error");
                } catch (IllegalStateException e) {
                    response.getWriter().write(e.getMessage());
                }
                try {
                    Sessions.store(request);
                } catch (IllegalStateException e) {
                    response.getWriter().write("|store refused");
                }
            }
        }), "/*"));

        assertThat(get("/anything").body()).isEqualTo("no session on this request: SessionFilter did not run for "
                + "it; map SessionFilter to this URL, ahead of the servlet or filter that asks for the session|store refused");
        assertThatThrownBy(() -> Sessions.of((HttpServletRequest) null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void forward_filterMappedForForwardToo_oneContextPerRequest_oneLoadOneCookie() throws Exception {
        SessionConfig<SessionData> config = SessionConfig.builder().store(store).secret(SECRET).clock(clock).build();
        server = JettyServer.start(context -> {
            context.addFilter(new FilterHolder(new SessionFilter(config)), "/*",
                    EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD));
            context.addServlet(new ServletHolder(new HttpServlet() {
                private static final long serialVersionUID = 1L;

                @Override
                protected void service(HttpServletRequest request, HttpServletResponse response)
                        throws IOException, ServletException {
                    Session<SessionData> session = Sessions.of(request);
                    session.data().put("user", "alice");
                    session.save();
                    request.setAttribute("before", session);
                    request.getRequestDispatcher("/target").forward(request, response);
                }
            }), "/start");
            context.addServlet(new ServletHolder(new HttpServlet() {
                private static final long serialVersionUID = 1L;

                @Override
                protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
                    boolean same = Sessions.of(request) == request.getAttribute("before");
                    response.getWriter().write(same + "|" + Sessions.of(request).data().getString("user").orElse("-"));
                }
            }), "/target");
        });

        HttpResponse<String> response = get("/start");

        assertThat(response.body()).isEqualTo("true|alice");
        assertThat(store.operations()).containsExactly("set");
        assertThat(idOf(setCookie(response), SECRET)).isNotEmpty();
    }

    // ---- asynchronous requests ----------------------------------------------------------------------------------------

    @Test
    void async_cookieDecidedWhenServletReturns_sessionClosedForAsyncWork() throws Exception {
        Filter signalReturn = (request, response, chain) -> {
            CountDownLatch returned = new CountDownLatch(1);
            request.setAttribute("returned", returned);
            try {
                chain.doFilter(request, response);
            } finally {
                returned.countDown();
            }
        };
        HttpServlet asyncServlet = new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) {
                Session<SessionData> session = Sessions.of(request);
                session.data().put("user", "alice");
                session.save();
                CountDownLatch returned = (CountDownLatch) request.getAttribute("returned");
                AsyncContext async = request.startAsync();
                pool.execute(() -> {
                    try {
                        if (!returned.await(20, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("the filter chain did not return");
                        }
                        response.getWriter().write(attempt(session::save) + "|"
                                + attempt(() -> Sessions.of(request)));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        async.complete();
                    }
                });
            }
        };
        SessionConfig<SessionData> config = SessionConfig.builder().store(store).secret(SECRET).clock(clock).build();
        server = JettyServer.start(context -> {
            context.addFilter(new FilterHolder(signalReturn), "/*", EnumSet.of(DispatcherType.REQUEST));
            context.addFilter(new FilterHolder(new SessionFilter(config)), "/*", EnumSet.of(DispatcherType.REQUEST));
            ServletHolder holder = new ServletHolder(asyncServlet);
            holder.setAsyncSupported(true);
            context.addServlet(holder, "/*");
        });

        HttpResponse<String> response = get("/async");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(backing.get(idOf(setCookie(response), SECRET))).get().asString().contains("\"alice\"");
        assertThat(response.body().split("\\|")).containsExactly(
                "refused: the request of this session has ended; a Session must not be kept beyond its request",
                "refused: the request of this session has ended; a Session must not be kept beyond its request");
    }

    private static String attempt(Runnable action) {
        try {
            action.run();
            return "done";
        } catch (IllegalStateException e) {
            return "refused: " + e.getMessage();
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private void serveInCode(SessionConfig<SessionData> config, HttpServlet servlet) throws Exception {
        server = JettyServer.start(context -> {
            context.addFilter(new FilterHolder(new SessionFilter(config)), "/*", EnumSet.of(DispatcherType.REQUEST));
            context.addServlet(new ServletHolder(servlet), "/*");
        });
    }

    private HttpResponse<String> get(String path, String... cookies) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUri() + path))
                .timeout(Duration.ofSeconds(20));
        for (String cookie : cookies) {
            request.header("Cookie", cookie);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String setCookie(HttpResponse<String> response) {
        List<String> headers = response.headers().allValues("Set-Cookie");
        assertThat(headers).as("Set-Cookie headers").hasSize(1);
        return headers.get(0);
    }

    /** The session id of a {@code Set-Cookie} header, verified with {@code secret}. */
    private static String idOf(String setCookie, String secret) {
        String pair = setCookie.substring(0, setCookie.indexOf(';'));
        String value = URLDecoder.decode(pair.substring(pair.indexOf('=') + 1), StandardCharsets.UTF_8);
        assertThat(value).startsWith("s:");
        return CookieSigner.of(secret).unsign(value.substring(2))
                .orElseThrow(() -> new AssertionError("does not verify with the secret: " + setCookie));
    }
}
