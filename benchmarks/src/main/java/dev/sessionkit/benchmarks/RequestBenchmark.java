package dev.sessionkit.benchmarks;

import dev.sessionkit.Session;
import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionContext;
import dev.sessionkit.SessionData;
import dev.sessionkit.SessionManager;
import dev.sessionkit.event.SessionEvent;
import dev.sessionkit.event.SessionListener;
import dev.sessionkit.event.StoreCall;
import dev.sessionkit.store.caffeine.CaffeineSessionStore;
import dev.sessionkit.testkit.InMemoryExchange;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole per-request path of an adapter over the testkit's {@link InMemoryExchange} and the Caffeine store:
 * open the context, load the session (parse the Cookie header, verify the signature, read and decode the record),
 * run a tiny handler, commit, close.
 *
 * <p>{@link #noSession()} is the baseline: the same exchange with the same headers and the same tiny handler, whose
 * counter lives in a field instead of a session. The difference between a session method and the baseline is what
 * the session adds to a request; the baseline itself is not a real HTTP request (no socket, no parsing by a
 * server), so the percentage goal is judged against a real server's request in RESULTS.md.
 *
 * <p>{@link #listeners}: {@code none} (the default) configures no {@link SessionListener}; {@code counting} one
 * that counts events and store calls, as a metrics listener does. {@code -p listeners=none,counting} measures what a
 * listener costs, and shows that a configuration without one pays nothing for the feature.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RequestBenchmark {

    /** {@code none} or {@code counting}: see the class comment. */
    @Param({"none"})
    public String listeners;

    private SessionManager<SessionData> manager;
    private final Counting counting = new Counting();
    private String cookieHeader;
    private long counter;

    /** Creates the store and one session, as a first visit would, and keeps its cookie. */
    @Setup
    public void setUp() {
        SessionConfig.Builder<SessionData> config = SessionConfig.builder()
                .store(CaffeineSessionStore.create())
                .secret(Fixtures.SECRET);
        if (listeners.equals("counting")) {
            config.listener(counting);
        } else if (!listeners.equals("none")) {
            throw new IllegalArgumentException("listeners: none or counting, not " + listeners);
        }
        manager = SessionManager.create(config.build());
        InMemoryExchange first = new InMemoryExchange();
        SessionContext<SessionData> context = manager.open(first);
        try {
            Session<SessionData> session = context.session();
            session.data().put("user", "alice");
            session.data().put("views", 0L);
            session.save();
            context.commit();
        } finally {
            context.end(false);
        }
        String setCookie = first.setCookie();
        cookieHeader = Fixtures.OTHER_COOKIES + "; " + setCookie.substring(0, setCookie.indexOf(';'));
    }

    /**
     * A request without a session: the same exchange and handler, the counter read from a field.
     *
     * @return the page
     */
    @Benchmark
    public String noSession() {
        InMemoryExchange exchange = new InMemoryExchange().cookie(cookieHeader);
        return page(exchange, counter);
    }

    /**
     * A request that reads its session: one {@code getAndTouch} on the store, no write, no {@code Set-Cookie}.
     *
     * @return the page
     */
    @Benchmark
    public String readOnly() {
        InMemoryExchange exchange = new InMemoryExchange().cookie(cookieHeader);
        SessionContext<SessionData> context = manager.open(exchange);
        try {
            Session<SessionData> session = context.session();
            String page = page(exchange, session.data().getLong("views").orElse(0));
            context.commit();
            return page;
        } finally {
            context.end(false);
        }
    }

    /**
     * A request that increments a counter in its session and saves it: {@code getAndTouch}, then a
     * {@code set(IF_PRESENT)} of the re-encoded record.
     *
     * @return the page
     */
    @Benchmark
    public String readWrite() {
        InMemoryExchange exchange = new InMemoryExchange().cookie(cookieHeader);
        SessionContext<SessionData> context = manager.open(exchange);
        try {
            Session<SessionData> session = context.session();
            long views = session.data().getLong("views").orElse(0) + 1;
            session.data().put("views", views);
            session.save();
            String page = page(exchange, views);
            context.commit();
            return page;
        } finally {
            context.end(false);
        }
    }

    /** The handler's own work: the same for every variant. */
    private static String page(InMemoryExchange exchange, long views) {
        return exchange.isSecure() ? "views " + views + " (https)" : "views " + views;
    }

    /** A listener as cheap as a metrics listener can be: it counts. */
    static final class Counting implements SessionListener {
        long events;
        long calls;

        @Override
        public void onEvent(SessionEvent event) {
            events++;
        }

        @Override
        public void onStoreCall(StoreCall call) {
            calls++;
        }
    }

    /** For the smoke test: the listener of {@code listeners=counting}. */
    Counting counting() {
        return counting;
    }

    /** For the smoke test: the cookie header of the session. */
    String cookieHeader() {
        return cookieHeader;
    }
}
