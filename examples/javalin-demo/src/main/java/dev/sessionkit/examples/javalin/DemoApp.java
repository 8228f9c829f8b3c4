package dev.sessionkit.examples.javalin;

import dev.sessionkit.CookieOptions;
import dev.sessionkit.SameSite;
import dev.sessionkit.Session;
import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionData;
import dev.sessionkit.SessionSummary;
import dev.sessionkit.javalin.SessionPlugin;
import dev.sessionkit.javalin.Sessions;
import dev.sessionkit.store.SessionStore;
import dev.sessionkit.store.caffeine.CaffeineSessionStore;
import dev.sessionkit.store.redis.RedisSessionStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SessionKit demo: a visitor logs in with a name, sees a visit counter that survives reloads (and restarts, with
 * Redis), can regenerate the session id and log out. A session ends after 30 minutes without a request or 12 hours
 * after login, whichever comes first (OWASP ASVS level 2). The page lists the sessions logged in under the same name
 * ("Your sessions") and can end all but this one. Plain server-rendered HTML.
 *
 * <p>Environment: {@code PORT} (default 8080), {@code SESSION_SECRET} (required with Redis or PostgreSQL; in memory, a
 * random one per run by default), {@code REDIS_URL} (Redis instead of the in-memory Caffeine store),
 * {@code DATABASE_URL} ({@code postgres://user:password@host:port/database} or a {@code jdbc:postgresql:} URL:
 * PostgreSQL, in connect-pg-simple's table {@code session}, created when missing; {@code DATABASE_TIMEZONE} the
 * server's {@code timezone} when it is not UTC), {@code TRUST_PROXY=true} behind a TLS proxy.
 */
public final class DemoApp {

    private static final Logger LOG = LoggerFactory.getLogger(DemoApp.class);
    /** ASVS 3.3.2 level 2: re-authentication after at most 30 minutes of inactivity... */
    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(30);
    /** ...and after at most 12 hours, however active. */
    static final Duration ABSOLUTE_TIMEOUT = Duration.ofHours(12);
    /** How recent a login must be for the sensitive action (changing the name): OWASP ASVS 3.7.1. */
    static final Duration RECENT_LOGIN = Duration.ofMinutes(5);

    private DemoApp() {
    }

    /**
     * Starts the demo from the environment.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        String redisUrl = System.getenv("REDIS_URL");
        String databaseUrl = System.getenv("DATABASE_URL");
        boolean postgres = databaseUrl != null && !databaseUrl.isBlank();
        String secret = System.getenv("SESSION_SECRET");
        if (secret == null || secret.isBlank()) {
            if ((redisUrl != null && !redisUrl.isBlank()) || postgres) {
                // Sessions in Redis or PostgreSQL outlive this process, and may be shared: their secret must too.
                LOG.error("{} is set but SESSION_SECRET is not: sessions kept there need a secret that "
                        + "stays the same across restarts. Set one, for example: "
                        + "export SESSION_SECRET=\"$(openssl rand -base64 48)\"", postgres ? "DATABASE_URL" : "REDIS_URL");
                System.exit(2);
            }
            secret = randomSecret();
            LOG.warn("SESSION_SECRET is not set: signing cookies with a random secret made for this run, so sessions "
                    + "end when the demo stops (as the in-memory store's do). To keep them, set one: "
                    + "export SESSION_SECRET=\"$(openssl rand -base64 48)\"");
        }
        SessionStore store;
        String storeName;
        if (postgres) {
            String zone = System.getenv().getOrDefault("DATABASE_TIMEZONE", "UTC");
            store = Database.store(Database.pool(databaseUrl), java.time.ZoneId.of(zone));
            storeName = "PostgreSQL (sessions survive a restart)";
        } else if (redisUrl != null && !redisUrl.isBlank()) {
            store = RedisSessionStore.builder(redisUrl).build();
            storeName = "Redis (sessions survive a restart)";
        } else {
            store = CaffeineSessionStore.create();
            storeName = "Caffeine (in memory: sessions end when the server stops)";
        }
        Javalin app = start(port, secret, store, storeName,
                Boolean.parseBoolean(System.getenv().getOrDefault("TRUST_PROXY", "false")));
        LOG.info("SessionKit demo running: open http://localhost:{}/ (store: {})", app.port(), storeName);
    }

    /**
     * Starts the demo on 127.0.0.1, on a port (0 for any free one).
     *
     * @param port the port, or 0
     * @param secret the signing secret
     * @param store the session store
     * @param storeName how the page names the store
     * @param trustProxy whether to trust {@code X-Forwarded-Proto}
     * @return the running server
     */
    public static Javalin start(int port, String secret, SessionStore store, String storeName, boolean trustProxy) {
        SessionConfig<SessionData> sessions = SessionConfig.builder()
                .store(store)
                .secret(secret)
                .trustProxy(trustProxy)
                // Secure on HTTPS (or behind a trusted TLS proxy), plain on http://localhost, so every browser keeps it.
                // The cookie lives no longer than the session can.
                .cookie(CookieOptions.builder().secureAuto().sameSite(SameSite.LAX).maxAge(ABSOLUTE_TIMEOUT).build())
                .idleTimeout(IDLE_TIMEOUT)
                .absoluteTimeout(ABSOLUTE_TIMEOUT)
                .build();
        Javalin app = Javalin.create(config -> {
            config.registerPlugin(SessionPlugin.create(sessions));
            config.routes.get("/", ctx -> page(ctx, storeName));
            config.routes.post("/login", DemoApp::login);
            config.routes.post("/regenerate", DemoApp::regenerate);
            config.routes.post("/name", ctx -> rename(ctx, storeName));
            config.routes.post("/confirm", DemoApp::confirm);
            config.routes.post("/sessions/logout-others", DemoApp::logoutOthers);
            config.routes.post("/logout", ctx -> {
                Sessions.of(ctx).destroy();
                ctx.redirect("/", HttpStatus.SEE_OTHER);
            });
        });
        return app.start("127.0.0.1", port);
    }

    private static void page(Context ctx, String storeName) {
        Session<SessionData> session = Sessions.of(ctx);
        String user = session.data().getString("user").orElse(null);
        ctx.contentType("text/html; charset=utf-8");
        if (user == null) {
            ctx.result(Page.loginForm(storeName));
            return;
        }
        // update() re-applies the increment when parallel requests (tabs, prefetches) saved meanwhile: none is lost.
        long visits = session.update(data -> data.put("visits", data.getLong("visits").orElse(0) + 1))
                .getLong("visits").orElse(0);
        // A session logged in before the demo named principals has none, and no list.
        List<SessionSummary> sessions = session.principal().isPresent() ? session.sessionsOfPrincipal() : List.of();
        ctx.result(Page.welcome(user, visits, shortId(session.id()), sessions, Instant.now(), storeName));
    }

    private static void login(Context ctx) {
        String name = ctx.formParam("name");
        if (name == null || name.isBlank() || name.length() > 40) {
            ctx.status(HttpStatus.BAD_REQUEST).contentType("text/html; charset=utf-8")
                    .result(Page.error("Give a name of 1 to 40 characters."));
            return;
        }
        Session<SessionData> session = Sessions.of(ctx);
        session.regenerate(); // a new id at login: an id planted before it (session fixation) is worthless
        session.data().put("user", name.strip());
        // Lists this session under the name, so that "Your sessions" can show it and end it from another browser.
        session.principal(name.strip());
        session.label(UserAgents.summary(ctx.userAgent()));
        session.save();
        ctx.redirect("/", HttpStatus.SEE_OTHER);
    }

    /** A sensitive action: only with a login (or a confirmation) from the last 5 minutes. */
    private static void rename(Context ctx, String storeName) {
        Session<SessionData> session = Sessions.of(ctx);
        String name = ctx.formParam("name");
        if (session.data().getString("user").isEmpty() || name == null || name.isBlank() || name.length() > 40) {
            ctx.status(HttpStatus.BAD_REQUEST).contentType("text/html; charset=utf-8")
                    .result(Page.error("Log in, then give a name of 1 to 40 characters."));
            return;
        }
        if (!session.authenticatedWithin(RECENT_LOGIN)) {
            ctx.status(HttpStatus.FORBIDDEN).contentType("text/html; charset=utf-8").result(Page.confirm(storeName));
            return;
        }
        session.data().put("user", name.strip());
        session.save();
        ctx.redirect("/", HttpStatus.SEE_OTHER);
    }

    /** The re-authentication: here the login name again (a real application checks the password). */
    private static void confirm(Context ctx) {
        Session<SessionData> session = Sessions.of(ctx);
        String name = ctx.formParam("name");
        if (name == null || session.principal().isEmpty() || !session.principal().get().equals(name.strip())) {
            ctx.status(HttpStatus.FORBIDDEN).contentType("text/html; charset=utf-8")
                    .result(Page.error("That is not the name you logged in with."));
            return;
        }
        session.markAuthenticated();
        session.save();
        ctx.redirect("/", HttpStatus.SEE_OTHER);
    }

    private static void logoutOthers(Context ctx) {
        Session<SessionData> session = Sessions.of(ctx);
        if (session.principal().isPresent()) {
            int ended = session.endOtherSessions();
            LOG.info("ended {} other session(s) of a user", ended);
        }
        ctx.redirect("/", HttpStatus.SEE_OTHER);
    }

    private static void regenerate(Context ctx) {
        Session<SessionData> session = Sessions.of(ctx);
        // A new id, keeping the data and the login: the old record is deleted only if no other request changed it
        // meanwhile (their change is merged first), so no parallel visit is lost and a logout elsewhere still wins.
        session.changeId();
        session.save();
        ctx.redirect("/", HttpStatus.SEE_OTHER);
    }

    /** 48 random bytes in base64: a secret no one can guess, for one run. */
    static String randomSecret() {
        byte[] bytes = new byte[48];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** The first 8 characters: enough to see it change, too few to be of use to anyone reading the screen. */
    static String shortId(String id) {
        return id.length() <= 8 ? id : id.substring(0, 8) + "…";
    }
}
