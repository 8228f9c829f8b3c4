package dev.sessionkit.springtest;

import dev.sessionkit.servlet.Sessions;
import dev.sessionkit.store.SessionStore;
import dev.sessionkit.store.redis.RedisSessionStore;
import dev.sessionkit.testkit.RecordingSessionStore;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot application with Spring Security's form login, as a team has it, and SessionKit by its
 * auto-configuration alone: {@code sessionkit.secret}, and its own store bean (Redis at {@code test.redis}, wrapped to
 * count the round trips; {@code test.counting-store=false} leaves the store to the auto-configuration).
 * {@code test.max-sessions} sets Spring Security's {@code maximumSessions}, and
 * {@code test.prevent-login} its {@code maxSessionsPreventsLogin}.
 */
@SpringBootApplication(proxyBeanMethods = false)
class SecurityApp {

    static final String SECRET = "spring security test secret of 32+ characters";

    @Bean
    @ConditionalOnProperty(name = "test.counting-store", havingValue = "true", matchIfMissing = true)
    SessionStore sessionStore(@Value("${test.redis}") String redis) {
        return RecordingSessionStore.wrap(RedisSessionStore.builder(redis).build()); // counts the round trips
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http, @Value("${test.max-sessions:0}") int maxSessions,
                                 @Value("${test.prevent-login:false}") boolean preventLogin) throws Exception {
        http.authorizeHttpRequests(requests -> requests.requestMatchers("/public").permitAll()
                        .anyRequest().authenticated())
                .formLogin(Customizer.withDefaults())
                .logout(Customizer.withDefaults());
        if (maxSessions > 0) {
            http.sessionManagement(sessions -> sessions.maximumSessions(maxSessions)
                    .maxSessionsPreventsLogin(preventLogin));
        }
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
