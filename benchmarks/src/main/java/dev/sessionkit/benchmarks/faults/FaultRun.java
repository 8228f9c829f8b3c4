package dev.sessionkit.benchmarks.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionkit.benchmarks.load.LoadServer;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * One adapter under load while its store fails: {@code FaultRun KIND [SECONDS] [CLIENTS]} (defaults 60 s, 200
 * clients), for the SessionKit kinds of {@link LoadServer} on a private Redis that fsyncs every write
 * ({@link RedisProcess}), or, for {@code servlet-postgres}, a private PostgreSQL that does ({@link PostgresProcess}).
 * After a 10 s warm-up without faults, for SECONDS: at 20 % of the run a crash and a restart 2 s later (Redis:
 * SIGKILL; PostgreSQL: an immediate shutdown), SIGSTOP for 5 s at 45 % (PostgreSQL: the postmaster and all its
 * processes), at 70 % a stop and a restart 2 s later (Redis: SIGKILL again; PostgreSQL: a fast shutdown). Prints a
 * {@code FAULT_RESULT} line ({@code benchmarks/faults/run.sh} makes a table of them): answers by status, hung
 * requests, recovery after each fault, acknowledged increments lost (the stored count below the highest count a
 * client was answered with 200), the store pool's active connections and the server's live threads before and
 * after. Stops everything it started.
 *
 * <p>{@code FaultRun KIND SECONDS CLIENTS sentinel} runs on a {@link SentinelTopology} instead, and
 * {@code FaultRun KIND SECONDS CLIENTS cluster} on a {@link ClusterTopology} (the primary that fails is the one that
 * holds the most sessions): clients also log out
 * (one acknowledged increment in 20 is followed by a logout and a new session); at 40 % of the run the replica is
 * frozen for {@code -Dbenchmarks.faults.lagMs} (default 800 ms: a replica that lags), the primary SIGKILLed once, the
 * replica promoted by the Sentinels, and the old primary started again to rejoin as a replica. The result adds the
 * logouts, how many were acknowledged and how many of those are undone (the session is back on the new primary),
 * the time from the kill to the promotion, and whether the old primary rejoined. The store waits for replicas
 * when {@code -Dbenchmarks.replicasToAcknowledge=N:MILLIS} is set.
 */
public final class FaultRun {

    private static final Logger LOG = LoggerFactory.getLogger(FaultRun.class);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long WARM_UP_MS = 10_000;
    private static final long SETTLE_LIMIT_MS = 120_000;

    private FaultRun() {
    }

    /**
     * Runs the faults against one server kind.
     *
     * @param args KIND [SECONDS] [CLIENTS]
     * @throws Exception when the run cannot be set up
     */
    public static void main(String[] args) throws Exception {
        LoadServer.Kind kind = LoadServer.Kind.of(args[0]);
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 60;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        // Jetty retires one idle thread per idle timeout: at its default 60 s, a pool grown during a fault would
        // take half an hour to shrink back, and the thread count after the run would say nothing about leaks.
        System.setProperty("benchmarks.jettyIdleTimeoutMs", "2000");
        if (args.length > 3 && !args[3].equals("standalone")) {
            FailoverTopology failover = switch (args[3]) {
                case "sentinel" -> new SentinelTopology();
                case "cluster" -> new ClusterTopology();
                default -> throw new IllegalArgumentException("topology must be standalone, sentinel or cluster, was "
                        + args[3]);
            };
            try (FailoverTopology topology = failover) {
                topology.start();
                try (LoadServer.Running server = LoadServer.start(kind, 0, topology.url())) {
                    runFailover(kind, server, topology, seconds * 1000, clients);
                }
            }
            System.exit(0);
        }
        Path dir = Files.createTempDirectory("sessionkit-faults-");
        try (StoreProcess store = switch (kind.store()) {
            case REDIS -> new RedisProcess(freePort(), dir);
            case POSTGRES -> new PostgresProcess(freePort(), dir);
            case NONE -> throw new IllegalArgumentException(kind.id() + " has no store to break");
        }) {
            store.start();
            try (LoadServer.Running server = LoadServer.start(kind, 0, store.url())) {
                run(kind, server, store, seconds * 1000, clients);
            }
        }
        System.exit(0); // the server frameworks' non-daemon threads are done with
    }

