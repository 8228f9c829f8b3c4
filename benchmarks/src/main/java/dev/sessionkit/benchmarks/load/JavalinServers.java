package dev.sessionkit.benchmarks.load;

import dev.sessionkit.Session;
import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionData;
import dev.sessionkit.benchmarks.Fixtures;
import dev.sessionkit.javalin.SessionPlugin;
import dev.sessionkit.javalin.Sessions;
import dev.sessionkit.store.SessionStore;
import dev.sessionkit.store.caffeine.CaffeineSessionStore;
import io.javalin.Javalin;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** The Javalin servers: without sessions (the baseline), with the Caffeine store, with the Redis store. */
final class JavalinServers {

    private JavalinServers() {
    }

    static LoadServer.Running withoutSessions(int port) {
        AtomicLong counter = new AtomicLong();
        Javalin app = Javalin.create(config -> {
            config.routes.get("/read", ctx -> ctx.result(LoadServer.page(counter.get())));
            config.routes.get("/write", ctx -> ctx.result(LoadServer.page(counter.incrementAndGet())));
            config.routes.get("/plain", ctx -> ctx.result("plain"));
        });
        return running(app.start("127.0.0.1", port), null);
    }

    static LoadServer.Running withCaffeine(int port) {
        return withSessions(port, CaffeineSessionStore.create(), null);
    }

    static LoadServer.Running withRedis(int port, String redisUrl) {
        RedisStores.Store redis = RedisStores.create(redisUrl);
        return withSessions(port, redis.store(), redis.closer());
    }

    private static LoadServer.Running withSessions(int port, SessionStore store, AutoCloseable closer) {
        SessionConfig<SessionData> sessions = SessionConfig.builder().store(store).secret(Fixtures.SECRET).build();
        Javalin app = Javalin.create(config -> {
            Integer idleTimeout = Integer.getInteger(JettyServers.IDLE_TIMEOUT_PROPERTY);
            if (idleTimeout != null) {
                // Javalin's own pool (250 threads at most, 8 at least) with the fault run's idle timeout: at
                // Javalin's 60 s, threads added during a Redis pause would outlive the run's settling time.
                QueuedThreadPool threads = new QueuedThreadPool(250, 8, idleTimeout);
                threads.setName("JettyServerThreadPool");
                config.jetty.threadPool = threads;
            }
            config.registerPlugin(SessionPlugin.create(sessions));
            config.routes.get("/read", ctx ->
                    ctx.result(LoadServer.page(Sessions.of(ctx).data().getLong("views").orElse(0))));
            config.routes.get("/write", ctx -> {
                Session<SessionData> session = Sessions.of(ctx);
                long views = session.data().getLong("views").orElse(0) + 1;
                session.data().put("views", views);
                session.save();
                ctx.result(LoadServer.page(views));
            });
            config.routes.get("/increment", ctx -> ctx.result(LoadServer.page(LoadServer.increment(Sessions.of(ctx)))));
            config.routes.get("/logout", ctx -> ctx.result(LoadServer.logout(Sessions.of(ctx))));
            config.routes.get("/plain", ctx -> ctx.result("plain"));
        });
        return running(app.start("127.0.0.1", port), closer);
    }

    private static LoadServer.Running running(Javalin app, AutoCloseable closer) {
        return new LoadServer.Running() {
            @Override
            public int port() {
                return app.port();
            }

            @Override
            public void close() {
                app.stop();
                if (closer != null) {
                    Closing.quietly(closer);
                }
            }
        };
    }
}
