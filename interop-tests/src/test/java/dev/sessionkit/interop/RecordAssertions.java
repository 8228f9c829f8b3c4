package dev.sessionkit.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;

/** Checks on a stored record: express-session's shape, and a time-to-live that follows its cookie. */
final class RecordAssertions {

    private RecordAssertions() {
    }

    /**
     * Asserts that the record under {@code key} is in express-session's shape ({@code cookie} first, its fields in
     * express's order, then {@code dataKeys} in order) and that its Redis TTL is what connect-redis computes from
     * {@code cookie.expires}; returns the record.
     */
    static JsonNode assertExpressShape(RedisView redis, String key, String... dataKeys) {
        JsonNode record = redis.record(key);
        String[] expected = new String[dataKeys.length + 1];
        expected[0] = "cookie";
        System.arraycopy(dataKeys, 0, expected, 1, dataKeys.length);
        assertThat(Json.fieldNames(record)).as("fields of %s", record).containsExactly(expected);
        JsonNode cookie = record.get("cookie");
        assertThat(Json.fieldNames(cookie)).as("cookie fields of %s", record)
                .containsExactly("originalMaxAge", "expires", "secure", "httpOnly", "path", "sameSite");
        assertThat(cookie.get("expires").asText()).as("expires in toISOString() form")
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertTtlFollowsExpiry(redis, key, Instant.parse(cookie.get("expires").asText()));
        return record;
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
