package dev.sessionkit.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Scenario 7: SessionKit's reserved {@code __sessionkit} field (creation time, principal, label) survives saves by
 * express-session and h3-session, so that the absolute timeout and a principal's session list hold whichever side
 * saved last; ending a principal's other sessions on the Java side logs them out on the Node side too.
 */
class LifetimeAndPrincipalInteropTest extends ExpressAndJavaServers {

    /** JavaScript's {@code Date.prototype.toISOString()} form, the record's date format. */
    private static final DateTimeFormatter TO_ISO_STRING =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static NodeServer h3;

    @BeforeAll
    static void startH3() {
        h3 = NodeServer.h3(List.of(Secrets.SHARED));
    }

    @AfterAll
    static void stopH3() {
        h3.close();
    }

    @ParameterizedTest
    @EnumSource(JavaSide.class)
    void principalSessions_savedByExpressAndH3_stillListedAndEndedFromJava(JavaSide side) {
        URI javaSide = java.uri(side);
        String user = "Ana " + side + " " + UUID.randomUUID();
        SignedCookie laptop = Http.get(javaSide, Http.path("/login-as", "user", user, "label", "laptop")).cookie();
        SignedCookie phone = Http.get(javaSide, Http.path("/login-as", "user", user, "label", "phone")).cookie();
        JsonNode written = RecordAssertions.assertExpressShape(redis, laptop, "user");
        assertThat(written.get(RecordAssertions.META).get("principal").asText()).isEqualTo(user);
        assertThat(written.get(RecordAssertions.META).get("label").asText()).isEqualTo("laptop");

        Http.get(express.baseUri(), Http.path("/set", "key", "seen", "value", "express"), laptop).ok();
        Http.get(h3.baseUri(), Http.path("/set", "key", "seen", "value", "h3"), phone).ok();
        assertThat(redis.record(laptop.key()).get(RecordAssertions.META)).as("kept by express-session's save")
                .isEqualTo(written.get(RecordAssertions.META));
        JsonNode phoneRecord = redis.record(phone.key());
        assertThat(phoneRecord.get("seen").asText()).isEqualTo("h3");
        assertThat(phoneRecord.get(RecordAssertions.META).get("label").asText()).as("kept by h3-session's save")
                .isEqualTo("phone");

        JsonNode listed = Json.read(Http.get(javaSide, "/sessions", phone).ok());
        assertThat(listed).hasSize(2);
        assertThat(listed.findValuesAsText("label")).containsExactlyInAnyOrder("laptop", "phone");
        assertThat(listed.findValuesAsText("id")).containsExactlyInAnyOrder(laptop.id(), phone.id());
        for (JsonNode session : listed) {
            assertThat(session.get("current").asBoolean()).isEqualTo(session.get("id").asText().equals(phone.id()));
        }

        assertThat(Http.get(javaSide, "/sessions/end-others", phone).ok()).isEqualTo("1");
        assertThat(redis.exists(laptop.key())).isFalse();
        assertThat(Http.get(express.baseUri(), "/whoami", laptop).ok()).as("logged out on the Node side too")
                .isEqualTo("anonymous");
        assertThat(Http.get(express.baseUri(), "/whoami", phone).ok()).isEqualTo(user);
        assertThat(Http.get(javaSide, "/whoami", phone).ok()).isEqualTo(user);
    }

    @ParameterizedTest
    @EnumSource(JavaSide.class)
    void absoluteTimeout_creationTimeKeptByExpressSave_endsTheSessionOnJava(JavaSide side) {
        URI javaSide = java.uri(side);
        String user = "Bo " + side;
        SignedCookie cookie = Http.get(javaSide, Http.path("/login", "user", user)).cookie();
        JsonNode record = RecordAssertions.assertExpressShape(redis, cookie, "user");
        ObjectNode aged = record.deepCopy();
        Instant created = Instant.parse(record.get(RecordAssertions.META).get("created").asText());
        Instant thirteenHoursBack = created.minus(JavaSide.ABSOLUTE_TIMEOUT).minus(Duration.ofHours(1));
        for (String field : List.of("created", "authenticated")) { // the login's time, when it has one
            if (aged.get(RecordAssertions.META).has(field)) {
                ((ObjectNode) aged.get(RecordAssertions.META)).put(field, TO_ISO_STRING.format(thirteenHoursBack));
            }
        }
        redis.replaceKeepingTtl(cookie.key(), Json.write(aged));

        // express-session knows nothing of the absolute timeout: it reads the session, saves it, keeps the field.
        assertThat(Http.get(express.baseUri(), "/whoami", cookie).ok()).isEqualTo(user);
        Http.get(express.baseUri(), Http.path("/set", "key", "by", "value", "express"), cookie).ok();
        assertThat(redis.record(cookie.key()).get(RecordAssertions.META))
                .isEqualTo(aged.get(RecordAssertions.META));

        Http.Reply next = Http.get(javaSide, "/whoami", cookie);
        assertThat(next.ok()).as("13 h after its creation, past the 12 h absolute timeout").isEqualTo("anonymous");
        assertThat(redis.exists(cookie.key())).as("the session over its absolute timeout is deleted").isFalse();
        assertThat(Http.get(express.baseUri(), "/whoami", cookie).ok()).isEqualTo("anonymous");
    }
}
