package dev.sessionkit.testkit;

import static dev.sessionkit.testkit.StoreRecords.expiringIn;
import static dev.sessionkit.testkit.StoreRecords.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkit.store.PrincipalIndex;
import dev.sessionkit.store.SessionStore.SetMode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The behaviour of the {@link PrincipalIndex} facet, as JUnit 5 tests: a store's test that extends
 * {@link SessionStoreContract} implements this interface too when its store offers the facet.
 *
 * <p>Core adds a session to its principal's index before the write that stores it, so the index must keep an entry
 * whose session is not written yet (a read in between must not drop it), list only sessions that exist, with their
 * JSON and expiry, and end a session with its entry.
 */
public interface PrincipalIndexContract extends StoreUnderTest {

    /**
     * Returns the facet under test.
     *
     * @return the store's principal index
     * @throws AssertionError when the store does not offer it
     */
    default PrincipalIndex principalIndex() {
        return store().facets().principalIndex().orElseThrow(() -> new AssertionError(
                "the store's facets() offer no principal index, yet its test implements PrincipalIndexContract"));
    }

    /** Indexes a session, then writes it, as core does at a login. */
    private void login(String principal, String id, String data, Duration ttl) {
        assertThat(principalIndex().add(principal, id, null, PrincipalIndex.MAX_SESSIONS)).as("add(%s)", id).isTrue();
        assertThat(store().set(id, expiringIn(clock(), json(data), ttl), SetMode.IF_ABSENT)).as("set(%s)", id).isTrue();
    }

    private List<String> idsOf(String principal) {
        return principalIndex().sessionsOf(principal).stream().map(PrincipalIndex.StoredSession::id).sorted().toList();
    }

    @Test
    default void facets_offerTheIndex_sameEachTime() {
        assertThat(store().facets().principalIndex()).isPresent();
        assertThat(store().facets().principalIndex().orElseThrow()).isSameAs(principalIndex());
    }

    @Test
    default void sessionsOf_unknownPrincipal_isEmpty() {
        assertThat(principalIndex().sessionsOf("nobody")).isEmpty();
    }

    @Test
    default void sessionsOf_indexedAndWritten_listedWithTheirJsonAndExpiry() {
        login("ada", "p1", "\"n\":1", Duration.ofHours(1));
        login("ada", "p2", "\"n\":2", Duration.ofHours(2));
        login("bo", "p3", "\"n\":3", Duration.ofHours(1));
        store().set("p4", expiringIn(clock(), json("\"n\":4"), Duration.ofHours(1)), SetMode.IF_ABSENT);

        assertThat(idsOf("ada")).containsExactly("p1", "p2");
        assertThat(idsOf("bo")).containsExactly("p3");
        PrincipalIndex.StoredSession p2 = principalIndex().sessionsOf("ada").stream()
                .filter(stored -> stored.id().equals("p2")).findFirst().orElseThrow();
        assertThat(p2.json()).isEqualTo(json("\"n\":2"));
        assertThat(p2.expiresAt()).as("the store's expiry of the session, to the second")
                .isBetween(clock().instant().plus(Duration.ofHours(2)).minusSeconds(2),
                        clock().instant().plus(Duration.ofHours(2)).plusSeconds(1));
    }

    @Test
    default void add_beforeTheWrite_aReadInBetweenDoesNotDropTheEntry() {
        principalIndex().add("ada", "p1", null, PrincipalIndex.MAX_SESSIONS);

        assertThat(idsOf("ada")).as("not written yet: not listed").isEmpty();
        store().set("p1", expiringIn(clock(), json("\"n\":1"), Duration.ofHours(1)), SetMode.IF_ABSENT);

        assertThat(idsOf("ada")).as("a login in flight while the index was read is still found").containsExactly("p1");
    }

    @Test
    default void add_twice_listsTheSessionOnce() {
        login("ada", "p1", "\"n\":1", Duration.ofHours(1));

        assertThat(principalIndex().add("ada", "p1", clock().instant().plus(Duration.ofHours(12)), 1)).isTrue();

        assertThat(principalIndex().sessionsOf("ada")).hasSize(1);
    }

