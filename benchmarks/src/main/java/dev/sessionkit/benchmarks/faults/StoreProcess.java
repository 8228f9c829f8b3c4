package dev.sessionkit.benchmarks.faults;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;

/**
 * The store a fault run breaks: a private server process that the run crashes, stops, pauses and starts again on the
 * same port and data, and whose stored records it reads back after the run ({@link RedisProcess},
 * {@link PostgresProcess}).
 */
interface StoreProcess extends AutoCloseable {

    /** The store's name in the run's log and result lines, for example {@code redis}. */
    String name();

    /** The name of its client pools in the log, for example {@code Redis}. */
    String poolName();

    /** The URL the load server is given ({@code LoadServer}'s third argument). */
    String url();

    /** Starts the server (again) and returns once it answers. */
    void start() throws IOException, InterruptedException;

    /** The crash: the server dies at once, mid-request, without finishing anything. */
    void kill() throws IOException, InterruptedException;

    /** How {@link #kill()} does it, for the log: {@code SIGKILL redis}. */
    String killDescription();

    /**
     * The third fault, at 70 % of the run: a second {@link #kill()} unless the store has a clean stop worth testing
     * as well (PostgreSQL's fast shutdown, which ends every connection).
     */
    default void stopForRestart() throws IOException, InterruptedException {
        kill();
    }

    /** How {@link #stopForRestart()} does it, for the log. */
    default String stopDescription() {
        return killDescription();
    }

    /** SIGSTOP: the server (all its processes) stops answering without closing anything. */
    void pause() throws IOException, InterruptedException;

    /** SIGCONT after {@link #pause()}. */
    void resume() throws IOException, InterruptedException;

    /** Waits until the server answers (after a start, a restart or a resume). */
    void awaitReady(Duration within) throws InterruptedException;

    /**
     * Reads back the records of sessions after the run.
     *
     * @param ids session ids
     * @return each stored session's record (express-session's JSON); a session not stored is missing
     */
    Map<String, String> records(Collection<String> ids) throws Exception;

    @Override
    void close() throws Exception;
}
