package dev.sessionkit.metrics.micrometer;

import dev.sessionkit.event.SessionEvent;
import dev.sessionkit.event.SessionListener;
import dev.sessionkit.event.StoreCall;
import dev.sessionkit.event.StoreOperation;
import dev.sessionkit.store.SessionEnumeration;
import dev.sessionkit.store.SessionStore;
import dev.sessionkit.store.SessionStoreException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SessionKit's sessions as Micrometer meters: a {@link SessionListener} that counts session events, times every
 * store call and, when the store can count cheaply, gauges its sessions.
 *
 * <pre>{@code
 * SessionConfig.builder()
 *         .store(store).secret(secret)
 *         .listener(SessionMetrics.create(registry))
 *         .build();
 * }</pre>
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>Name</th><th>Type</th><th>Tags</th></tr>
 *   <tr><td>{@value #EVENTS}</td><td>counter</td><td>{@code event}: {@code created}, {@code loaded},
 *       {@code saved}, {@code regenerated}, {@code destroyed}, {@code expired}, {@code unreadable},
 *       {@code store.failure}, {@code conflict}</td></tr>
 *   <tr><td>{@value #STORE_CALLS}</td><td>timer</td><td>{@code operation} ({@link StoreOperation#tag()}:
 *       {@code get.and.touch}, {@code set}, {@code replace}, …), {@code outcome} ({@code success},
 *       {@code failure} for a {@link SessionStoreException}, {@code error} for any other exception),
 *       {@code exception} (the exception's simple class name, or {@code none})</td></tr>
 *   <tr><td>{@value #ACTIVE}</td><td>gauge</td><td>none; only for a store whose
 *       {@link SessionEnumeration#estimatedSize()} answers (Caffeine: yes; Redis: no)</td></tr>
 * </table>
 *
 * <p>Every meter also carries the common tags given to {@link #create(MeterRegistry, Iterable)}, to tell several
 * session configurations of one application apart. Meters are registered as they are first needed, except the
 * gauge, registered when a manager is built. Thread-safe.
 */
public final class SessionMetrics implements SessionListener {

    /** The counter of session events. */
    public static final String EVENTS = "sessionkit.session.events";
    /** The timer of store calls. */
    public static final String STORE_CALLS = "sessionkit.store.calls";
    /** The gauge of the sessions a store holds. */
    public static final String ACTIVE = "sessionkit.sessions.active";

    private final MeterRegistry registry;
    private final Tags tags;
    private final Map<SessionEvent.Type, Counter> events = new EnumMap<>(SessionEvent.Type.class);
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    private SessionMetrics(MeterRegistry registry, Tags tags) {
        this.registry = registry;
        this.tags = tags;
        for (SessionEvent.Type type : SessionEvent.Type.values()) {
            events.put(type, Counter.builder(EVENTS)
                    .description("Session events: sessions created, loaded, saved, regenerated, destroyed, expired, "
                            + "unreadable, store failures and write conflicts")
                    .tags(tags).tag("event", tagOf(type))
                    .register(registry));
        }
    }

    /**
     * Returns a listener that records into {@code registry}.
     *
     * @param registry the registry
     * @return the listener
     */
    public static SessionMetrics create(MeterRegistry registry) {
        return create(registry, Tags.empty());
    }

    /**
     * Returns a listener that records into {@code registry}, every meter with {@code tags}.
     *
     * @param registry the registry
     * @param tags common tags, for example {@code Tags.of("sessions", "admin")}
     * @return the listener
     */
    public static SessionMetrics create(MeterRegistry registry, Iterable<Tag> tags) {
        return new SessionMetrics(Objects.requireNonNull(registry, "registry"), Tags.of(tags));
    }

    /** Registers {@value #ACTIVE} when the store can count cheaply; the gauge does not keep the store alive. */
    @Override
    public void bind(SessionStore store) {
        if (estimatedSize(store).isPresent()) {
            Gauge.builder(ACTIVE, store, s -> estimatedSize(s).orElse(0))
                    .description("Sessions in the store, as it estimates them (may include expired ones not yet "
                            + "evicted)")
                    .baseUnit("sessions")
                    .tags(tags)
                    .strongReference(false)
                    .register(registry);
        }
    }

    private static OptionalLong estimatedSize(SessionStore store) {
        return store.facets().enumeration().map(SessionEnumeration::estimatedSize).orElse(OptionalLong.empty());
    }

    @Override
    public void onEvent(SessionEvent event) {
        events.get(event.type()).increment();
    }

    @Override
    public void onStoreCall(StoreCall call) {
        RuntimeException failure = call.failure();
        TimerKey key = new TimerKey(call.operation(), failure == null ? null : failure.getClass());
        timers.computeIfAbsent(key, this::timer).record(call.duration());
    }

    private Timer timer(TimerKey key) {
        Class<?> exception = key.exception();
        String outcome = exception == null ? "success"
                : SessionStoreException.class.isAssignableFrom(exception) ? "failure" : "error";
        return Timer.builder(STORE_CALLS)
                .description("Calls to the session store, by operation and outcome")
                .tags(tags)
                .tag("operation", key.operation().tag())
                .tag("outcome", outcome)
                .tag("exception", exception == null ? "none" : exception.getSimpleName())
                .register(registry);
    }

    private static String tagOf(SessionEvent.Type type) {
        return type.name().toLowerCase(Locale.ROOT).replace('_', '.');
    }

    private record TimerKey(StoreOperation operation, Class<?> exception) {
    }

    @Override
    public String toString() {
        return "SessionMetrics{" + tags + '}';
    }
}
