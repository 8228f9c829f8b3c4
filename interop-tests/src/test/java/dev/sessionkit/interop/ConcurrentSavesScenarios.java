package dev.sessionkit.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Scenario 8: the race of issue 13, played step by step with gates. Two requests load {@code {user, role:"admin"}};
 * A removes {@code role} and saves; B, holding the stale copy, sets {@code cart} and saves. express-session with
 * its store (connect-redis or connect-pg-simple, both write the whole record without comparing) loses A's removal
 * (the test asserts that it does: the anchor's behaviour); SessionKit, with each adapter, keeps both changes. And a
 * SessionKit save racing an express-session save of another key keeps both. Run on each shared store by the classes
 * that implement it ({@code ConcurrentSavesInteropTest}, {@code PostgresConcurrentSavesInteropTest}).
 */
interface ConcurrentSavesScenarios extends BothSides {

    /** Plays: A and B load; A changes and saves; then B changes and saves. Returns when both answered. */
    private static void race(URI server, String first, String second, SignedCookie cookie) throws Exception {
        String a = "a-" + UUID.randomUUID();
        String b = "b-" + UUID.randomUUID();
        CompletableFuture<Http.Reply> firstReply = CompletableFuture.supplyAsync(
                () -> Http.get(server, first + "&gate=" + a, cookie));
        CompletableFuture<Http.Reply> secondReply = CompletableFuture.supplyAsync(
                () -> Http.get(server, second + "&gate=" + b, cookie));
        Http.get(server, "/gate/await?gate=" + a).ok();
        Http.get(server, "/gate/await?gate=" + b).ok();

        Http.get(server, "/gate/release?gate=" + a).ok();
        firstReply.get(30, TimeUnit.SECONDS).ok();
        Http.get(server, "/gate/release?gate=" + b).ok();
        secondReply.get(30, TimeUnit.SECONDS).ok();
    }

    /**
     * Plays: {@code held} loads the session and waits; {@code other} sets {@code otherKey} and saves; then
     * {@code held} sets {@code heldKey} to 1 and saves.
     */
    private static void saveHeldWhileTheOtherSaves(URI held, String heldKey, URI other, String otherKey,
                                                   SignedCookie cookie) throws Exception {
        String gate = "h-" + UUID.randomUUID();
        CompletableFuture<Http.Reply> heldSave = CompletableFuture.supplyAsync(() -> Http.get(held,
                "/gated/set?key=" + heldKey + "&value=1&gate=" + gate, cookie));
        Http.get(held, "/gate/await?gate=" + gate).ok();

        Http.get(other, Http.path("/set", "key", otherKey, "value", "1"), cookie).ok();
        Http.get(held, "/gate/release?gate=" + gate).ok();
        heldSave.get(30, TimeUnit.SECONDS).ok();
    }

    private static SignedCookie victimWithRole(URI server) {
        Http.Reply login = Http.get(server, Http.path("/login", "user", "victim"));
        SignedCookie cookie = login.cookie();
        Http.get(server, Http.path("/set", "key", "role", "value", "admin"), cookie).ok();
        return cookie;
    }

    @Test
    default void expressSession_roleDropRace_theStaleSaveBringsTheRoleBack() throws Exception {
        URI node = expressUri();
        SignedCookie cookie = victimWithRole(node);

        race(node, "/gated/remove?key=role", "/gated/set?key=cart&value=3", cookie);

        JsonNode record = store().record(cookie);
        assertThat(record.get("cart").asText()).isEqualTo("3");
        assertThat(record.get("role").asText()).as("express-session: the last writer wins the whole record, so the "
                + "privilege drop is undone").isEqualTo("admin");
    }

    @ParameterizedTest
    @EnumSource(JavaSide.class)
    default void sessionKit_roleDropRace_roleStaysDropped(JavaSide side) throws Exception {
        URI javaSide = javaUri(side);
        SignedCookie cookie = victimWithRole(javaSide);

        race(javaSide, "/gated/remove?key=role", "/gated/set?key=cart&value=3", cookie);

        JsonNode record = RecordAssertions.assertExpressShape(store(), cookie, "user", "cart");
        assertThat(record.has("role")).isFalse();
        assertThat(Json.read(Http.get(expressUri(), "/data", cookie).ok()).has("role"))
                .as("express reads the merged record").isFalse();
    }

    @ParameterizedTest
    @EnumSource(JavaSide.class)
    default void sessionKitSave_afterAnExpressSaveOfAnotherKey_keepsBoth(JavaSide side) throws Exception {
        URI javaSide = javaUri(side);
        SignedCookie cookie = victimWithRole(javaSide);
        saveHeldWhileTheOtherSaves(javaSide, "fromJava", expressUri(), "fromNode", cookie);

        JsonNode record = RecordAssertions.assertExpressShape(store(), cookie, "user", "role", "fromNode",
                "fromJava");
        assertThat(record.get("fromNode").asText()).isEqualTo("1");
        assertThat(record.get("fromJava").asText()).isEqualTo("1");
    }

    @ParameterizedTest
    @EnumSource(JavaSide.class)
    default void expressSave_afterASessionKitSaveOfAnotherKey_expressStillWinsWhole(JavaSide side) throws Exception {
        URI javaSide = javaUri(side);
        SignedCookie cookie = victimWithRole(javaSide);
        saveHeldWhileTheOtherSaves(expressUri(), "fromNode", javaSide, "fromJava", cookie);

        JsonNode record = store().record(cookie);
        assertThat(record.get("fromNode").asText()).isEqualTo("1");
        assertThat(record.has("fromJava")).as("a stale express-session save still overwrites the whole record: "
                + "SessionKit can merge only the saves it makes").isFalse();
    }
}
