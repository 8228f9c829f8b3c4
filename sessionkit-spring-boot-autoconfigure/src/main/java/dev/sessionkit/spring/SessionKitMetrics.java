package dev.sessionkit.spring;

import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionData;
import dev.sessionkit.metrics.micrometer.SessionMetrics;
import dev.sessionkit.store.SessionStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.BeanFactory;

/** Micrometer metrics when the application has a {@code MeterRegistry}; loaded only when Micrometer is present. */
final class SessionKitMetrics {

    private SessionKitMetrics() {
    }

    static void register(SessionConfig.Builder<SessionData> builder, SessionStore store, BeanFactory beans) {
        MeterRegistry registry = beans.getBeanProvider(MeterRegistry.class).getIfUnique();
        if (registry == null) {
            return;
        }
        SessionMetrics metrics = SessionMetrics.create(registry);
        metrics.bind(store);
        builder.listener(metrics);
    }
}
