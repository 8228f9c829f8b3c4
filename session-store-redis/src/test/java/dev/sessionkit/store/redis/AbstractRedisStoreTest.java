package dev.sessionkit.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkit.store.SessionEnumeration;
import dev.sessionkit.store.SessionRecord;
import dev.sessionkit.store.SessionStore;
import dev.sessionkit.store.SessionStore.SetMode;
import dev.sessionkit.testkit.EnumeratedIndexContract;
import dev.sessionkit.testkit.MutableClock;
import dev.sessionkit.testkit.SessionStoreContract;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * The store contract, and the Redis layout, against one Redis topology: subclasses supply a client of a standalone
 * server, a Sentinel-monitored master or a Cluster.
 *
 * <p>Time: the contract moves a {@link MutableClock}; the store computes each key's time-to-live from it, but Redis
 * expires keys by its own clock, which a test cannot move and must not wait for. {@link #advance} therefore ages the
 * keys instead: it shortens each key's remaining time-to-live on the server by the same amount ({@code PTTL}, then
 * {@code PEXPIRE}, or {@code DEL} when nothing is left), through the test's own view of the keys
 * ({@link TestKeys}, not the store's code). After it, Redis itself reports absent exactly the keys that would have
 * expired, with Redis's own expiry logic deciding. The few milliseconds of real time that also pass between a write
 * and a read are far below the contract's margins (200 ms at the smallest).
 *
 * <p>Each test gets a prefix of its own, ending with every glob character, and its keys are deleted afterwards.
 */
@Timeout(60)
abstract class AbstractRedisStoreTest extends SessionStoreContract implements EnumeratedIndexContract {

    private String prefix;

    /** The client the stores under test use; the test reads and ages keys through it too. Never closed by a store. */
    abstract UnifiedJedis client();

    /** The prefix of the current test's store. */
    final String prefix() {
        return prefix;
    }

    @Override
    protected SessionStore createStore(MutableClock clock) {
        prefix = TestKeys.uniquePrefix();
        return RedisSessionStore.builder(client()).prefix(prefix).defaultTtl(defaultTtl()).clock(clock).build();
    }

    @Override
    protected void advance(MutableClock clock, Duration duration) {
        clock.advance(duration);
        TestKeys.age(client(), prefix, duration);
    }

    @AfterEach
    final void deleteTestKeys() {
        TestKeys.delete(client(), prefix);
    }

    static String json(String data) {
        return "{\"cookie\":{\"originalMaxAge\":null,\"expires\":null,\"httpOnly\":true,\"path\":\"/\"}," + data + "}";
    }

    // --- the layout in Redis ----------------------------------------------------------------------------------

    @Test
    void set_expiringRecord_isStringUnderPrefixPlusIdWithTtlRoundedUp() {
        store().set("s1", SessionRecord.of(json("\"v\":1"), clock().instant().plusMillis(90_500)), SetMode.ALWAYS);

        assertThat(TestKeys.under(client(), prefix)).containsExactly(prefix + "s1");
        assertThat(client().type(prefix + "s1")).isEqualTo("string");
        assertThat(client().get(prefix + "s1")).isEqualTo(json("\"v\":1"));
        assertThat(client().pttl(prefix + "s1")).as("90.5 s rounds up to 91 s").isBetween(90_000L, 91_000L);
    }

    @Test
    void set_browserSession_getsDefaultTtlOnServer() {
        store().set("s1", SessionRecord.of(json("\"v\":1"), null), SetMode.ALWAYS);

        assertThat(client().ttl(prefix + "s1")).isBetween(86_399L, 86_400L);
    }

    @Test
    void touch_existingRecord_setsServerTtlWithoutRewritingValue() {
        store().set("s1", SessionRecord.of(json("\"v\":1"), clock().instant().plusSeconds(60)), SetMode.ALWAYS);

        store().touch("s1", SessionRecord.of(json("\"v\":\"ignored\""), clock().instant().plusSeconds(600)));

        assertThat(client().get(prefix + "s1")).isEqualTo(json("\"v\":1"));
        assertThat(client().ttl(prefix + "s1")).isBetween(599L, 600L);
    }

    @Test
    void getAndTouch_expiryInPast_returnsJsonAndDeletesSession() {
        store().set("s1", SessionRecord.of(json("\"v\":1"), null), SetMode.ALWAYS);

        assertThat(store().getAndTouch("s1", clock().instant().minusSeconds(1))).contains(json("\"v\":1"));

        assertThat(client().exists(prefix + "s1")).isFalse();
    }

    @Test
    void setIfAbsent_expiryInPast_existingRecordIsKept() {
        store().set("s1", SessionRecord.of(json("\"v\":1"), null), SetMode.ALWAYS);

        boolean result = store().set("s1", SessionRecord.of(json("\"v\":2"), clock().instant()), SetMode.IF_ABSENT);

        assertThat(result).as("nothing to create, nothing overwritten").isTrue();
        assertThat(store().get("s1")).contains(json("\"v\":1"));
    }

    @Test
    void setIfPresent_expiryInPastOnAbsentId_returnsFalse() {
        boolean result = store().set("s1", SessionRecord.of(json("\"v\":2"), clock().instant()), SetMode.IF_PRESENT);

        assertThat(result).isFalse();
    }

    @Test
    void getAndTouch_withTtlFunction_extendsByFunctionAndKeepsData() {
        RedisSessionStore store = RedisSessionStore.builder(client()).prefix(prefix).clock(clock())
                .ttl(record -> record.json().contains("\"admin\":true") ? Duration.ofSeconds(30)
                        : Duration.ofMillis(41_200))
                .build();
        store.set("user", SessionRecord.of(json("\"admin\":false"), null), SetMode.ALWAYS);
        store.set("admin", SessionRecord.of(json("\"admin\":true"), null), SetMode.ALWAYS);
        assertThat(client().ttl(prefix + "user")).as("41.2 s rounds up").isBetween(41L, 42L);
        assertThat(client().pttl(prefix + "user")).isGreaterThan(41_200L);
        assertThat(client().ttl(prefix + "admin")).isBetween(29L, 30L);
        client().expire(prefix + "user", 5);

        assertThat(store.getAndTouch("user", clock().instant().plusSeconds(3600))).contains(json("\"admin\":false"));

        assertThat(client().ttl(prefix + "user")).as("the function decides, not expiresAt").isBetween(41L, 42L);
    }

    @Test
    void set_ttlFunctionReturnsZero_deletesRecord() {
        RedisSessionStore store = RedisSessionStore.builder(client()).prefix(prefix).clock(clock())
                .ttl(record -> Duration.ZERO).build();
        store().set("s1", SessionRecord.of(json("\"v\":1"), null), SetMode.ALWAYS);

        assertThat(store.set("s1", SessionRecord.of(json("\"v\":2"), null), SetMode.IF_PRESENT)).isTrue();

        assertThat(client().exists(prefix + "s1")).isFalse();
    }

    // --- prefixes and SCAN ------------------------------------------------------------------------------------

    @Test
    void enumeration_siblingPrefixMatchedByUnescapedGlob_isNeitherSeenNorCleared() {
        String globbed = prefix + "?*";
        String sibling = prefix + "xy";
        SessionStore mine = RedisSessionStore.builder(client()).prefix(globbed).clock(clock()).build();
        SessionStore theirs = RedisSessionStore.builder(client()).prefix(sibling).clock(clock()).build();
        mine.set("a", SessionRecord.of(json("\"v\":1"), null), SetMode.ALWAYS);
        theirs.set("b", SessionRecord.of(json("\"v\":2"), null), SetMode.ALWAYS);

        assertThat(enumerationOf(mine).ids()).containsExactly("a");
        assertThat(enumerationOf(mine).length()).isEqualTo(1);
        enumerationOf(mine).clear();

        assertThat(theirs.get("b")).contains(json("\"v\":2"));
        assertThat(TestKeys.under(client(), prefix)).containsExactly(sibling + "b");
    }

    @Test
    void clear_moreKeysThanOneScanBatch_removesAllAndOnlyThem() {
        int count = 2_500;
        try (var pipeline = client().pipelined()) {
            for (int i = 0; i < count; i++) {
                pipeline.set(prefix + "bulk-" + i, json("\"i\":" + i), SetParams.setParams().ex(600));
            }
            pipeline.set("sk-test-outside-" + prefix.hashCode(), "{}", SetParams.setParams().ex(600));
            pipeline.sync();
        }
        assertThat(enumerationOf(store()).length()).isEqualTo(count);
        assertThat(enumerationOf(store()).ids()).hasSize(count).contains("bulk-0", "bulk-2499");

        enumerationOf(store()).clear();

        assertThat(TestKeys.under(client(), prefix)).isEmpty();
        assertThat(client().get("sk-test-outside-" + prefix.hashCode())).isEqualTo("{}");
        client().del("sk-test-outside-" + prefix.hashCode());
    }

    @Test
    void close_storeOnApplicationsClient_leavesClientOpen() {
        RedisSessionStore store = RedisSessionStore.builder(client()).prefix(prefix).build();

        store.close();

        store().set("s1", SessionRecord.of(json("\"v\":1"), null), SetMode.ALWAYS);
        assertThat(store().get("s1")).contains(json("\"v\":1"));
    }

    /**
     * Issue 25, finding 10: a record whose bytes are not UTF-8 (another writer's) read as text with replacement
     * characters, whose SHA-1 never matched the stored bytes: every save conflicted 16 times and answered 409.
     */
    @Test
    void replace_recordThatIsNotUtf8_comparesTheBytesRedisHolds() {
        byte[] head = "{\"cookie\":{\"path\":\"/\"},\"user\":\"".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] tail = "\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] stored = new byte[head.length + 2 + tail.length];
        System.arraycopy(head, 0, stored, 0, head.length);
        stored[head.length] = (byte) 0xFF; // never valid in UTF-8
        stored[head.length + 1] = (byte) 0xC0; // an overlong lead byte
        System.arraycopy(tail, 0, stored, head.length + 2, tail.length);
        client().set((prefix() + "latin").getBytes(java.nio.charset.StandardCharsets.UTF_8), stored);

        String read = store().getAndTouch("latin", null).orElseThrow();
        assertThat(read).contains("\uFFFD");
        assertThat(store().replace("latin", read.replace("\uFFFD", "?"), SessionRecord.of(json("\"v\":0"), null))
                .outcome()).as("another text is still another record").isEqualTo(SessionStore.Replaced.Outcome.CHANGED);

        SessionStore.Replaced outcome = store().replace("latin", read, SessionRecord.of(json("\"v\":2"), null));

        assertThat(outcome).isEqualTo(SessionStore.Replaced.written());
        assertThat(store().get("latin")).contains(json("\"v\":2"));
    }

    /**
     * Issue 25, finding 5: an express request that loaded the session before a logout saves it after (connect-redis's
     * SET has no XX), and the old cookie was logged in again. With tombstones the load refuses what came back.
     */
    @Test
    void tombstones_aSessionWrittenBackAfterItsEnd_isNoSessionAndIsDeleted() {
        SessionStore store = RedisSessionStore.builder(client()).prefix(prefix()).clock(clock())
                .tombstones(Duration.ofMinutes(5)).build();
        SessionStore plain = store();
        for (String id : java.util.List.of("logged-out", "ended-elsewhere", "regenerated")) {
            store.set(id, SessionRecord.of(json("\"user\":\"ada\""), null), SetMode.IF_ABSENT);
        }
        store.destroy("logged-out");
        store.facets().principalIndex().orElseThrow().endSession("ada", "ended-elsewhere");
        store.destroy("regenerated");

        for (String id : java.util.List.of("logged-out", "ended-elsewhere", "regenerated")) {
            client().set(prefix() + id, json("\"user\":\"ada\"")); // a Node save in flight: SET, no XX
            assertThat(plain.get(id)).as("without tombstones it is back: %s", id).isPresent();
            assertThat(store.getAndTouch(id, clock().instant().plusSeconds(600))).as(id).isEmpty();
            assertThat(client().exists(prefix() + id)).as("what came back is deleted: %s", id).isFalse();
            client().set(prefix() + id, json("\"user\":\"ada\""));
            assertThat(store.get(id)).as(id).isEmpty();
        }
        store.set("alive", SessionRecord.of(json("\"v\":1"), null), SetMode.IF_ABSENT);
        assertThat(store.get("alive")).as("a session never ended reads as ever").contains(json("\"v\":1"));
        assertThat(store.getAndTouch("alive", null)).contains(json("\"v\":1"));
    }

    static SessionEnumeration enumerationOf(SessionStore store) {
        return store.facets().enumeration().orElseThrow();
    }
}
