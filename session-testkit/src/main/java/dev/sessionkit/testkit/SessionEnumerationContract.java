package dev.sessionkit.testkit;

import static dev.sessionkit.testkit.StoreRecords.browserSession;
import static dev.sessionkit.testkit.StoreRecords.expiringIn;
import static dev.sessionkit.testkit.StoreRecords.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkit.store.SessionEnumeration;
import dev.sessionkit.store.SessionStore.SetMode;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The behaviour of the {@link SessionEnumeration} facet, as JUnit 5 tests: a store's test that extends
 * {@link SessionStoreContract} implements this interface too when its store offers the facet. Ids and counts cover
 * live sessions only; {@code clear} deletes them all and leaves a working store.
 */
public interface SessionEnumerationContract extends StoreUnderTest {

    /**
     * Returns the facet under test.
     *
     * @return the store's enumeration
     * @throws AssertionError when the store does not offer it
     */
    default SessionEnumeration enumeration() {
        return store().facets().enumeration().orElseThrow(() -> new AssertionError(
                "the store's facets() offer no enumeration, yet its test implements SessionEnumerationContract"));
    }

    private void write(String id, String json) {
        assertThat(store().set(id, browserSession(json), SetMode.ALWAYS)).as("set(%s, ALWAYS)", id).isTrue();
    }

    private void writeLiveAndGone() {
        write("a", json("\"v\":1"));
        write("b", json("\"v\":2"));
        store().set("short", expiringIn(clock(), json("\"v\":3"), Duration.ofSeconds(10)), SetMode.ALWAYS);
        store().set("c", expiringIn(clock(), json("\"v\":4"), Duration.ofSeconds(600)), SetMode.ALWAYS);
        store().destroy("b");
        advanceTime(Duration.ofSeconds(11));
    }

    @Test
    default void facets_offerTheEnumeration_sameEachTime() {
        assertThat(store().facets().enumeration()).isPresent();
        assertThat(store().facets().enumeration().orElseThrow()).isSameAs(enumeration());
    }

    @Test
    default void ids_liveAndExpiredRecords_returnsExactlyLiveIds() {
        writeLiveAndGone();

        Set<String> ids = enumeration().ids();

        assertThat(ids).containsExactlyInAnyOrder("a", "c");
    }

    @Test
    default void length_liveAndExpiredRecords_countsOnlyLiveOnes() {
        assertThat(enumeration().length()).as("a new store").isZero();
        writeLiveAndGone();

        long length = enumeration().length();

        assertThat(length).isEqualTo(2);
    }

    @Test
    default void clear_storeWithRecords_removesEveryRecord() {
        for (int i = 0; i < 25; i++) {
            write("s" + i, json("\"v\":" + i));
        }

        enumeration().clear();

        assertThat(enumeration().length()).isZero();
        assertThat(enumeration().ids()).isEmpty();
        assertThat(store().get("s0")).isEmpty();
        assertThat(store().get("s24")).isEmpty();
        write("after", json("\"v\":1"));
        assertThat(enumeration().ids()).as("the store still works after clear").containsExactly("after");
    }
}
