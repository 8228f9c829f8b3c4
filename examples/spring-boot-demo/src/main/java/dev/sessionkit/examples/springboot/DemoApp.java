package dev.sessionkit.examples.springboot;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The SessionKit Spring Boot demo: {@code sessionkit-spring-boot-starter} and nothing else of SessionKit's wiring.
 * Spring Security's form login (users from {@code demo.users.*}), a visit counter in the session, "your sessions"
 * with "log out other sessions", and Spring Security's logout. No {@code JSESSIONID}: {@code request.getSession()}
 * is the SessionKit session, in memory by default and in Redis when {@code sessionkit.redis.url} is set.
 *
 * <p>Environment: {@code PORT} (default 8083); {@code SESSION_SECRET} (in memory, a random one per run by default;
 * required with Redis); {@code REDIS_URL} (or {@code SESSIONKIT_REDIS_URL}), for example
 * {@code redis://127.0.0.1:6379}, keeps the sessions in Redis. See {@link DemoEnvironment}.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class DemoApp {

    /**
     * Starts the demo.
     *
     * @param args Spring Boot's command-line arguments ({@code --sessionkit.secret=…} and the like)
     */
    public static void main(String[] args) {
        application(System.getenv()).run(args);
    }

    /**
     * The demo's application, reading {@code SESSION_SECRET} and {@code REDIS_URL} from {@code environment} (the
     * tests give their own).
     *
     * @param environment the process environment, or a test's stand-in
     * @return the application, to run
     */
    static SpringApplication application(Map<String, String> environment) {
        SpringApplication application = new SpringApplication(DemoApp.class);
        application.addInitializers(new DemoEnvironment(environment));
        return application;
    }
}
