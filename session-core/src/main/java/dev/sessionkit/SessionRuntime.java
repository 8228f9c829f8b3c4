package dev.sessionkit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every request of one {@link SessionConfig} shares: the configuration, the record codec and the signed
 * cookie, and the reads of a stored session that go with them. Built once by {@link SessionManager}. Immutable and
 * thread-safe.
 */
record SessionRuntime<T>(SessionConfig<T> config, RecordCodec<T> codec, SignedCookie cookie) {

    private static final Logger LOG = LoggerFactory.getLogger(SessionRuntime.class);

    static <T> SessionRuntime<T> of(SessionConfig<T> config) {
        boolean plain = config.defaultObjectMapper && config.data.javaType().getRawClass() == SessionData.class;
        return new SessionRuntime<>(config, new RecordCodec<>(config.objectMapper(), config.data.javaType(), plain),
                new SignedCookie(config.name(), CookieSigner.of(config.secrets)));
    }

    SessionStore store() {
        return config.store();
    }

    Instant now() {
        return config.clock().instant();
    }

    /**
     * Loads the session a valid cookie names: reads it, touching it as the configuration assumes (one round trip),
     * then deletes it if it has expired, or corrects the touch if its own lifetime differs ({@link Lifetime}).
     *
     * @return the live record, or {@code null} when there is none, it is unreadable or it has expired
     */
    RecordReader.Decoded<T> load(String id) {
        Instant now = now();
        Lifetime.Touch assumed = Lifetime.assumed(config, now);
        Optional<String> json = assumed.extend() ? store().getAndTouch(id, assumed.expiresAt()) : store().get(id);
        RecordReader.Decoded<T> record = live(id, codec.read(json), now);
        if (record != null) {
            Lifetime.Touch correction = Lifetime.correction(assumed, Lifetime.own(record, config, now));
            if (correction != null) {
                store().touch(id, SessionRecord.of(json.orElseThrow(), correction.expiresAt()));
            }
        }
        return record;
    }

    /** Reads a session again, without a touch; {@code null} when it is gone, unreadable or expired. */
    RecordReader.Decoded<T> read(String id) {
        return live(id, codec.read(store().get(id)), now());
    }

    /** The record, unless it is over: it is then deleted, so that no store ever serves it again. */
    private RecordReader.Decoded<T> live(String id, RecordReader.Decoded<T> record, Instant now) {
        if (record != null && Lifetime.expired(record, config, now)) {
            LOG.debug("stored session has expired; deleting it and starting a new session");
            store().destroy(id);
            return null;
        }
        return record;
    }

    /** Refuses a record over the configured maximum size, before anything is written. */
    void checkSize(String json) {
        int limit = config.maxRecordSize();
        // A record's characters take 1 to 3 UTF-8 bytes (4 for a surrogate pair, 2 chars): count only when it matters.
        if (json.length() * 3L > limit) {
            int bytes = json.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > limit) {
                throw new SessionException("the session record is " + bytes + " bytes, over maxRecordSize ("
                        + limit + " bytes): nothing was written; keep large data elsewhere and a key to it in the "
                        + "session, or raise maxRecordSize");
            }
        }
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
