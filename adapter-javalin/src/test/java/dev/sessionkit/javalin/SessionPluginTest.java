package dev.sessionkit.javalin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkit.Session;
import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionData;
import dev.sessionkit.testkit.InMemorySessionStore;
import dev.sessionkit.testkit.MutableClock;
import dev.sessionkit.testkit.RecordingSessionStore;
import io.javalin.config.JavalinConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the conformance suite does not cover: exceptions, streaming, ordering, typed and failed access. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SessionPluginTest {

    private static final String SECRET = "plugin test secret, long enough for build()";

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final MutableClock clock = MutableClock.fixed();
    private final InMemorySessionStore backing = InMemorySessionStore.create(clock);
    private final RecordingSessionStore store = RecordingSessionStore.wrap(backing);
    private JavalinTestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private SessionConfig.Builder<SessionData> config() {
        return SessionConfig.builder().store(store).secret(SECRET).clock(clock);
    }

    /** Serves {@code routes} with the plugin registered first. */
    private void serve(SessionConfig<?> config, Consumer<JavalinConfig> routes) {
        server = JavalinTestServer.start(javalin -> {
            javalin.registerPlugin(SessionPlugin.create(config));
            routes.accept(javalin);
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

    /** The {@code name=value} pair of the response's only Set-Cookie. */
    private static String cookieOf(HttpResponse<String> response) {
        List<String> headers = response.headers().allValues("Set-Cookie");
        assertThat(headers).as("Set-Cookie headers").hasSize(1);
        return headers.get(0).substring(0, headers.get(0).indexOf(';'));
    }

    private static void whoami(JavalinConfig javalin) {
        javalin.routes.get("/whoami", ctx -> ctx.result(Sessions.of(ctx).data().getString("user").orElse("anonymous")));
    }

    // ---- ctx.with(SessionPlugin.class) -----------------------------------------------------------------------------

    /** Javalin's per-request plugin access reaches the same session as Sessions.of(ctx). */
    @Test
    void ctxWith_sameSessionAsSessionsOf() {
        serve(config().build(), javalin -> {
            javalin.routes.get("/with", ctx -> {
                SessionPlugin.Access access = ctx.with(SessionPlugin.class);
                assertThat(access.session()).isSameAs(Sessions.of(ctx));
                assertThat(access.store()).isSameAs(Sessions.store(ctx));
                access.session().data().put("user", "carol");
                access.session(SessionData.class).save();
                ctx.result("saved");
            });
            whoami(javalin);
        });

        HttpResponse<String> saved = get("/with");

        assertThat(saved.body()).isEqualTo("saved");
        assertThat(get("/whoami", cookieOf(saved)).body()).isEqualTo("carol");
    }

    // ---- exceptions thrown by routes ---------------------------------------------------------------------------------

    @Test
    void routeException_afterSave_sessionKeptAndCookieSentWithErrorResponse() {
        serve(config().build(), javalin -> {
            javalin.routes.get("/save-then-throw", ctx -> {
                Session<SessionData> session = Sessions.of(ctx);
                session.data().put("user", "alice");
                session.save();
                throw new IllegalStateException("route failed");
            });
            whoami(javalin);
        });

        HttpResponse<String> failed = get("/save-then-throw");

        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(get("/whoami", cookieOf(failed)).body()).isEqualTo("alice");
    }

    @Test
    void routeException_mappedByApp_appStatusAndRegeneratedCookieSent() {
        serve(config().build(), javalin -> {
            javalin.routes.exception(IllegalArgumentException.class, (e, ctx) -> ctx.status(400).result("bad"));
            javalin.routes.get("/login-then-throw", ctx -> {
                Session<SessionData> session = Sessions.of(ctx);
                session.regenerate();
                session.data().put("user", "bob");
                session.save();
                throw new IllegalArgumentException("bad input");
            });
            whoami(javalin);
        });

        HttpResponse<String> failed = get("/login-then-throw");

        assertThat(failed.statusCode()).isEqualTo(400);
        assertThat(failed.body()).isEqualTo("bad");
        assertThat(get("/whoami", cookieOf(failed)).body()).isEqualTo("bob");
    }

    @Test
    void routeException_withAutoSave_halfDoneChangeIsNotSaved() {
        serve(config().autoSave(true).build(), javalin -> {
            javalin.routes.get("/login", ctx -> Sessions.of(ctx).data().put("user", "carol"));
            javalin.routes.get("/change-then-throw", ctx -> {
                Sessions.of(ctx).data().put("user", "mallory");
                throw new IllegalStateException("route failed halfway");
            });
            whoami(javalin);
        });
        String cookie = cookieOf(get("/login"));

        HttpResponse<String> failed = get("/change-then-throw", cookie);

        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(get("/whoami", cookie).body()).isEqualTo("carol");
        assertThat(cookieOf(get("/login"))).as("autoSave still saves a request that succeeds").isNotEmpty();
    }

    @Test
    void routeException_sessionIsClosedWhenTheResponseArrives() {
        AtomicReference<Session<SessionData>> leaked = new AtomicReference<>();
        serve(config().build(), javalin -> javalin.routes.get("/leak-then-throw", ctx -> {
            leaked.set(Sessions.of(ctx));
            throw new IllegalStateException("route failed");
        }));

        assertThat(get("/leak-then-throw").statusCode()).isEqualTo(500);

        assertThatThrownBy(() -> leaked.get().save())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ended");
    }

    // ---- store failures --------------------------------------------------------------------------------------------

    @Test
    void storeFailure_inRoute_noSecondStoreCallByCommitOrClose() {
        serve(config().autoSave(true).build(), javalin -> javalin.routes.get("/views", ctx -> {
            Session<SessionData> session = Sessions.of(ctx);
            session.data().put("views", 1);
            session.save();
            ctx.result("1");
        }));
        store.failing(true);

        HttpResponse<String> answer = get("/views");

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.body()).isEqualTo("Service Unavailable");
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
        assertThat(answer.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(store.operations()).as("the failed save only").containsExactly("set");
    }

    @Test
    void storeFailure_inCommit_answers503WithoutCookie() {
        serve(config().saveUninitialized(true).build(),
                javalin -> javalin.routes.get("/peek", ctx -> ctx.result(Sessions.of(ctx).id())));
        store.failing(true);

        HttpResponse<String> answer = get("/peek");

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.body()).isEqualTo("Service Unavailable");
        assertThat(answer.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(store.operations()).containsExactly("set");
    }

    @Test
    void storeFailure_inCommit_handWiredWithoutExceptionMapping_answers503() {
        SessionPlugin sessions = SessionPlugin.create(config().saveUninitialized(true).build());
        server = JavalinTestServer.start(javalin -> {
            javalin.routes.before(sessions.before());
            javalin.routes.get("/peek", ctx -> ctx.result(Sessions.of(ctx).id()));
            javalin.routes.after(sessions.after());
        });
        store.failing(true);

        HttpResponse<String> answer = get("/peek");

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().allValues("Set-Cookie")).isEmpty();
    }

    // ---- where the session is reachable ----------------------------------------------------------------------------

    @Test
    void appBeforeAndAfterHandlers_registeredAfterPlugin_seeTheSession() {
        serve(config().build(), javalin -> {
            javalin.routes.before(ctx -> ctx.header("X-Before", Sessions.of(ctx).id()));
            javalin.routes.get("/views", ctx -> {
                Session<SessionData> session = Sessions.of(ctx);
                session.data().put("views", 1);
                session.save();
                ctx.result(session.id());
            });
            javalin.routes.after(ctx -> ctx.header("X-After", Sessions.of(ctx).id()));
        });

        HttpResponse<String> answer = get("/views");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("X-Before")).hasValue(answer.body());
        assertThat(answer.headers().firstValue("X-After")).hasValue(answer.body());
        assertThat(answer.headers().allValues("Set-Cookie")).hasSize(1);
    }

    @Test
    void beforeHandler_addedTwice_oneContextPerRequest() {
        SessionPlugin sessions = SessionPlugin.create(config().build());
        server = JavalinTestServer.start(javalin -> {
            javalin.routes.before(sessions.before());
            javalin.routes.before(ctx -> ctx.attribute("first", Sessions.of(ctx)));
            javalin.routes.before(sessions.before());
            javalin.routes.get("/views", ctx -> {
                Session<SessionData> session = Sessions.of(ctx);
                session.data().put("views", 1);
                session.save();
                ctx.result(String.valueOf(session == ctx.attribute("first")));
            });
            javalin.routes.after(sessions.after());
        });

        HttpResponse<String> answer = get("/views");

        assertThat(answer.body()).isEqualTo("true");
        assertThat(answer.headers().allValues("Set-Cookie")).hasSize(1);
        assertThat(store.operations()).containsExactly("set");
    }

    @Test
    void sessionsStore_returnsTheConfiguredStore_withoutAStoreCall() {
        serve(config().build(), javalin -> javalin.routes.get("/store",
                ctx -> ctx.result(String.valueOf(Sessions.store(ctx) == store))));

        assertThat(get("/store").body()).isEqualTo("true");
        assertThat(store.calls()).isEmpty();
    }

    @Test
    void sessionsOf_withoutThePlugin_failsClearly() {
        server = JavalinTestServer.start(javalin -> javalin.routes.get("/of", ctx -> {
            try {
                Sessions.of(ctx);
                ctx.result("no failure");
            } catch (IllegalStateException e) {
                ctx.result(e.getMessage());
            }
        }));

        String message = get("/of").body();

        assertThat(message).contains("no SessionKit session on this request", "SessionPlugin", "before()");
    }

    @Test
    void sessionsOf_wrongDataType_failsClearly() {
        serve(config().build(), javalin -> javalin.routes.get("/of", ctx -> {
            try {
                Sessions.of(ctx, StringBuilder.class);
                ctx.result("no failure");
            } catch (IllegalStateException e) {
                ctx.result(e.getMessage());
            }
        }));

        assertThat(get("/of").body()).contains(SessionData.class.getName(), StringBuilder.class.getName());
    }

    /** Session data of an application-defined type. */
    static final class Cart {
        public int items;
    }

    @Test
    void sessionsOf_typedData_persists() {
        SessionConfig<Cart> config = SessionConfig.builder(Cart.class).store(store).secret(SECRET).clock(clock)
                .build();
        serve(config, javalin -> javalin.routes.get("/add", ctx -> {
            Session<Cart> session = Sessions.of(ctx, Cart.class);
            session.data().items++;
            session.save();
            ctx.result(String.valueOf(session.data().items));
        }));

        HttpResponse<String> first = get("/add");

        assertThat(first.body()).isEqualTo("1");
        assertThat(get("/add", cookieOf(first)).body()).isEqualTo("2");
    }

    // ---- bodies written by the route itself ----------------------------------------------------------------------

    private void streamingRoute(boolean commitFirst) {
        serve(config().build(), javalin -> javalin.routes.get("/stream", ctx -> {
            Session<SessionData> session = Sessions.of(ctx);
            session.data().put("views", 1);
            session.save();
            if (commitFirst) {
                Sessions.commit(ctx);
            }
            OutputStream out = ctx.res().getOutputStream();
            out.write(new byte[256 * 1024]);
            out.flush();
        }));
    }

    @Test
    void streamedBody_commitBeforeWriting_cookieSent() {
        streamingRoute(true);

        HttpResponse<String> answer = get("/stream");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).hasSize(256 * 1024);
        assertThat(answer.headers().allValues("Set-Cookie")).hasSize(1);
    }

    @Test
    void streamedBody_withoutCommit_cookieLostButDataSaved() {
        streamingRoute(false);

        HttpResponse<String> answer = get("/stream");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().allValues("Set-Cookie")).as("documented limitation").isEmpty();
        assertThat(backing.facets().enumeration().orElseThrow().length()).isEqualTo(1);
    }
}
