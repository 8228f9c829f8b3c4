package dev.sessionkit.micronaut;

import dev.sessionkit.event.SessionListener;
import dev.sessionkit.metrics.micrometer.SessionMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * SessionKit's Micrometer metrics ({@link SessionMetrics}) for an application that has
 * {@code dev.sessionkit:session-metrics-micrometer} and a {@link MeterRegistry} bean (as micronaut-micrometer
 * provides): a {@link SessionListener} bean, which the adapter's configuration registers like any other.
 * {@code sessionkit.metrics.enabled=false} turns it off.
 */
@Factory
@Requires(property = SessionKitFactory.ENABLED, notEquals = "false")
@Requires(classes = {SessionMetrics.class, MeterRegistry.class})
final class MetricsFactory {

    /** The property that turns the metrics off; on by default when the module and a registry are there. */
    static final String METRICS_ENABLED = "sessionkit.metrics.enabled";

    @Singleton
    @Requires(beans = MeterRegistry.class)
    @Requires(property = METRICS_ENABLED, notEquals = "false")
    SessionListener sessionMetrics(MeterRegistry registry) {
        return SessionMetrics.create(registry);
    }
}
