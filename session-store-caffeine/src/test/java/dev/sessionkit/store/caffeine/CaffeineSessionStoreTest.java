package dev.sessionkit.store.caffeine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkit.store.SessionEnumeration;
import dev.sessionkit.store.SessionRecord;
import dev.sessionkit.store.SessionStore;
import dev.sessionkit.store.SessionStore.SetMode;
import dev.sessionkit.testkit.EnumeratedIndexContract;
import dev.sessionkit.testkit.MutableClock;
import dev.sessionkit.testkit.SessionStoreContract;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CaffeineSessionStoreTest extends SessionStoreContract implements EnumeratedIndexContract {

    @Override
    protected SessionStore createStore(MutableClock clock) {
        return CaffeineSessionStore.builder().clock(clock).defaultTtl(defaultTtl()).build();
    }

    private static SessionEnumeration enumerationOf(SessionStore store) {
        return store.facets().enumeration().orElseThrow();
    }

    @Test
    void estimatedSize_isCaffeinesEstimate_atOnce() {
        store().set("a", record(1), SetMode.IF_ABSENT);
        store().set("b", record(2), SetMode.IF_ABSENT);

        assertThat(enumeration().estimatedSize()).hasValue(2);
    }

    private static SessionRecord record(int n) {
        return SessionRecord.of("{\"cookie\":{\"path\":\"/\"},\"n\":" + n + "}", null);
    }

    @Test
    void set_moreSessionsThanMaximumSize_keepsAtMostMaximumSize() {
        CaffeineSessionStore store = CaffeineSessionStore.builder().maximumSize(100).clock(clock()).build();

        for (int i = 0; i < 1_000; i++) {
            assertThat(store.set("flood-" + i, record(i), SetMode.IF_ABSENT)).isTrue();
        }

        assertThat(enumerationOf(store).length()).isBetween(1L, 100L);
        assertThat(enumerationOf(store).ids()).hasSizeLessThanOrEqualTo(100);
        long readable = IntStream.range(0, 1_000).filter(i -> store.get("flood-" + i).isPresent()).count();
        assertThat(readable).as("sessions readable after the flood").isBetween(1L, 100L);
    }

    @Test
    void set_floodOfNewSessions_keepsSessionInRegularUse() {
        CaffeineSessionStore store = CaffeineSessionStore.builder().maximumSize(100).clock(clock()).build();
        // Caffeine starts counting how often sessions are used once the cache is half full.
        for (int i = 0; i < 60; i++) {
            store.set("established-" + i, record(i), SetMode.IF_ABSENT);
        }
        store.set("regular", record(-1), SetMode.IF_ABSENT);
        for (int i = 0; i < 20; i++) {
            assertThat(store.get("regular")).isPresent();
        }

        for (int i = 0; i < 1_000; i++) {
            store.set("flood-" + i, record(i), SetMode.IF_ABSENT);
        }

        assertThat(store.get("regular")).isPresent();
        assertThat(enumerationOf(store).length()).isLessThanOrEqualTo(100);
    }

    /** Reads of a busy session stay reads: a touch that moves the expiry by less than a second is not written. */
    @Test
    void getAndTouch_movesExpiryByLessThanASecond_notWritten_moreThanASecond_written() {
        java.time.Instant start = clock().instant();
        store().set("s1", SessionRecord.of(record(1).json(), start.plusSeconds(10)), SetMode.ALWAYS);

        clock().advance(Duration.ofMillis(900));
        assertThat(store().getAndTouch("s1", clock().instant().plusSeconds(10))).contains(record(1).json());
        clock().set(start.plusSeconds(10));
        assertThat(store().get("s1")).as("the 0.9 s touch was not written").isEmpty();

        java.time.Instant later = start.plusSeconds(20);
        clock().set(later);
        store().set("s2", SessionRecord.of(record(2).json(), later.plusSeconds(10)), SetMode.ALWAYS);
        clock().advance(Duration.ofMillis(1500));
        assertThat(store().getAndTouch("s2", clock().instant().plusSeconds(10))).contains(record(2).json());
        clock().set(later.plusSeconds(11));
        assertThat(store().get("s2")).as("the 1.5 s touch was written").contains(record(2).json());
        clock().set(later.plusSeconds(12));
        assertThat(store().get("s2")).isEmpty();
    }

    @Test
    void getAndTouch_expiryInPast_returnsJsonAndDeletesSession() {
        store().set("s1", record(1), SetMode.ALWAYS);

        assertThat(store().getAndTouch("s1", clock().instant().minusSeconds(1))).contains(record(1).json());

        assertThat(store().get("s1")).isEmpty();
    }

    @Test
    void create_defaults_storesAndReadsSessions() {
        CaffeineSessionStore store = CaffeineSessionStore.create();

        store.set("s1", record(1), SetMode.ALWAYS);

        assertThat(store.get("s1")).contains("{\"cookie\":{\"path\":\"/\"},\"n\":1}");
        assertThat(store).hasToString("CaffeineSessionStore{maximumSize=100000, maximumBytes=134217728, "
                + "defaultTtl=PT24H, estimatedSize=1}");
    }

    @Test
    void maximumBytes_fewClientsWithLargeSessions_cannotGrowTheStorePastIt() {
        // 1 MiB for records of about 128 KiB each (64 Ki characters): at most 8 fit, whatever the count bound.
        CaffeineSessionStore store = CaffeineSessionStore.builder().maximumSize(1000).maximumBytes(1024 * 1024)
                .clock(clock()).build();
        String large = "{\"cookie\":{\"path\":\"/\"},\"blob\":\"" + "x".repeat(64 * 1024) + "\"}";

        for (int i = 0; i < 50; i++) {
            store.set("large-" + i, SessionRecord.of(large, null), SetMode.IF_ABSENT);
        }

        assertThat(enumerationOf(store).length()).isBetween(1L, 8L);
    }

    @Test
    void maximumBytes_smallSessions_countBoundStillHolds() {
        CaffeineSessionStore store = CaffeineSessionStore.builder().maximumSize(100).maximumBytes(64 * 1024 * 1024)
                .clock(clock()).build();

        for (int i = 0; i < 1000; i++) {
            store.set("small-" + i, record(i), SetMode.IF_ABSENT);
        }

        assertThat(enumerationOf(store).length()).isBetween(1L, 100L);
    }

    @Test
    void maximumBytes_under64KiB_throwsIllegalArgumentNamingIt() {
        assertThatThrownBy(() -> CaffeineSessionStore.builder().maximumBytes(1000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maximumBytes must be at least 65536, was 1000");
    }

    @Test
    void maximumSize_zero_throwsIllegalArgumentNamingIt() {
        assertThatThrownBy(() -> CaffeineSessionStore.builder().maximumSize(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maximumSize must be positive, was 0");
    }

    @Test
    void maximumSize_negative_throwsIllegalArgumentNamingIt() {
        assertThatThrownBy(() -> CaffeineSessionStore.builder().maximumSize(-5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maximumSize must be positive, was -5");
    }

    @Test
    void defaultTtl_null_throwsNullPointerNamingIt() {
        assertThatThrownBy(() -> CaffeineSessionStore.builder().defaultTtl(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("defaultTtl");
    }

    @Test
    void defaultTtl_zero_throwsIllegalArgumentNamingIt() {
        assertThatThrownBy(() -> CaffeineSessionStore.builder().defaultTtl(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("defaultTtl must be at least one second, was PT0S");
    }

    @Test
    void defaultTtl_negative_throwsIllegalArgumentNamingIt() {
        assertThatThrownBy(() -> CaffeineSessionStore.builder().defaultTtl(Duration.ofMinutes(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("defaultTtl must be at least one second, was PT-1M");
    }

    @Test
    void defaultTtl_underOneSecond_throwsIllegalArgumentNamingIt() {
        assertThatThrownBy(() -> CaffeineSessionStore.builder().defaultTtl(Duration.ofMillis(999)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("defaultTtl must be at least one second, was PT0.999S");
    }

    @Test
    void clock_null_throwsNullPointerNamingIt() {
        assertThatThrownBy(() -> CaffeineSessionStore.builder().clock(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("clock");
    }

    @Test
    void set_expiryCenturiesAhead_keepsSession() {
        CaffeineSessionStore store = CaffeineSessionStore.builder().clock(clock()).build();

        store.set("s1", SessionRecord.of("{}", clock().instant().plus(Duration.ofDays(365L * 500))), SetMode.ALWAYS);
        clock().advance(Duration.ofDays(365L * 50));

        assertThat(store.get("s1")).contains("{}");
    }
}
