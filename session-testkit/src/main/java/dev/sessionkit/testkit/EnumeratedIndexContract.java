package dev.sessionkit.testkit;

import static dev.sessionkit.testkit.StoreRecords.expiringIn;
import static dev.sessionkit.testkit.StoreRecords.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkit.store.PrincipalIndex;
import dev.sessionkit.store.SessionStore.SetMode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What a store with both the enumeration and the principal index must also do: {@code clear} removes the index with
 * the sessions. A store's test implements it in place of {@link SessionEnumerationContract} and
 * {@link PrincipalIndexContract}, which it extends.
 */
public interface EnumeratedIndexContract extends SessionEnumerationContract, PrincipalIndexContract {

    @Test
    default void clear_removesTheIndexToo() {
        principalIndex().add("ada", "p1", null, PrincipalIndex.MAX_SESSIONS);
        store().set("p1", expiringIn(clock(), json("\"n\":1"), Duration.ofHours(1)), SetMode.IF_ABSENT);

        enumeration().clear();
        store().set("p1", expiringIn(clock(), json("\"n\":9"), Duration.ofHours(1)), SetMode.IF_ABSENT);

        assertThat(principalIndex().sessionsOf("ada")).isEmpty();
        assertThat(enumeration().ids()).containsExactly("p1");
    }
}
