package dev.sessionkit.spring;

import dev.sessionkit.Session;
import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionData;
import dev.sessionkit.servlet.SessionFilter;
import dev.sessionkit.servlet.Sessions;
import dev.sessionkit.store.SessionStore;
import dev.sessionkit.store.redis.RedisSessionStore;
import dev.sessionkit.testkit.RecordingSessionStore;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.util.EnumSet;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot application with Spring Security's form login, as a team has it, with SessionKit's filter in front:
 * sessions in Redis ({@code test.redis}), Spring Security's objects through {@link SecurityAttributeCodec}.
 */
@SpringBootApplication(proxyBeanMethods = false)
class SecurityApp {

    static final String SECRET = "spring security test secret, 32+ characters";

    @Bean
    SessionStore sessionStore(@Value("${test.redis}") String redis) {
        return RecordingSessionStore.wrap(RedisSessionStore.builder(redis).build()); // counts the round trips
    }

    @Bean
    FilterRegistrationBean<SessionFilter> sessionFilter(SessionStore store) {
        SessionConfig<SessionData> config = SessionConfig.builder().store(store).secret(SECRET).build();
        FilterRegistrationBean<SessionFilter> registration = new FilterRegistrationBean<>(
                new SessionFilter(config).attributeCodec(SecurityAttributeCodec.create()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10); // before Spring Security's chain, which is at -100
        registration.setDispatcherTypes(EnumSet.allOf(DispatcherType.class));
        return registration;
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        SavedRequestAwareAuthenticationSuccessHandler success = new SavedRequestAwareAuthenticationSuccessHandler() {
            @Override
            public void onAuthenticationSuccess(HttpServletRequest request,
                                                jakarta.servlet.http.HttpServletResponse response,
                                                Authentication authentication)
                    throws java.io.IOException, jakarta.servlet.ServletException {
                Session<SessionData> session = Sessions.of(request);
                session.principal(authentication.getName()); // "your sessions" and "log out other sessions"
                session.markAuthenticated();
                super.onAuthenticationSuccess(request, response, authentication);
            }
        };
        http.authorizeHttpRequests(requests -> requests.requestMatchers("/public").permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form.successHandler(success))
                .logout(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("ada").password("{noop}ada's password").roles("USER").build(),
                User.withUsername("bob").password("{noop}bob's password").roles("USER").build());
    }

    @RestController
    static class Pages {

        @GetMapping("/me")
        String me(Authentication authentication) {
            return authentication.getName();
        }

        @GetMapping("/public")
        String open() {
            return "public";
        }

        @GetMapping("/csrf")
        String csrf(CsrfToken token) {
            return token.getToken();
        }

        @GetMapping("/remember")
        String remember(jakarta.servlet.http.HttpSession session, @org.springframework.web.bind.annotation.RequestParam
                String theme) {
            session.setAttribute("theme", theme);
            return theme;
        }

        @PostMapping("/action")
        String action() {
            return "done";
        }

        @PostMapping("/logout-others")
        String logoutOthers(HttpServletRequest request) {
            return Integer.toString(Sessions.of(request).endOtherSessions());
        }
    }
}
