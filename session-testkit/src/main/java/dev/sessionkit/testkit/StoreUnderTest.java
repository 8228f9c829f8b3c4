package dev.sessionkit.testkit;

import dev.sessionkit.store.SessionStore;
import java.time.Duration;

/**
 * What the store contracts need of a store's test: the store created for the current test, its clock, and a way to
 * move time for it. {@link SessionStoreContract} implements it; the facet contracts
 * ({@link SessionEnumerationContract}, {@link PrincipalIndexContract}) build on it.
 */
public interface StoreUnderTest {

    /**
     * Returns the store under test, new for each test.
     *
     * @return the store
     */
    SessionStore store();

    /**
     * Returns the clock the store computes its time-to-live with, new for each test.
     *
     * @return the clock
     */
    MutableClock clock();

    /**
     * Moves time forward for the store, as {@link SessionStoreContract#advance(MutableClock, Duration)} does.
     *
     * @param duration how far to move, positive
     */
    void advanceTime(Duration duration);
}
