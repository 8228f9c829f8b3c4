package dev.sessionkit.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkit.SessionConfig;
import dev.sessionkit.event.SessionListener;
import dev.sessionkit.metrics.micrometer.SessionMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.ApplicationContext;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Micrometer metrics, registered by the adapter when a MeterRegistry bean is there, after real requests. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MetricsTest {

    private static final String S = "a secret of at least thirty-two characters";

    @Test
    void withAMeterRegistry_countersAndTimersFollowRealRequests() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TestServer server = TestServer.start("reference", Map.of("sessionkit.secret", S), registry)) {
            HttpResponse<String> first = server.get("/views");
            String cookie = TestServer.cookieOf(first);
            assertThat(server.get("/views", cookie).body()).isEqualTo("2");
            assertThat(server.get("/views", cookie).body()).isEqualTo("3");
            assertThat(server.get("/logout", cookie).statusCode()).isEqualTo(200);

            assertThat(registry.get(SessionMetrics.EVENTS).tag("event", "created").counter().count()).isEqualTo(1);
            assertThat(registry.get(SessionMetrics.EVENTS).tag("event", "loaded").counter().count()).isEqualTo(3);
            assertThat(registry.get(SessionMetrics.EVENTS).tag("event", "saved").counter().count()).isEqualTo(2);
            assertThat(registry.get(SessionMetrics.EVENTS).tag("event", "destroyed").counter().count())
                    .isEqualTo(1);
            assertThat(registry.get(SessionMetrics.STORE_CALLS).tag("operation", "get.and.touch")
                    .tag("outcome", "success").timer().count()).isEqualTo(3);
            assertThat(registry.get(SessionMetrics.STORE_CALLS).tag("operation", "replace")
                    .tag("outcome", "success").timer().count()).isEqualTo(2);
            // The default store (Caffeine) counts cheaply: the one session was destroyed.
            assertThat(registry.get(SessionMetrics.ACTIVE).gauge().value()).isZero();
        }
    }

    @Test
    void withoutARegistry_orSwitchedOff_noMetricsListener() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("sessionkit.secret", S))) {
            assertThat(context.getBeansOfType(SessionListener.class)).isEmpty();
        }
        try (ApplicationContext context = ApplicationContext.builder()
                .properties(Map.of("sessionkit.secret", S, "sessionkit.metrics.enabled", "false"))
                .singletons(new SimpleMeterRegistry()).start()) {
            assertThat(context.getBeansOfType(SessionListener.class)).isEmpty();
            assertThat(context.getBean(SessionConfig.class)).isNotNull();
            assertThat(context.getBean(MeterRegistry.class).find(SessionMetrics.EVENTS).counters()).isEmpty();
        }
    }
}
