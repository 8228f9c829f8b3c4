package dev.sessionkit.benchmarks.soak;

import dev.sessionkit.Session;
import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionData;
import dev.sessionkit.javalin.SessionPlugin;
import dev.sessionkit.javalin.Sessions;
import dev.sessionkit.store.SessionStore;
import dev.sessionkit.store.caffeine.CaffeineSessionStore;
import dev.sessionkit.store.redis.RedisSessionStore;
import io.javalin.Javalin;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The soak's server: Javalin with SessionKit's plugin on the Caffeine or the Redis store, sessions ending after
 * 30 s idle so that, under a steady arrival of new sessions, their number levels off. Serves the load harness's
 * {@code /read}, {@code /write} and {@code /plain}, and {@code /admin/heap}, which runs a full GC and answers the
 * heap used after it and the number of live sessions: {@code heap=<bytes> sessions=<n>}.
 *
 * <pre>{@code java -cp benchmarks/target/benchmarks.jar dev.sessionkit.benchmarks.soak.SoakServer caffeine|redis PORT [REDIS_URL]}</pre>
 */
public final class SoakServer {

    private static final Logger LOG = LoggerFactory.getLogger(SoakServer.class);
    private static final String SECRET = "soak secret, not for production, 32+ characters";

    private SoakServer() {
    }

    /**
     * Starts the server.
     *
     * @param args {@code caffeine} or {@code redis}, the port, and for Redis its URL
     */
    public static void main(String[] args) {
        boolean redis = args[0].equals("redis");
        SessionStore store = redis ? RedisSessionStore.builder(args[2]).build() : CaffeineSessionStore.create();
        SessionConfig<SessionData> config = SessionConfig.builder().store(store).secret(SECRET)
                .idleTimeout(Duration.ofSeconds(30)).build();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        Javalin app = Javalin.create(javalin -> {
            javalin.registerPlugin(SessionPlugin.create(config));
            javalin.routes.get("/read", ctx -> ctx.result("views "
                    + Sessions.of(ctx).data().getLong("views").orElse(0)));
            javalin.routes.get("/write", ctx -> {
                Session<SessionData> session = Sessions.of(ctx);
                long views = session.data().getLong("views").orElse(0) + 1;
                session.data().put("views", views);
                session.save();
                ctx.result("views " + views);
            });
            javalin.routes.get("/plain", ctx -> ctx.result("plain"));
            javalin.routes.get("/admin/heap", ctx -> {
                for (int i = 0; i < 3; i++) {
                    System.gc();
                }
                ctx.result("heap=" + memory.getHeapMemoryUsage().getUsed() + " sessions=" + store.facets().enumeration().orElseThrow().length());
            });
        });
        app.start("127.0.0.1", Integer.parseInt(args[1]));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            if (store instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.warn("closing the store failed", e);
                }
            }
        }, "soak-stop"));
        LOG.info("soak server ({}) on http://127.0.0.1:{}/", args[0], app.port());
    }
}
