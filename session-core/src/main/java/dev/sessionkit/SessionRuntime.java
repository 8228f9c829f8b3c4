package dev.sessionkit;

import dev.sessionkit.event.SessionEvent;
import dev.sessionkit.event.StoreOperation;
import dev.sessionkit.store.SessionRecord;
import dev.sessionkit.store.SessionStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every request of one {@link SessionConfig} shares: the configuration, the record codec, the signed cookie,
 * the store as the requests call it (observed when there are listeners) and the listeners' events, and the reads of
 * a stored session that go with them. Built once by {@link SessionManager}. Immutable and thread-safe.
 */
record SessionRuntime<T>(SessionConfig<T> config, RecordCodec<T> codec, SignedCookie cookie, SessionStore store,
                         SessionEvents events) {

    private static final Logger LOG = LoggerFactory.getLogger(SessionRuntime.class);

    static <T> SessionRuntime<T> of(SessionConfig<T> config) {
        boolean plain = config.defaultObjectMapper && config.data.javaType().getRawClass() == SessionData.class;
        SessionEvents events = new SessionEvents(config.listeners);
        SessionStore store = events.enabled() ? new ObservedStore(config.store(), events) : config.store();
        events.bind(config.store());
        return new SessionRuntime<>(config, new RecordCodec<>(config.objectMapper(), config.data.javaType(), plain),
                new SignedCookie(config.name(), CookieSigner.of(config.secrets), config.idCookie(),
                        config.idHeader().orElse(null)), store, events);
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
    DecodedRecord<T> load(String id) {
        Instant now = now();
        Lifetime.Touch assumed = Lifetime.assumed(config, now);
        long start = events.start();
        StoreOperation operation = assumed.extend() ? StoreOperation.GET_AND_TOUCH : StoreOperation.GET;
        Optional<String> json = assumed.extend() ? store.getAndTouch(id, assumed.expiresAt()) : store.get(id);
        DecodedRecord<T> record = live(id, json, now, operation, start);
        if (record != null) {
            events.emit(SessionEvent.Type.LOADED, id, principalOf(record), operation, start);
            Lifetime.Touch correction = Lifetime.correction(assumed, Lifetime.own(record, config, now));
            if (correction != null) {
                store.touch(id, SessionRecord.of(json.orElseThrow(), correction.expiresAt()));
            }
        }
        return record;
    }

    /** Reads a session again, without a touch; {@code null} when it is gone, unreadable or expired. */
    DecodedRecord<T> read(String id) {
        long start = events.start();
        return live(id, store.get(id), now(), StoreOperation.GET, start);
    }

    /**
     * The record read, unless it is unreadable, over {@code maxRecordSize} (another writer grew it: every save of it
     * would be refused, so it is no session here rather than a failing one; it is left for its writer) or over: an
     * expired one is deleted, so that no store ever serves it again.
     */
    private DecodedRecord<T> live(String id, Optional<String> json, Instant now, StoreOperation operation,
                                         long start) {
        int oversized = json.isPresent() ? bytesOver(json.get()) : 0;
        if (oversized > 0) {
            LOG.warn("stored session is {} bytes, over maxRecordSize ({} bytes), written by another service; starting "
                    + "a new session", oversized, config.maxRecordSize());
            events.emit(SessionEvent.Type.UNREADABLE, id, null, operation, start);
            return null;
        }
        DecodedRecord<T> record = codec.read(json);
        if (record == null) {
            if (json.isPresent()) {
                events.emit(SessionEvent.Type.UNREADABLE, id, null, operation, start);
            }
            return null;
        }
        if (Lifetime.expired(record, config, now)) {
            LOG.debug("stored session has expired; deleting it and starting a new session");
            store.destroy(id);
            events.emit(SessionEvent.Type.EXPIRED, id, principalOf(record), operation, start);
            return null;
        }
        return record;
    }

    private static String principalOf(DecodedRecord<?> record) {
        return record.meta() == null ? null : record.meta().principal();
    }

    /** The record's size in UTF-8 bytes when it is over {@code maxRecordSize}, else 0. */
    private int bytesOver(String json) {
        int limit = config.maxRecordSize();
        // A record's characters take 1 to 3 UTF-8 bytes (4 for a surrogate pair, 2 chars): count only when it matters.
        if (json.length() * 3L <= limit) {
            return 0;
        }
        int bytes = json.getBytes(StandardCharsets.UTF_8).length;
        return bytes > limit ? bytes : 0;
    }

    /** Refuses a record over the configured maximum size, before anything is written. */
    void checkSize(String json) {
        int limit = config.maxRecordSize();
        int bytes = bytesOver(json);
        if (bytes > 0) {
            throw new SessionException("the session record is " + bytes + " bytes, over maxRecordSize (" + limit
                    + " bytes): nothing was written; keep large data elsewhere and a key to it in the session, or "
                    + "raise maxRecordSize");
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
