package dev.sessionkit.spring;

import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionData;

/**
 * Changes the session configuration the auto-configuration builds, after the {@code sessionkit.*} properties are
 * applied: a bean of this type for what properties cannot say (a {@code Clock}, a session id generator, an
 * {@code ObjectMapper}).
 */
@FunctionalInterface
public interface SessionConfigCustomizer {

    /**
     * Changes the builder.
     *
     * @param builder the configuration being built, its store and options set
     */
    void customize(SessionConfig.Builder<SessionData> builder);
}
