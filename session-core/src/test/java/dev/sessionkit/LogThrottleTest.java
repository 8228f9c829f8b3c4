package dev.sessionkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A store outage logs one line per interval, each saying how many it left out; time is passed in, never slept. */
class LogThrottleTest {

    @Test
    void firstLogged_restCountedUntilTheIntervalPasses_thenTheCountIsReported() {
        LogThrottle throttle = new LogThrottle(10_000);

        assertThat(throttle.check(1_000)).as("the first failure").isZero();
        assertThat(throttle.check(1_001)).isEqualTo(-1);
        assertThat(throttle.check(10_999)).isEqualTo(-1);
        assertThat(throttle.check(11_000)).as("10 s later: 2 not logged").isEqualTo(2);
        assertThat(throttle.check(11_500)).isEqualTo(-1);
        assertThat(throttle.check(30_000)).isEqualTo(1);
    }

    @Test
    void manyThreadsAtOnce_exactlyOneLogs_theOthersAreCounted() throws Exception {
        LogThrottle throttle = new LogThrottle(10_000);
        AtomicInteger logged = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 1000; i++) {
            pool.submit(() -> {
                if (throttle.check(5_000) >= 0) {
                    logged.incrementAndGet();
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        assertThat(logged.get()).isEqualTo(1);
        assertThat(throttle.check(15_000)).isEqualTo(999);
    }
}
