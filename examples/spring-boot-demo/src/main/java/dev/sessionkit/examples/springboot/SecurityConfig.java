package dev.sessionkit.examples.springboot;

import dev.sessionkit.servlet.Sessions;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;

/**
 * Spring Security as an application has it, nothing SessionKit-specific: form login on the demo's own page, every
 * other page behind it, logout. The starter makes the login the session's principal (for "your sessions"); the
 * success handler only labels the session with the browser's name.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    /** The product token of the browser, such as {@code Firefox/128} or {@code HeadlessChrome/131.0.0.0}. */
    private static final Pattern BROWSER = Pattern.compile("(Firefox|Edg|OPR|HeadlessChrome|Chrome|Safari)/(\\d+)");

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        AuthenticationSuccessHandler savedRequest = new SavedRequestAwareAuthenticationSuccessHandler();
        http.authorizeHttpRequests(requests -> requests.requestMatchers("/login", "/error").permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login").successHandler((request, response, authentication) -> {
                    Sessions.of(request).label(label(request.getHeader("User-Agent")));
                    savedRequest.onAuthenticationSuccess(request, response, authentication);
                }))
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"));
        return http.build();
    }

    /**
     * The demo's users, from {@code demo.users.<name>=<password>} (application.properties lists two), their
     * passwords hashed at start-up. A real application keeps only hashes, in its database.
     */
    @Bean
    UserDetailsService users(Environment environment) {
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new InMemoryUserDetailsManager(demoUsers(environment).entrySet().stream()
                .map(user -> User.withUsername(user.getKey()).password(encoder.encode(user.getValue()))
                        .roles("USER").build())
                .toArray(UserDetails[]::new));
    }

    /** A short name for the session's browser: "Firefox 128", "HeadlessChrome 131"; "a browser" otherwise. */
    static String label(String userAgent) {
        Matcher browser = BROWSER.matcher(userAgent == null ? "" : userAgent);
        return browser.find() ? browser.group(1).replace("Edg", "Edge").replace("OPR", "Opera") + " "
                + browser.group(2) : "a browser";
    }

    /** The {@code demo.users.*} properties: name to password. */
    static Map<String, String> demoUsers(Environment environment) {
        return Binder.get(environment).bind("demo.users", Bindable.mapOf(String.class, String.class))
                .orElse(Map.of());
    }
}