    @Test
    default void sessionsOf_laterWritesWithoutTheIndex_keepTheEntryAndShowTheNewJson() {
        login("ada", "p1", "\"n\":1", Duration.ofHours(1));

        store().set("p1", expiringIn(clock(), json("\"n\":2"), Duration.ofHours(1)), SetMode.IF_PRESENT);

        assertThat(principalIndex().sessionsOf("ada")).singleElement().satisfies(stored ->
                assertThat(stored.json()).isEqualTo(json("\"n\":2")));
    }

    @Test
    default void sessionsOf_entryWhoseWriteNeverHappened_isNotListed() {
        principalIndex().add("mallory", "never-written", null, PrincipalIndex.MAX_SESSIONS);
        advanceTime(Duration.ofMinutes(10));

        assertThat(idsOf("mallory")).isEmpty();
        assertThat(idsOf("mallory")).as("read again").isEmpty();
    }

    @Test
    default void sessionsOf_sessionsGoneOrExpired_notListed() {
        login("ada", "short", "\"n\":1", Duration.ofMinutes(5));
        login("ada", "long", "\"n\":2", Duration.ofHours(2));
        login("ada", "destroyed", "\"n\":3", Duration.ofHours(2));

        store().destroy("destroyed");
        advanceTime(Duration.ofMinutes(10));

        assertThat(idsOf("ada")).containsExactly("long");
        assertThat(idsOf("ada")).as("read again").containsExactly("long");
    }

    @Test
    default void endSession_deletesTheSessionAndItsEntry() {
        login("ada", "p1", "\"n\":1", Duration.ofHours(1));
        login("ada", "p2", "\"n\":2", Duration.ofHours(1));

        principalIndex().endSession("ada", "p2");

        assertThat(store().get("p2")).isEmpty();
        assertThat(idsOf("ada")).containsExactly("p1");
        store().set("p2", expiringIn(clock(), json("\"n\":9"), Duration.ofHours(1)), SetMode.IF_ABSENT);
        assertThat(idsOf("ada")).as("a later session under the ended id is not the principal's").containsExactly("p1");
    }

    @Test
    default void add_atTheLimit_refusesAndAddsNothing() {
        login("ada", "p1", "\"n\":1", Duration.ofHours(1));
        login("ada", "p2", "\"n\":2", Duration.ofHours(1));

        assertThat(principalIndex().add("ada", "p3", null, 2)).isFalse();
        store().set("p3", expiringIn(clock(), json("\"n\":3"), Duration.ofHours(1)), SetMode.IF_ABSENT);

        assertThat(idsOf("ada")).as("the refused entry was not added").containsExactly("p1", "p2");
        assertThat(principalIndex().add("bo", "p4", null, 2)).as("another principal's limit").isTrue();
    }

    @Test
    default void add_sessionsGoneCountNot_butAWriteOnItsWayDoes() {
        login("ada", "p1", "\"n\":1", Duration.ofHours(1));
        login("ada", "p2", "\"n\":2", Duration.ofMinutes(5));
        store().destroy("p1");
        assertThat(principalIndex().add("ada", "p3", null, 2)).as("p1 was destroyed, but within the grace of its add")
                .isFalse();

        advanceTime(PrincipalIndex.WRITE_GRACE.plusSeconds(1));
        assertThat(principalIndex().add("ada", "p3", null, 2)).as("p1 gone for good, p2 live").isTrue();
        assertThat(principalIndex().add("ada", "p4", null, 2)).as("p2 live, p3 on its way").isFalse();
        advanceTime(Duration.ofMinutes(5));
        assertThat(principalIndex().add("ada", "p4", null, 2)).as("p2 expired, p3 never written").isTrue();
    }

    @Test
    default void add_againForTheSameId_isNotCountedTwice() {
        login("ada", "p1", "\"n\":1", Duration.ofHours(1));

        assertThat(principalIndex().add("ada", "p1", null, 1)).isTrue();
    }

