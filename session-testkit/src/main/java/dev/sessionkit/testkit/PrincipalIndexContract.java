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
        principalIndex().add(principal, id, null);
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
        principalIndex().add("ada", "p1", null);

        assertThat(idsOf("ada")).as("not written yet: not listed").isEmpty();
        store().set("p1", expiringIn(clock(), json("\"n\":1"), Duration.ofHours(1)), SetMode.IF_ABSENT);

        assertThat(idsOf("ada")).as("a login in flight while the index was read is still found").containsExactly("p1");
    }

    @Test
    default void add_twice_listsTheSessionOnce() {
        login("ada", "p1", "\"n\":1", Duration.ofHours(1));

        principalIndex().add("ada", "p1", clock().instant().plus(Duration.ofHours(12)));

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
        principalIndex().add("mallory", "never-written", null);
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
}
