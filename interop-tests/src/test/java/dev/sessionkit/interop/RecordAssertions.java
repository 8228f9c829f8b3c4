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
     * Asserts that {@code later}'s cookie is {@code earlier}'s with only {@code expires} moved forward, to
     * {@code originalMaxAge} from now: what express-session's {@code resetMaxAge} does on every request, and
     * SessionKit too. For a record written by one side and rewritten by the other, whose configurations differ.
     */
    static void assertSameCookieMovedForward(JsonNode earlier, JsonNode later) {
        ObjectNode before = earlier.get("cookie").deepCopy();
        ObjectNode after = later.get("cookie").deepCopy();
        before.remove("expires");
        after.remove("expires");
        assertThat(after).as("the cookie object but for expires").isEqualTo(before);
        assertLifetimeMovedForward(earlier, later);
    }

    /**
     * Asserts that {@code later} keeps {@code earlier}'s lifetime ({@code originalMaxAge}) with {@code expires}
     * moved forward to {@code originalMaxAge} from now: what a save does on either side. The other cookie fields are
     * the saving side's own configuration (SessionKit never takes them from a record).
     */
    static void assertLifetimeMovedForward(JsonNode earlier, JsonNode later) {
        assertThat(later.get("cookie").get("originalMaxAge")).as("the lifetime the record had")
                .isEqualTo(earlier.get("cookie").get("originalMaxAge"));
        Instant expiresBefore = Instant.parse(earlier.get("cookie").get("expires").asText());
        Instant expiresAfter = Instant.parse(later.get("cookie").get("expires").asText());
        assertThat(expiresAfter).isAfterOrEqualTo(expiresBefore);
        Instant now = Instant.now();
        Duration maxAge = Duration.ofMillis(later.get("cookie").get("originalMaxAge").asLong());
        assertThat(expiresAfter).as("expires: originalMaxAge from the last write")
                .isBetween(now.plus(maxAge).minusSeconds(30), now.plus(maxAge));
    }
}
