package dev.sessionkit.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Checks on a stored record: express-session's shape, and an expiry in the store that follows its cookie. */
final class RecordAssertions {

    /** SessionKit's reserved top-level field. */
    static final String META = "__sessionkit";
    private static final String ISO_MILLIS = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

    private RecordAssertions() {
    }

    /**
     * Asserts that the record under {@code key}, written or last saved by SessionKit, is in express-session's shape
     * ({@code cookie} first, its fields in express's order, then SessionKit's reserved {@code __sessionkit} object,
     * whose {@code created} is in {@code cookie.expires}'s date format, then {@code dataKeys} in order) and that the
     * store keeps it as the Node store computes from {@code cookie.expires} (connect-redis's TTL, connect-pg-simple's
     * {@code expire}); returns the record.
     */
    static JsonNode assertExpressShape(StoreView store, SignedCookie cookie, String... dataKeys) {
        JsonNode record = assertShape(store, cookie, META, dataKeys);
        assertThat(Json.fieldNames(record.get(META))).as("%s of %s", META, record).contains("created");
        assertThat(record.get(META).get("created").asText()).as("created in toISOString() form")
                .matches(ISO_MILLIS);
        return record;
    }

    /**
     * Asserts that the record under {@code key}, written by express-session and never saved by SessionKit, is in
     * express-session's shape without SessionKit's reserved field; returns the record.
     */
    static JsonNode assertNodeShape(StoreView store, SignedCookie cookie, String... dataKeys) {
        return assertShape(store, cookie, null, dataKeys);
    }

    private static JsonNode assertShape(StoreView store, SignedCookie cookie, String meta, String... dataKeys) {
        JsonNode record = store.record(cookie);
        List<String> expected = new ArrayList<>();
        expected.add("cookie");
        if (meta != null) {
            expected.add(meta);
        }
        expected.addAll(List.of(dataKeys));
        assertThat(Json.fieldNames(record)).as("fields of %s", record).containsExactlyElementsOf(expected);
        JsonNode stored = record.get("cookie");
        assertThat(Json.fieldNames(stored)).as("cookie fields of %s", record)
                .containsExactly("originalMaxAge", "expires", "secure", "httpOnly", "path", "sameSite");
        assertThat(stored.get("expires").asText()).as("expires in toISOString() form").matches(ISO_MILLIS);
        store.assertExpiryFollows(cookie, Instant.parse(stored.get("expires").asText()));
        return record;
    }

    /** Returns the session data a Node app showed, without SessionKit's reserved field; asserts it was there. */
    static JsonNode withoutMeta(JsonNode nodeData, JsonNode record) {
        assertThat(nodeData.get(META)).as("the Node side keeps %s as session data", META).isEqualTo(record.get(META));
        ObjectNode data = nodeData.deepCopy();
        data.remove(META);
        return data;
    }

    /**
     * How much lower than the lifetime it loaded express-session may store {@code originalMaxAge}: its
     * {@code resetMaxAge} reads the clock twice ({@code expires = now + maxAge}, then {@code originalMaxAge = expires -
     * now}), so a millisecond that ticks in between (more on a loaded machine) is taken off. Never more, never up.
     */
    private static final long EXPRESS_MAX_AGE_DRIFT_MS = 50;

    /**
     * Asserts that {@code later}'s cookie, saved by express-session, is {@code earlier}'s with only {@code expires}
     * moved forward, to {@code originalMaxAge} from now: what express-session's {@code resetMaxAge} does on every
     * request ({@code originalMaxAge} the same, or up to {@value #EXPRESS_MAX_AGE_DRIFT_MS} ms lower, as its clock
     * reads make it). For a record written by SessionKit and rewritten by express, whose configurations differ.
     */
    static void assertSameCookieMovedForward(JsonNode earlier, JsonNode later) {
        ObjectNode before = earlier.get("cookie").deepCopy();
        ObjectNode after = later.get("cookie").deepCopy();
        before.remove("expires");
        after.remove("expires");
        long loaded = before.remove("originalMaxAge").asLong();
        long stored = after.remove("originalMaxAge").asLong();
        assertThat(after).as("the cookie object but for expires and originalMaxAge").isEqualTo(before);
        assertThat(stored).as("originalMaxAge, as express-session's resetMaxAge keeps it")
                .isBetween(loaded - EXPRESS_MAX_AGE_DRIFT_MS, loaded);
        assertExpiresMovedForward(earlier, later);
    }

    /**
     * Asserts that {@code later}, saved by SessionKit, keeps {@code earlier}'s lifetime ({@code originalMaxAge})
     * exactly, with {@code expires} moved forward to {@code originalMaxAge} from now: what a save does. The other
     * cookie fields are the saving side's own configuration (SessionKit never takes them from a record).
     */
    static void assertLifetimeMovedForward(JsonNode earlier, JsonNode later) {
        assertThat(later.get("cookie").get("originalMaxAge")).as("the lifetime the record had")
                .isEqualTo(earlier.get("cookie").get("originalMaxAge"));
        assertExpiresMovedForward(earlier, later);
    }

    private static void assertExpiresMovedForward(JsonNode earlier, JsonNode later) {
        Instant expiresBefore = Instant.parse(earlier.get("cookie").get("expires").asText());
        Instant expiresAfter = Instant.parse(later.get("cookie").get("expires").asText());
        assertThat(expiresAfter).isAfterOrEqualTo(expiresBefore);
        Instant now = Instant.now();
        Duration maxAge = Duration.ofMillis(later.get("cookie").get("originalMaxAge").asLong());
        assertThat(expiresAfter).as("expires: originalMaxAge from the last write")
                .isBetween(now.plus(maxAge).minusSeconds(30), now.plus(maxAge));
    }
}
