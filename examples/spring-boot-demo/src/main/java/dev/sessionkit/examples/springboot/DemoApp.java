package dev.sessionkit.examples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The SessionKit Spring Boot demo: the Servlet filter registered as a bean, options from
 * {@code application.properties} ({@code sessionkit.*}), the in-memory Caffeine store, and a controller that takes a
 * {@code Session} parameter.
 *
 * <p>Environment: {@code PORT} (default 8083), {@code SESSION_SECRET} (a random one per run by default).
 */
@SpringBootApplication
public class DemoApp {

    /**
     * Starts the demo.
     *
     * @param args Spring Boot's command-line arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(DemoApp.class, args);
    }
}
