package dev.sessionkit.examples.springboot;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The demo's two environment variables, turned into the starter's properties before the auto-configuration looks:
 * <ul>
 *   <li>{@code REDIS_URL}, when set and not blank, becomes {@code sessionkit.redis.url} (the starter keeps the
 *       sessions in Redis then). Not {@code sessionkit.redis.url=${REDIS_URL:}} in {@code application.properties}:
 *       the starter takes a blank value as set. {@code SESSIONKIT_REDIS_URL} works too, by Spring's relaxed
 *       binding;</li>
 *   <li>{@code SESSION_SECRET} becomes {@code sessionkit.secret}. Without either, in memory, the demo signs with a
 *       random secret made for the run and says so (the sessions end with the process anyway); with Redis it refuses
 *       to start, as sessions kept there need a secret that outlives the process.</li>
 * </ul>
 * Properties set another way ({@code --sessionkit.secret=…}, {@code SESSIONKIT_SECRET}) win: these are added last.
 */
final class DemoEnvironment implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final Logger LOG = LoggerFactory.getLogger(DemoEnvironment.class);
    static final String SECRET = "sessionkit.secret";
    static final String REDIS = "sessionkit.redis.url";

    private final Map<String, String> variables;

    DemoEnvironment(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        Map<String, Object> properties = new LinkedHashMap<>();
        String redisUrl = variables.get("REDIS_URL");
        if (!isSet(environment, REDIS) && redisUrl != null && !redisUrl.isBlank()) {
            properties.put(REDIS, redisUrl.strip());
        }
        boolean redis = isSet(environment, REDIS) || properties.containsKey(REDIS);
        if (!isSet(environment, SECRET)) {
            String secret = variables.get("SESSION_SECRET");
            if (secret != null && !secret.isBlank()) {
                properties.put(SECRET, secret);
            } else if (redis) {
                throw new IllegalStateException("Sessions are kept in Redis but SESSION_SECRET is not set: sessions "
                        + "kept there need a secret that stays the same across restarts and instances. Set one, for "
                        + "example: export SESSION_SECRET=\"$(openssl rand -base64 48)\"");
            } else {
                properties.put(SECRET, randomSecret());
                LOG.warn("SESSION_SECRET is not set: signing cookies with a random secret made for this run, so "
                        + "sessions end when the demo stops (as the in-memory store's do). To keep them, set one: "
                        + "export SESSION_SECRET=\"$(openssl rand -base64 48)\"");
            }
        }
        environment.getPropertySources().addLast(new MapPropertySource("demoEnvironment", properties));
    }

    private static boolean isSet(ConfigurableEnvironment environment, String key) {
        String value = environment.getProperty(key);
        return value != null && !value.isBlank();
    }

    /** 48 random bytes in base64, for this run only. */
    private static String randomSecret() {
        byte[] bytes = new byte[48];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
