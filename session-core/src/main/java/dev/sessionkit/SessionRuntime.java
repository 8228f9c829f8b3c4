package dev.sessionkit;

import java.time.Instant;

/**
 * What every request of one {@link SessionConfig} shares: the configuration, the record codec and the signed
 * cookie. Built once by {@link SessionManager}. Immutable and thread-safe.
 */
record SessionRuntime<T>(SessionConfig<T> config, RecordCodec<T> codec, SignedCookie cookie) {

    static <T> SessionRuntime<T> of(SessionConfig<T> config) {
        return new SessionRuntime<>(config, new RecordCodec<>(config.objectMapper(), config.data.javaType()),
                new SignedCookie(config.name(), CookieSigner.of(config.secrets)));
    }

    SessionStore store() {
        return config.store();
    }

    Instant now() {
        return config.clock().instant();
    }

    /** A new id from the configured generator, which must give a non-empty one. */
    String newId() {
        String id = config.genid.get();
        if (id == null || id.isEmpty()) {
            throw new IllegalStateException("genid returned " + (id == null ? "null" : "an empty string")
                    + ": it must return a new, unguessable, non-empty id on every call");
        }
        return id;
    }

    T newData() {
        return config.data.newData();
    }
}
