package dev.sessionkit.metrics.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkit.Session;
import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionContext;
import dev.sessionkit.SessionData;
import dev.sessionkit.SessionManager;
import dev.sessionkit.store.SessionRecord;
import dev.sessionkit.store.SessionStore;
import dev.sessionkit.store.SessionStoreException;
import dev.sessionkit.store.caffeine.CaffeineSessionStore;
import dev.sessionkit.testkit.InMemoryExchange;
import dev.sessionkit.testkit.InMemorySessionStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The meters after requests run through a manager as an adapter runs them. */
class SessionMetricsTest {

    private static final String SECRET = "metrics test secret of 32+ characters";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private static String run(SessionManager<SessionData> manager, String cookie,
                              Consumer<Session<SessionData>> handler) {
        InMemoryExchange exchange = new InMemoryExchange();
        if (cookie != null) {
            exchange.cookie(cookie);
        }
        SessionContext<SessionData> context = manager.open(exchange);
        try {
            handler.accept(context.session());
            context.commit();
        } finally {
            context.end(false);
        }
        String setCookie = exchange.setCookie();
        return setCookie == null ? cookie : setCookie.substring(0, setCookie.indexOf(';'));
    }

    private double events(String event) {
        return registry.get(SessionMetrics.EVENTS).tag("event", event).counter().count();
    }

    private Timer storeCalls(String operation, String outcome) {
        return registry.get(SessionMetrics.STORE_CALLS).tag("operation", operation).tag("outcome", outcome).timer();
    }

    @Test
    void countersAndTimers_afterALoginAVisitAndALogout() {
        SessionManager<SessionData> manager = SessionManager.create(SessionConfig.builder()
                .store(CaffeineSessionStore.create()).secret(SECRET)
                .listener(SessionMetrics.create(registry)).build());

        String cookie = run(manager, null, session -> {
            session.data().put("user", "ada");
            session.save();
        });
        cookie = run(manager, cookie, session -> {
            session.data().put("views", 1);
            session.save();
        });
        assertThat(registry.get(SessionMetrics.ACTIVE).gauge().value()).isEqualTo(1.0);
        run(manager, cookie, Session::destroy);

        assertThat(events("created")).isEqualTo(1);
        assertThat(events("loaded")).isEqualTo(2);
        assertThat(events("saved")).isEqualTo(1);
        assertThat(events("destroyed")).isEqualTo(1);
        assertThat(events("expired")).isZero();
        assertThat(events("store.failure")).isZero();
        assertThat(storeCalls("set", "success").count()).isEqualTo(1);
        assertThat(storeCalls("get.and.touch", "success").count()).isEqualTo(2);
        assertThat(storeCalls("replace", "success").count()).isEqualTo(1);
        assertThat(storeCalls("destroy", "success").count()).isEqualTo(1);
        assertThat(storeCalls("replace", "success").totalTime(TimeUnit.NANOSECONDS))
                .isPositive();
        assertThat(registry.get(SessionMetrics.STORE_CALLS).tag("exception", "none").timers()).hasSize(4);
    }

    @Test
    void storeFailures_areCountedAndTimedAsFailures_withTheExceptionsName() {
        SessionStore down = new InMemoryDelegate(InMemorySessionStore.create(Clock.systemUTC())) {
            @Override
            public boolean set(String id, SessionRecord record, SetMode mode) {
                throw new SessionStoreException("down (simulated)");
            }
        };
        SessionManager<SessionData> manager = SessionManager.create(SessionConfig.builder()
                .store(down).secret(SECRET).listener(SessionMetrics.create(registry, Tags.of("app", "shop")))
                .build());

        assertThatThrownBy(() -> run(manager, null, Session::save)).isInstanceOf(SessionStoreException.class);

        assertThat(registry.get(SessionMetrics.EVENTS).tag("event", "store.failure").tag("app", "shop").counter()
                .count()).isEqualTo(1);
        Timer failed = registry.get(SessionMetrics.STORE_CALLS).tag("operation", "set").tag("outcome", "failure")
                .tag("exception", "SessionStoreException").tag("app", "shop").timer();
        assertThat(failed.count()).isEqualTo(1);
        // A store that cannot count cheaply gets no gauge.
        assertThat(registry.find(SessionMetrics.ACTIVE).gauges()).isEmpty();
    }

    @Test
    void gauge_followsTheStoresEstimate() {
        CaffeineSessionStore store = CaffeineSessionStore.create();
        SessionManager<SessionData> manager = SessionManager.create(SessionConfig.builder()
                .store(store).secret(SECRET).listener(SessionMetrics.create(registry)).build());
        Gauge active = registry.get(SessionMetrics.ACTIVE).gauge();
        assertThat(active.value()).isZero();
        for (int i = 0; i < 3; i++) {
            run(manager, null, Session::save);
        }
        assertThat(active.value()).isEqualTo(3.0);
    }

    /** A store that forwards to another, for overriding one method. */
    private static class InMemoryDelegate implements SessionStore {
        private final SessionStore store;

        InMemoryDelegate(SessionStore store) {
            this.store = store;
        }

        @Override
        public Optional<String> get(String id) {
            return store.get(id);
        }

        @Override
        public boolean set(String id, SessionRecord record, SetMode mode) {
            return store.set(id, record, mode);
        }

        @Override
        public Replaced replace(String id, String expected, SessionRecord record) {
            return store.replace(id, expected, record);
        }

        @Override
        public void touch(String id, SessionRecord record) {
            store.touch(id, record);
        }

        @Override
        public void destroy(String id) {
            store.destroy(id);
        }
    }
}
