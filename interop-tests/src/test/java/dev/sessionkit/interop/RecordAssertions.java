package dev.sessionkit.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Checks on a stored record: express-session's shape, and a time-to-live that follows its cookie. */
final class RecordAssertions {

    /** SessionKit's reserved top-level field. */
    static final String META = "__sessionkit";
    private static final String ISO_MILLIS = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

    private RecordAssertions() {
    }

    /**
     * Asserts that the record under {@code key}, written or last saved by SessionKit, is in express-session's shape
     * ({@code cookie} first, its fields in express's order, then SessionKit's reserved {@code __sessionkit} object,
     * whose {@code created} is in {@code cookie.expires}'s date format, then {@code dataKeys} in order) and that its
     * Redis TTL is what connect-redis computes from {@code cookie.expires}; returns the record.
     */
    static JsonNode assertExpressShape(RedisView redis, String key, String... dataKeys) {
        JsonNode record = assertShape(redis, key, META, dataKeys);
        assertThat(Json.fieldNames(record.get(META))).as("%s of %s", META, record).contains("created");
        assertThat(record.get(META).get("created").asText()).as("created in toISOString() form")
                .matches(ISO_MILLIS);
        return record;
    }

    /**
     * Asserts that the record under {@code key}, written by express-session and never saved by SessionKit, is in
     * express-session's shape without SessionKit's reserved field; returns the record.
     */
    static JsonNode assertNodeShape(RedisView redis, String key, String... dataKeys) {
        return assertShape(redis, key, null, dataKeys);
    }

    private static JsonNode assertShape(RedisView redis, String key, String meta, String... dataKeys) {
        JsonNode record = redis.record(key);
        List<String> expected = new ArrayList<>();
        expected.add("cookie");
        if (meta != null) {
            expected.add(meta);
        }
        expected.addAll(List.of(dataKeys));
        assertThat(Json.fieldNames(record)).as("fields of %s", record).containsExactlyElementsOf(expected);
        JsonNode cookie = record.get("cookie");
        assertThat(Json.fieldNames(cookie)).as("cookie fields of %s", record)
                .containsExactly("originalMaxAge", "expires", "secure", "httpOnly", "path", "sameSite");
        assertThat(cookie.get("expires").asText()).as("expires in toISOString() form").matches(ISO_MILLIS);
        assertTtlFollowsExpiry(redis, key, Instant.parse(cookie.get("expires").asText()));
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

    /** Asserts that the key's TTL is {@code ceil((expires - now) / 1 s)}, give or take the time the test took (a slow, loaded machine included). */
    static void assertTtlFollowsExpiry(RedisView redis, String key, Instant expires) {
        long expected = RedisView.expectedTtl(expires);
        assertThat(redis.ttl(key)).as("TTL of %s, whose cookie expires at %s", key, expires)
                .isBetween(expected - 10, expected + 1);
    }
}
