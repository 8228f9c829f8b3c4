package dev.sessionkit.benchmarks.faults;

import redis.clients.jedis.UnifiedJedis;

/** A replicated Redis for the fault run: started, failed over once, and read after the run. */
interface FailoverTopology extends AutoCloseable {

    /** Starts every process and returns once replication and fail-over detection are ready. */
    void start() throws Exception;

    /** The URI that {@code RedisStores} makes the store's client of. */
    String url();

    /** Its name in the results: {@code sentinel} or {@code cluster}. */
    String name();

    /**
     * Cuts the replication link of the primary that fails for {@code lagMs}, SIGKILLs that primary, waits for its
     * replica's promotion and starts the old primary again; returns when the kill happened and when the promotion
     * was seen (ms since the epoch).
     */
    long[] failOver(long lagMs) throws Exception;

    /** Waits (a minute at most) until the old primary is an online replica again; returns whether it is. */
    boolean awaitRejoined() throws InterruptedException;

    /** A client that reads any session from the topology as it is now, for the checks after the run. */
    UnifiedJedis reader();

    /** The servers' replication state, for a log when something did not happen. */
    String describe();
}
