package dev.sessionkit.interop;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * What a test reads in the store that the two sides share, whichever it is (Redis with connect-redis's keys,
 * PostgreSQL with connect-pg-simple's table): a session's record, whether it is there, and how long it is kept.
 */
interface StoreView extends AutoCloseable {

    /** The session's record, parsed; fails when there is none. */
    JsonNode record(SignedCookie cookie);

    /** Whether the store holds a record for the session (expired or not). */
    boolean exists(SignedCookie cookie);

    /** The whole seconds left until the store lets the session go, as seen now. */
    long secondsLeft(SignedCookie cookie);

    /**
     * Asserts that the store keeps the session until {@code expires} (its record's {@code cookie.expires}), as the
     * Node store computes it: right after a save by either side.
     */
    void assertExpiryFollows(SignedCookie cookie, Instant expires);

    @Override
    void close();
}
