package dev.sessionkit.spring;

import dev.sessionkit.SessionData;
import dev.sessionkit.SessionManager;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@code sessionkit} Actuator endpoint, when Actuator is present and the endpoint available (exposed). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
class SessionKitActuator {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    SessionKitEndpoint sessionKitEndpoint(SessionManager<SessionData> manager) {
        return new SessionKitEndpoint(manager);
    }
}
