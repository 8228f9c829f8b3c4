package dev.sessionkit.benchmarks.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import redis.clients.jedis.Jedis;

/** What {@link SentinelTopology} and {@link ClusterTopology} share: waiting, their directories, their log text. */
final class Topologies {

    /** How long a topology may take to reach a state it waits for. */
    static final long READY_MS = 60_000;

    private Topologies() {
    }

    /** A condition polled by {@link #await}. */
    interface Check {
        boolean holds() throws Exception;
    }

    /** Polls {@code check} every 50 ms until it holds; fails after {@link #READY_MS}, naming {@code what}. */
    static void await(String what, Check check) throws Exception {
        long deadline = System.currentTimeMillis() + READY_MS;
        while (!check.holds()) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("waited " + READY_MS / 1000 + " s for " + what);
            }
            Thread.sleep(50);
        }
    }

    /**
     * A directory of its own for each process, under a prefix of its own: a standalone fault run's clean-up (which
     * may run beside this one, from another checkout) kills what runs from {@code sessionkit-faults-*}.
     */
    static Path directory() throws IOException {
        return Files.createTempDirectory("sessionkit-failover-");
    }

    /** Each server's port and {@code INFO replication}, for a log when something did not happen. */
    static String describe(List<RedisProcess> servers) {
        StringBuilder text = new StringBuilder();
        for (RedisProcess server : servers) {
            text.append("port ").append(server.port()).append(": ");
            try (Jedis jedis = server.client()) {
                text.append(jedis.info("replication").replace("\r\n", " "));
            } catch (RuntimeException e) {
                text.append(e);
            }
            text.append('\n');
        }
        return text.toString();
    }
}