    private static void run(LoadServer.Kind kind, LoadServer.Running server, StoreProcess store, long durationMs,
                            int clients) throws Exception {
        FaultClients load = new FaultClients(URI.create("http://127.0.0.1:" + server.port()), clients, 3);
        load.start();
        Thread.sleep(WARM_UP_MS);
        Set<String> namesBefore = serverThreadNames();
        int threadsBefore = namesBefore.size();
        load.resetCounters();
        long start = System.currentTimeMillis();
        log("warm-up done: %d sessions, %d server threads; faults start", load.acknowledged.size(), threadsBefore);

        sleepUntil(start + durationMs * 20 / 100);
        log(store.killDescription());
        store.kill();
        restart(store, load, 0);

        sleepUntil(start + durationMs * 45 / 100);
        log("SIGSTOP %s for 5 s", store.name());
        store.pause();
        Thread.sleep(5000);
        store.resume();
        store.awaitReady(java.time.Duration.ofSeconds(30));
        load.returned.set(1, System.currentTimeMillis());
        log("%s resumed", store.name());

        sleepUntil(start + durationMs * 70 / 100);
        log(store.stopDescription());
        store.stopForRestart();
        restart(store, load, 2);

        sleepUntil(start + durationMs);
        load.stop();
        long elapsed = System.currentTimeMillis() - start;
        log("clients stopped after %d ms", elapsed);

        long lost = 0;
        long above = 0;
        long sessionsLost = 0;
        Map<String, String> records = store.records(load.acknowledged.keySet());
        for (Map.Entry<String, Long> session : load.acknowledged.entrySet()) {
            String json = records.get(session.getKey());
            long stored = 0;
            if (json == null) {
                sessionsLost++;
            } else {
                JsonNode views = JSON.readTree(json).get("views");
                stored = views == null ? 0 : views.asLong();
            }
            lost += Math.max(0, session.getValue() - stored);
            above += Math.max(0, stored - session.getValue());
        }

        int threadsAfter = settleThreads(threadsBefore);
        Set<String> added = new java.util.TreeSet<>(serverThreadNames());
        added.removeAll(namesBefore);
        log("server threads after: %d; new since the warm-up: %s", threadsAfter, added);
        long[] pool = poolConnections();
        log("%s pools found in JMX: %d", store.poolName(), pool[2]);
        List<Long> recoveries = load.recoveries();
        LOG.info(String.format("FAULT_RESULT kind=%s seconds=%d clients=%d requests=%d ok=%d s503=%d other5xx=%d "
                        + "other_status=%d connect_errors=%d hung=%d recovery_ms=%s sessions=%d sessions_lost=%d "
                        + "acknowledged=%d lost=%d above=%d pool_active=%d pool_idle=%d threads_before=%d "
                        + "threads_after=%d",
                kind.id(), elapsed / 1000, clients, load.requests.get(), load.ok.get(), load.unavailable.get(),
                load.otherServerErrors.get(), load.otherStatuses.get(), load.connectionErrors.get(), load.hung.get(),
                join(recoveries), load.acknowledged.size(), sessionsLost,
                load.acknowledged.values().stream().mapToLong(Long::longValue).sum(), lost, above, pool[0], pool[1],
                threadsBefore, threadsAfter));
    }

    private static void runFailover(LoadServer.Kind kind, LoadServer.Running server, FailoverTopology topology,
                                    long durationMs, int clients) throws Exception {
        long lagMs = Long.getLong("benchmarks.faults.lagMs", 800);
        String acknowledge = System.getProperty("benchmarks.replicasToAcknowledge", "off");
        FaultClients load = new FaultClients(URI.create("http://127.0.0.1:" + server.port()), clients, 1, 0.05);
        load.start();
        Thread.sleep(WARM_UP_MS);
        Set<String> namesBefore = serverThreadNames();
        int threadsBefore = namesBefore.size();
        load.resetCounters();
        long start = System.currentTimeMillis();
        log("warm-up done: %d sessions, %d server threads; replicasToAcknowledge %s; fail-over at 40 %%",
                load.acknowledged.size(), threadsBefore, acknowledge);

        sleepUntil(start + durationMs * 40 / 100);
        log("replica frozen for %d ms, then SIGKILL of the primary", lagMs);
        long[] times = topology.failOver(lagMs);
        load.returned.set(0, times[1]);
        log("replica promoted %d ms after the kill; old primary started again", times[1] - times[0]);

        sleepUntil(start + durationMs);
        load.stop();
        long elapsed = System.currentTimeMillis() - start;
        boolean rejoined = topology.awaitRejoined();
        log("clients stopped after %d ms; old primary rejoined as a replica: %s", elapsed, rejoined);
        if (!rejoined) {
            LOG.warn("replication after the fail-over:\n{}", topology.describe());
        }

        long lost = 0;
        long above = 0;
        long sessionsLost = 0;
        long checked = 0;
        long undone = 0;
        try (UnifiedJedis jedis = topology.reader()) {
            for (Map.Entry<String, Long> session : load.acknowledged.entrySet()) {
                if (load.logoutTried.contains(session.getKey())) {
                    continue; // ended, or maybe ended: no increment to check
                }
                checked++;
                String json = jedis.get("sess:" + session.getKey());
                long stored = 0;
                if (json == null) {
                    sessionsLost++;
                } else {
                    JsonNode views = JSON.readTree(json).get("views");
                    stored = views == null ? 0 : views.asLong();
                }
                lost += Math.max(0, session.getValue() - stored);
                above += Math.max(0, stored - session.getValue());
            }
            for (String id : load.loggedOut) {
                if (jedis.exists("sess:" + id)) {
                    undone++;
                }
            }
        }

        int threadsAfter = settleThreads(threadsBefore);
        long[] pool = poolConnections();
        log("Redis pools found in JMX: %d", pool[2]);
        List<Long> recoveries = load.recoveries();
        long killToFirstOk = recoveries.get(0) < 0 ? -1 : times[1] - times[0] + recoveries.get(0);
        LOG.info(String.format("FAULT_RESULT kind=%s topology=%s acknowledge=%s lag_ms=%d seconds=%d clients=%d "
                        + "requests=%d ok=%d s503=%d other5xx=%d other_status=%d connect_errors=%d hung=%d "
                        + "kill_to_promotion_ms=%d kill_to_first_200_ms=%d sessions=%d sessions_lost=%d "
                        + "acknowledged=%d lost=%d above=%d logouts=%d logouts_503=%d logouts_acknowledged=%d "
                        + "logouts_undone=%d rejoined=%s pool_active=%d pool_idle=%d threads_before=%d "
                        + "threads_after=%d",
                kind.id(), topology.name(), acknowledge, lagMs, elapsed / 1000, clients, load.requests.get(),
                load.ok.get(),
                load.unavailable.get(), load.otherServerErrors.get(), load.otherStatuses.get(),
                load.connectionErrors.get(), load.hung.get(), times[1] - times[0], killToFirstOk, checked,
                sessionsLost, load.acknowledged.entrySet().stream()
                        .filter(e -> !load.logoutTried.contains(e.getKey())).mapToLong(Map.Entry::getValue).sum(),
                lost, above, load.logouts.get(), load.logouts503.get(), load.loggedOut.size(), undone, rejoined,
                pool[0], pool[1], threadsBefore, threadsAfter));
    }

