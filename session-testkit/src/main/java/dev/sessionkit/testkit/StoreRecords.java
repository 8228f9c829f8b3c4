package dev.sessionkit.testkit;

import dev.sessionkit.store.SessionRecord;
import java.time.Clock;
import java.time.Duration;

/** The records the store contracts write: express-session's shape, with data the test names. */
final class StoreRecords {

    private static final String COOKIE = "{\"originalMaxAge\":null,\"expires\":null,\"httpOnly\":true,\"path\":\"/\"}";

    private StoreRecords() {
    }

    /** A record's JSON with the given data members, such as {@code "\"v\":1"}. */
    static String json(String data) {
        return "{\"cookie\":" + COOKIE + "," + data + "}";
    }

    static SessionRecord expiringIn(Clock clock, String json, Duration duration) {
        return SessionRecord.of(json, clock.instant().plus(duration));
    }

    static SessionRecord browserSession(String json) {
        return SessionRecord.of(json, null);
    }
}
