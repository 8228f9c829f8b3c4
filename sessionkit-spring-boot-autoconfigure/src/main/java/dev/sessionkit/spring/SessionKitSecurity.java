package dev.sessionkit.spring;

import dev.sessionkit.SessionData;
import dev.sessionkit.SessionManager;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.util.ClassUtils;

/**
 * Spring Security, when the application has it: the login becomes the session's principal (so "your sessions" and
 * "log out other sessions" work with no code), marked as a fresh authentication, and a {@link SessionRegistry} on the
 * store's principal index, so that {@code maximumSessions(n)} counts the sessions of every instance.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(SecurityContext.class)
class SessionKitSecurity {

    /** Whether Spring Security's Jackson 3 support is there, for {@link SecurityAttributeCodec}. */
    static boolean codecPresent(ClassLoader loader) {
        return ClassUtils.isPresent("org.springframework.security.jackson.SecurityJacksonModules", loader)
                && ClassUtils.isPresent("tools.jackson.databind.json.JsonMapper", loader);
    }

    @Bean
    LoginPrincipalListener sessionKitLoginPrincipal() {
        return new LoginPrincipalListener();
    }

    @Bean
    @ConditionalOnMissingBean(SessionRegistry.class)
    SessionRegistry sessionKitSessionRegistry(SessionManager<SessionData> manager) {
        return new PrincipalIndexSessionRegistry(manager);
    }
}
