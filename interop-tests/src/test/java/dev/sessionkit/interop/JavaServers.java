package dev.sessionkit.interop;

import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionData;
import dev.sessionkit.store.redis.RedisSessionStore;
import dev.sessionkit.testkit.http.RunningServer;
import java.net.URI;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The three adapters running at once, each with a {@link RedisSessionStore} on the shared Redis and the same
 * secrets.
 */
@SuppressWarnings("try") // close() throws what the servers' close() throws
final class JavaServers implements AutoCloseable {

    private final RedisSessionStore store;
    private final Map<JavaSide, RunningServer> servers = new EnumMap<>(JavaSide.class);

    private JavaServers(RedisSessionStore store) {
        this.store = store;
    }

    /** Starts the given adapters (all when none is given), with {@code secrets} oldest first. */
    static JavaServers start(List<String> secrets, JavaSide... sides) throws Exception {
        JavaServers started = new JavaServers(RedisSessionStore.builder(NodeEnvironment.redisUri()).build());
        try {
            SessionConfig<SessionData> config = JavaSide.config(started.store, secrets);
            for (JavaSide side : sides.length == 0 ? JavaSide.values() : sides) {
                started.servers.put(side, side.start(config));
            }
            return started;
        } catch (Exception | Error e) {
            started.close();
            throw e;
        }
    }

    URI uri(JavaSide side) {
        RunningServer server = servers.get(side);
        if (server == null) {
            throw new IllegalArgumentException(side + " was not started");
        }
        return server.baseUri();
    }

    @Override
    public void close() throws Exception {
        Exception failure = null;
        for (RunningServer server : servers.values()) {
            try {
                server.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        store.close();
        if (failure != null) {
            throw failure;
        }
    }
}