    /** Starts the stopped store again 2 s later, and notes when it is back (the {@code fault}-th return). */
    private static void restart(StoreProcess store, FaultClients load, int fault) throws Exception {
        Thread.sleep(2000);
        store.start();
        load.returned.set(fault, System.currentTimeMillis());
        log("%s restarted", store.name());
    }

    /**
     * The server's live threads: every thread but the clients' and the JDK's process reapers, which the harness's
     * own {@code redis-server}, {@code pg_ctl} and {@code kill} processes start.
     */
    private static Set<String> serverThreadNames() {
        Set<String> names = new java.util.HashSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            String name = thread.getName();
            if (thread.isAlive() && !name.startsWith(FaultClients.THREAD_PREFIX) && !name.startsWith("HttpClient-")
                    && !name.startsWith("process reaper")) {
                names.add(name + "#" + thread.getId());
            }
        }
        return names;
    }

    private static int serverThreads() {
        return serverThreadNames().size();
    }

    /** Waits (at most two minutes) for the server's thread pools to shrink back; returns the count then. */
    private static int settleThreads(int before) throws InterruptedException {
        long deadline = System.currentTimeMillis() + SETTLE_LIMIT_MS;
        int now = serverThreads();
        while (now > before && System.currentTimeMillis() < deadline) {
            Thread.sleep(2000);
            now = serverThreads();
        }
        return now;
    }

    /**
     * Active and idle connections of every commons-pool2 pool (Jedis's) and every HikariCP pool (the PostgreSQL
     * servers') in this JVM, from JMX, and how many pools.
     */
    private static long[] poolConnections() throws Exception {
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        long active = 0;
        long idle = 0;
        long pools = 0;
        for (ObjectName name : mbeans.queryNames(new ObjectName("org.apache.commons.pool2:type=GenericObjectPool,*"),
                null)) {
            active += ((Number) mbeans.getAttribute(name, "NumActive")).longValue();
            idle += ((Number) mbeans.getAttribute(name, "NumIdle")).longValue();
            pools++;
        }
        for (ObjectName name : mbeans.queryNames(new ObjectName("com.zaxxer.hikari:*"), null)) {
            if (!name.getKeyProperty("type").startsWith("Pool (")) {
                continue; // its configuration bean, "PoolConfig (name)"
            }
            active += ((Number) mbeans.getAttribute(name, "ActiveConnections")).longValue();
            idle += ((Number) mbeans.getAttribute(name, "IdleConnections")).longValue();
            pools++;
        }
        return new long[] {active, idle, pools};
    }

    private static String join(List<Long> values) {
        List<String> parts = new ArrayList<>();
        values.forEach(v -> parts.add(Long.toString(v)));
        return String.join(",", parts);
    }

    private static void sleepUntil(long at) throws InterruptedException {
        long wait = at - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A line of the run's own account, which run.sh picks out of the log by its {@code [fault-run} mark. */
    private static void log(String format, Object... args) {
        LOG.info(String.format("[fault-run %tT] %s", System.currentTimeMillis(), String.format(format, args)));
    }
}