    /**
     * More than the cap of logins, each regenerated away (the entry of its old id left behind): the first session
     * is never pushed out of the index, and the index never holds more than the cap.
     */
    @Test
    default void add_aThousandRegenerates_neverPushALiveSessionOut() {
        login("ada", "first", "\"n\":0", Duration.ofHours(12));
        String previous = null;
        for (int i = 0; i < PrincipalIndex.MAX_SESSIONS + 100; i++) {
            String id = "regenerated-" + i;
            assertThat(principalIndex().add("ada", id, null, PrincipalIndex.MAX_SESSIONS)).as(id).isTrue();
            store().set(id, expiringIn(clock(), json("\"n\":1"), Duration.ofHours(12)), SetMode.IF_ABSENT);
            if (previous != null) {
                store().destroy(previous);
            }
            previous = id;
            if (i % 50 == 49) {
                advanceTime(PrincipalIndex.WRITE_GRACE.plusSeconds(1));
            }
        }

        assertThat(idsOf("ada")).containsExactly("first", previous);
    }

    @Test
    default void add_atTheCap_refusesRatherThanDropALiveSession() {
        for (int i = 0; i < PrincipalIndex.MAX_SESSIONS; i++) {
            login("ada", String.format("live-%04d", i), "\"n\":1", Duration.ofHours(1));
        }

        assertThat(principalIndex().add("ada", "one-too-many", null, PrincipalIndex.MAX_SESSIONS)).isFalse();
        assertThat(principalIndex().sessionsOf("ada")).hasSize(PrincipalIndex.MAX_SESSIONS);
    }

    @Test
    default void endOldest_keepsTheNewest_endsTheRestWithTheirEntries() {
        login("ada", "p1", "\"n\":1", Duration.ofHours(1));
        advanceTime(Duration.ofSeconds(1));
        login("ada", "p2", "\"n\":2", Duration.ofHours(1));
        advanceTime(Duration.ofSeconds(1));
        login("ada", "p3", "\"n\":3", Duration.ofHours(1));
        principalIndex().add("ada", "on-its-way", null, PrincipalIndex.MAX_SESSIONS);

        List<String> ended = principalIndex().endOldest("ada", 2);

        assertThat(ended).containsExactly("p1");
        assertThat(store().get("p1")).isEmpty();
        assertThat(idsOf("ada")).containsExactly("p2", "p3");
        store().set("on-its-way", expiringIn(clock(), json("\"n\":4"), Duration.ofHours(1)), SetMode.IF_ABSENT);
        assertThat(idsOf("ada")).as("an entry whose write was on its way is neither counted nor ended")
                .containsExactly("on-its-way", "p2", "p3");
    }

    private void parallelLogins(int threads, java.util.function.IntConsumer login) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<?>> logins = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int n = t;
                logins.add(pool.submit(() -> {
                    assertThat(start.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                    login.accept(n);
                    return null;
                }));
            }
            start.countDown();
            for (java.util.concurrent.Future<?> f : logins) {
                f.get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private long liveOf(int threads) {
        return java.util.stream.IntStream.range(0, threads).filter(t -> store().get("login-" + t).isPresent()).count();
    }

    @Test
    default void parallelLogins_limitTwo_endOldest_leaveExactlyTwo() throws Exception {
        parallelLogins(8, t -> {
            assertThat(principalIndex().add("ada", "login-" + t, null, PrincipalIndex.MAX_SESSIONS)).isTrue();
            store().set("login-" + t, expiringIn(clock(), json("\"n\":" + t), Duration.ofHours(1)),
                    SetMode.IF_ABSENT);
            principalIndex().endOldest("ada", 2);
        });

        assertThat(liveOf(8)).isEqualTo(2);
        assertThat(principalIndex().sessionsOf("ada")).hasSize(2);
    }

    @Test
    default void parallelLogins_limitTwo_refuseNew_leaveExactlyTwo() throws Exception {
        parallelLogins(8, t -> {
            if (principalIndex().add("ada", "login-" + t, null, 2)) {
                store().set("login-" + t, expiringIn(clock(), json("\"n\":" + t), Duration.ofHours(1)),
                        SetMode.IF_ABSENT);
            }
        });

        assertThat(liveOf(8)).isEqualTo(2);
        assertThat(principalIndex().sessionsOf("ada")).hasSize(2);
    }
}
