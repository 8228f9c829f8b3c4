package dev.sessionkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkit.store.SessionRecord;
import dev.sessionkit.store.SessionStore;
import dev.sessionkit.store.SessionStore.Replaced;
import dev.sessionkit.store.SessionStore.SetMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SessionStore} must have, as JUnit 5 tests: a store's test class extends this class and
 * implements {@link #createStore(MutableClock)}.
 *
 * <p>The contract covers reads and writes (JSON returned exactly as written, including non-ASCII text and large
 * records), the three {@link SetMode}s, expiry (the record's expiry rounded up to whole seconds, else the store's
 * default time-to-live; a time-to-live of zero or less deletes), {@code touch} and {@code getAndTouch} (extend the
 * expiry, never rewrite or create), {@code destroy}, the compare-and-set {@code replace} (every byte compared, exactly
 * one winner of a race, never bringing back a destroyed session), and thread safety (no torn records under
 * concurrent writes, exactly one winner of an {@link SetMode#IF_ABSENT} race).
 *
 * <p>Optional capabilities have contracts of their own, which a store's test implements only when the store offers
 * the facet: {@link SessionEnumerationContract}, {@link PrincipalIndexContract}, and
 * {@link EnumeratedIndexContract} for a store with both.
 *
 * <p>Time never passes by sleeping: each test gets a fresh {@link MutableClock} and moves it with
 * {@link #advance(MutableClock, Duration)}. A store whose expiry is not driven by the JVM's clock (Redis expires
 * keys on the server) overrides that method so that the server sees the same passage of time.
 *
 * <p>A new store is created before each test; when it is {@link AutoCloseable} it is closed after the test.
 */
public abstract class SessionStoreContract implements StoreUnderTest {

    private static final String COOKIE = "{\"originalMaxAge\":null,\"expires\":null,\"httpOnly\":true,\"path\":\"/\"}";
    private static final Pattern CONCURRENT_RECORD = Pattern.compile("\"owner\":\"([a-z0-9]+)\",\"n\":(\\d+),");
    private static final long AWAIT_SECONDS = 30;

    private MutableClock clock;
    private SessionStore store;

    /** Creates the contract; subclasses are JUnit test classes. */
    protected SessionStoreContract() {
    }

    /**
     * Returns a new, empty store whose time-to-live computations read the given clock and whose time-to-live for
     * records without an expiry is {@link #defaultTtl()}. Called before each test.
     *
     * @param clock the clock the store must use to compute time-to-live
     * @return the store under test
     */
    protected abstract SessionStore createStore(MutableClock clock);

    /**
     * Returns the time-to-live the store created by {@link #createStore(MutableClock)} gives records without an
     * expiry. The default is one day (connect-redis's default).
     *
     * @return the default time-to-live, at least one second
     */
    protected Duration defaultTtl() {
        return Duration.ofDays(1);
    }

    /**
     * Moves time forward for the store. The default advances {@code clock}; a store that expires records somewhere
     * the clock does not reach (such as a Redis server) overrides this to make that happen too.
     *
     * @param clock the test's clock, the one given to {@link #createStore(MutableClock)}
     * @param duration how far to move, positive
     */
    protected void advance(MutableClock clock, Duration duration) {
        clock.advance(duration);
    }

    /**
     * Returns the store under test, for additional tests in a subclass.
     *
     * @return the store created for the current test
     */
    @Override
    public final SessionStore store() {
        return store;
    }

    /**
     * Returns the clock of the current test, for additional tests in a subclass.
     *
     * @return the clock given to {@link #createStore(MutableClock)}
     */
    @Override
    public final MutableClock clock() {
        return clock;
    }

    @BeforeEach
    final void createStoreUnderTest() {
        clock = MutableClock.fixed();
        store = createStore(clock);
        assertThat(store).as("createStore(clock)").isNotNull();
    }

    @AfterEach
    final void closeStoreUnderTest() throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private static String json(String data) {
        return "{\"cookie\":" + COOKIE + "," + data + "}";
    }

    private SessionRecord expiringIn(String json, Duration duration) {
        return SessionRecord.of(json, clock.instant().plus(duration));
    }

    private static SessionRecord browserSession(String json) {
        return SessionRecord.of(json, null);
    }

    @Override
    public final void advanceTime(Duration duration) {
        advance(clock, duration);
    }

    private void advance(Duration duration) {
        advance(clock, duration);
    }

    private void write(String id, String json) {
        assertThat(store.set(id, browserSession(json), SetMode.ALWAYS)).as("set(%s, ALWAYS)", id).isTrue();
    }

    // --- get and set --------------------------------------------------------------------------------------------

    @Test
    void get_unknownId_returnsEmpty() {
        assertThat(store.get("no-such-session")).isEmpty();
    }

    @Test
    void set_newRecord_getReturnsIdenticalJson() {
        String json = json("\"user\":\"ada\",\"visits\":3,\"roles\":[\"admin\",\"dev\"],\"nested\":{\"a\":null}");

        assertThat(store.set("s1", browserSession(json), SetMode.ALWAYS)).isTrue();

        assertThat(store.get("s1")).contains(json);
    }

    @Test
    void set_nonAsciiJson_roundTripsExactly() {
        String json = json("\"name\":\"Zoë Ørsted\",\"greeting\":\"こんにちは\",\"emoji\":\"😀🎉\","
                + "\"escaped\":\"tab\\tquote\\\"backslash\\\\ \\u2028\"");

        store.set("unicode", browserSession(json), SetMode.ALWAYS);

        assertThat(store.get("unicode")).contains(json);
    }

    @Test
    void set_fourKilobyteRecord_roundTripsExactly() {
        StringBuilder payload = new StringBuilder();
        for (int i = 0; payload.length() < 4096; i++) {
            payload.append("item-").append(i).append("-é;");
        }
        String json = json("\"payload\":\"" + payload + "\"");
        assertThat(json.length()).isGreaterThan(4096);

        store.set("big", browserSession(json), SetMode.ALWAYS);

        assertThat(store.get("big")).contains(json);
    }

    @Test
    void setAlways_existingId_overwritesAndReturnsTrue() {
        write("s1", json("\"v\":1"));

        boolean written = store.set("s1", browserSession(json("\"v\":2")), SetMode.ALWAYS);

        assertThat(written).isTrue();
        assertThat(store.get("s1")).contains(json("\"v\":2"));
    }

    @Test
    void setIfAbsent_existingId_returnsFalseAndKeepsRecord() {
        write("s1", json("\"owner\":\"first\""));

        boolean written = store.set("s1", browserSession(json("\"owner\":\"second\"")), SetMode.IF_ABSENT);

        assertThat(written).isFalse();
        assertThat(store.get("s1")).contains(json("\"owner\":\"first\""));
    }

    @Test
    void setIfAbsent_newId_writesAndReturnsTrue() {
        boolean written = store.set("s1", browserSession(json("\"v\":1")), SetMode.IF_ABSENT);

        assertThat(written).isTrue();
        assertThat(store.get("s1")).contains(json("\"v\":1"));
    }

    @Test
    void setIfAbsent_expiredRecord_writesAndReturnsTrue() {
        store.set("s1", expiringIn(json("\"v\":\"old\""), Duration.ofSeconds(10)), SetMode.ALWAYS);
        advance(Duration.ofSeconds(11));

        boolean written = store.set("s1", browserSession(json("\"v\":\"new\"")), SetMode.IF_ABSENT);

        assertThat(written).as("an expired record counts as absent").isTrue();
        assertThat(store.get("s1")).contains(json("\"v\":\"new\""));
    }

    @Test
    void setIfAbsent_refused_keepsOriginalExpiry() {
        store.set("s1", expiringIn(json("\"v\":1"), Duration.ofSeconds(60)), SetMode.ALWAYS);
        advance(Duration.ofSeconds(50));

        store.set("s1", expiringIn(json("\"v\":2"), Duration.ofSeconds(600)), SetMode.IF_ABSENT);
        advance(Duration.ofSeconds(20));

        assertThat(store.get("s1")).as("a refused write must not extend the record's life").isEmpty();
    }

    @Test
    void setIfPresent_absentId_returnsFalseAndCreatesNothing() {
        boolean written = store.set("s1", browserSession(json("\"v\":1")), SetMode.IF_PRESENT);

        assertThat(written).isFalse();
        assertThat(store.get("s1")).isEmpty();
    }

    @Test
    void setIfPresent_existingId_overwritesAndReturnsTrue() {
        write("s1", json("\"v\":1"));

        boolean written = store.set("s1", browserSession(json("\"v\":2")), SetMode.IF_PRESENT);

        assertThat(written).isTrue();
        assertThat(store.get("s1")).contains(json("\"v\":2"));
    }

    @Test
    void setIfPresent_expiredRecord_returnsFalseAndCreatesNothing() {
        store.set("s1", expiringIn(json("\"v\":1"), Duration.ofSeconds(10)), SetMode.ALWAYS);
        advance(Duration.ofSeconds(11));

        boolean written = store.set("s1", browserSession(json("\"v\":2")), SetMode.IF_PRESENT);

        assertThat(written).as("an expired session must not be brought back").isFalse();
        assertThat(store.get("s1")).isEmpty();
    }

    @Test
    void setIfPresent_destroyedRecord_returnsFalseAndCreatesNothing() {
        write("s1", json("\"v\":1"));
        store.destroy("s1");

        boolean written = store.set("s1", browserSession(json("\"v\":2")), SetMode.IF_PRESENT);

        assertThat(written).as("a destroyed session must not be brought back").isFalse();
        assertThat(store.get("s1")).isEmpty();
    }

    @Test
    void set_otherId_doesNotChangeFirstRecord() {
        String first = json("\"who\":\"first\"");
        write("s1", first);

        write("s2", json("\"who\":\"second\""));
        store.set("s2", browserSession(json("\"who\":\"second, again\"")), SetMode.ALWAYS);

        assertThat(store.get("s1")).contains(first);
        assertThat(store.get("s2")).contains(json("\"who\":\"second, again\""));
    }

    @Test
    void get_calledRepeatedly_returnsEqualJson() {
        String json = json("\"cart\":[1,2,3]");
        write("s1", json);

        Optional<String> first = store.get("s1");
        Optional<String> second = store.get("s1");

        assertThat(first).contains(json);
        assertThat(second).isEqualTo(first);
    }

    // --- destroy ------------------------------------------------------------------------------------------------

    @Test
    void destroy_existingId_removesRecord() {
        write("s1", json("\"v\":1"));
        write("s2", json("\"v\":2"));

        store.destroy("s1");

        assertThat(store.get("s1")).isEmpty();
        assertThat(store.get("s2")).as("other sessions are untouched").contains(json("\"v\":2"));
    }

    @Test
    void destroy_unknownId_doesNothing() {
        write("s1", json("\"v\":1"));

        store.destroy("no-such-session");

        assertThat(store.get("no-such-session")).isEmpty();
        assertThat(store.get("s1")).contains(json("\"v\":1"));
    }

    // --- expiry -------------------------------------------------------------------------------------------------

    @Test
    void set_expiryInFuture_expiresAtThatInstant() {
        store.set("s1", expiringIn(json("\"v\":1"), Duration.ofSeconds(90)), SetMode.ALWAYS);

        advance(Duration.ofSeconds(89));
        assertThat(store.get("s1")).as("1 s before expiry").contains(json("\"v\":1"));

        advance(Duration.ofSeconds(2));
        assertThat(store.get("s1")).as("1 s after expiry").isEmpty();
    }

    @Test
    void set_expiryWithFractionOfSecond_roundsTimeToLiveUp() {
        store.set("s1", expiringIn(json("\"v\":1"), Duration.ofMillis(1500)), SetMode.ALWAYS);

        advance(Duration.ofMillis(1700));
        assertThat(store.get("s1")).as("1.5 s rounds up to a time-to-live of 2 s").contains(json("\"v\":1"));

        advance(Duration.ofMillis(800));
        assertThat(store.get("s1")).as("2.5 s after the write").isEmpty();
    }

    @Test
    void set_noExpiry_usesDefaultTtl() {
        store.set("s1", browserSession(json("\"v\":1")), SetMode.ALWAYS);

        advance(defaultTtl().minusSeconds(1));
        assertThat(store.get("s1")).as("1 s before the default time-to-live ends").contains(json("\"v\":1"));

        advance(Duration.ofSeconds(2));
        assertThat(store.get("s1")).as("1 s after the default time-to-live ended").isEmpty();
    }

    @Test
    void set_shorterExpiryOverLongerOne_replacesExpiry() {
        store.set("s1", expiringIn(json("\"v\":1"), Duration.ofSeconds(600)), SetMode.ALWAYS);

        store.set("s1", expiringIn(json("\"v\":2"), Duration.ofSeconds(60)), SetMode.IF_PRESENT);
        advance(Duration.ofSeconds(61));

        assertThat(store.get("s1")).isEmpty();
    }

    @Test
    void setAlways_expiryInPast_deletesExistingRecordAndReturnsTrue() {
        write("s1", json("\"v\":1"));

        boolean result = store.set("s1", expiringIn(json("\"v\":2"), Duration.ofSeconds(-5)), SetMode.ALWAYS);

        assertThat(result).isTrue();
        assertThat(store.get("s1")).isEmpty();
    }

    @Test
    void setAlways_expiryNow_deletesExistingRecordAndReturnsTrue() {
        write("s1", json("\"v\":1"));

        boolean result = store.set("s1", SessionRecord.of(json("\"v\":2"), clock.instant()), SetMode.ALWAYS);

        assertThat(result).isTrue();
        assertThat(store.get("s1")).isEmpty();
    }

    @Test
    void setIfPresent_expiryInPast_deletesExistingRecordAndReturnsTrue() {
        write("s1", json("\"v\":1"));

        boolean result = store.set("s1", expiringIn(json("\"v\":2"), Duration.ofSeconds(-5)), SetMode.IF_PRESENT);

        assertThat(result).isTrue();
        assertThat(store.get("s1")).isEmpty();
    }

    @Test
    void setIfAbsent_expiryInPast_createsNothing() {
        store.set("s1", expiringIn(json("\"v\":1"), Duration.ofSeconds(-5)), SetMode.IF_ABSENT);

        assertThat(store.get("s1")).isEmpty();
    }

    // --- touch --------------------------------------------------------------------------------------------------

    @Test
    void touch_laterExpiry_extendsExpiryWithoutChangingJson() {
        String original = json("\"v\":\"A\"");
        store.set("s1", expiringIn(original, Duration.ofSeconds(60)), SetMode.ALWAYS);

        store.touch("s1", expiringIn(json("\"v\":\"B\""), Duration.ofSeconds(600)));
        advance(Duration.ofSeconds(120));

        assertThat(store.get("s1")).as("after the first expiry, data unchanged").contains(original);
        advance(Duration.ofSeconds(481));
        assertThat(store.get("s1")).as("after the touched expiry").isEmpty();
    }

    @Test
    void touch_noExpiry_usesDefaultTtl() {
        store.set("s1", expiringIn(json("\"v\":1"), Duration.ofSeconds(60)), SetMode.ALWAYS);

        store.touch("s1", browserSession(json("\"v\":1")));
        advance(Duration.ofSeconds(120));

        assertThat(store.get("s1")).contains(json("\"v\":1"));
    }

    @Test
    void touch_absentId_createsNothing() {
        store.touch("s1", expiringIn(json("\"v\":1"), Duration.ofSeconds(600)));

        assertThat(store.get("s1")).isEmpty();
    }

    @Test
    void touch_expiredRecord_doesNotBringItBack() {
        store.set("s1", expiringIn(json("\"v\":1"), Duration.ofSeconds(10)), SetMode.ALWAYS);
        advance(Duration.ofSeconds(11));

        store.touch("s1", expiringIn(json("\"v\":1"), Duration.ofSeconds(600)));

        assertThat(store.get("s1")).isEmpty();
    }

    @Test
    void touch_expiryInPast_deletesRecord() {
        write("s1", json("\"v\":1"));

        store.touch("s1", expiringIn(json("\"v\":1"), Duration.ofSeconds(-1)));

        assertThat(store.get("s1")).isEmpty();
    }

    // --- getAndTouch ---------------------------------------------------------------------------------------------

    @Test
    void getAndTouch_existingRecord_returnsJsonAndExtendsExpiry() {
        String original = json("\"v\":\"A\"");
        store.set("s1", expiringIn(original, Duration.ofSeconds(60)), SetMode.ALWAYS);

        Optional<String> json = store.getAndTouch("s1", clock.instant().plusSeconds(600));
        advance(Duration.ofSeconds(120));

        assertThat(json).contains(original);
        assertThat(store.get("s1")).as("after the first expiry, data unchanged").contains(original);
        advance(Duration.ofSeconds(481));
        assertThat(store.get("s1")).as("after the touched expiry").isEmpty();
    }

    @Test
    void getAndTouch_noExpiry_usesDefaultTtl() {
        store.set("s1", expiringIn(json("\"v\":1"), Duration.ofSeconds(60)), SetMode.ALWAYS);

        store.getAndTouch("s1", null);
        advance(defaultTtl().minusSeconds(1));
        assertThat(store.get("s1")).as("1 s before the default time-to-live ends").contains(json("\"v\":1"));

        advance(Duration.ofSeconds(2));
        assertThat(store.get("s1")).as("1 s after the default time-to-live ended").isEmpty();
    }

    @Test
    void getAndTouch_absentId_returnsEmptyAndCreatesNothing() {
        Optional<String> json = store.getAndTouch("s1", clock.instant().plusSeconds(600));

        assertThat(json).isEmpty();
        assertThat(store.get("s1")).isEmpty();
    }

    @Test
    void getAndTouch_expiredRecord_returnsEmptyAndDoesNotBringItBack() {
        store.set("s1", expiringIn(json("\"v\":1"), Duration.ofSeconds(10)), SetMode.ALWAYS);
        advance(Duration.ofSeconds(11));

        Optional<String> json = store.getAndTouch("s1", clock.instant().plusSeconds(600));

        assertThat(json).isEmpty();
        assertThat(store.get("s1")).isEmpty();
    }

    // --- concurrency --------------------------------------------------------------------------------------------

    /** A record that proves its own integrity: every part is derived from (owner, n), so a torn mix is detected. */
    private static String concurrentJson(String owner, int n) {
        String padding = owner.repeat(1 + 512 / owner.length());
        return "{\"cookie\":{\"originalMaxAge\":null,\"expires\":null,\"httpOnly\":true,\"path\":\"/\",\"note\":\""
                + owner + "\"},\"owner\":\"" + owner + "\",\"n\":" + n + ",\"check\":\"" + owner + "-" + n
                + "\",\"padding\":\"" + padding + "\"}";
    }

    /** Returns null when the JSON is a complete record written by {@link #concurrentJson}, else a description. */
    private static String checkConcurrentJson(String id, String json) {
        Matcher matcher = CONCURRENT_RECORD.matcher(json);
        if (!matcher.find()) {
            return id + ": unrecognisable record " + json;
        }
        String expected = concurrentJson(matcher.group(1), Integer.parseInt(matcher.group(2)));
        return expected.equals(json) ? null : id + ": torn record " + json;
    }

    private static ExecutorService pool(int threads) {
        AtomicInteger counter = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "store-contract-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    private static void awaitAll(List<Future<?>> futures) throws Exception {
        for (Future<?> future : futures) {
            future.get(AWAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    private static void shutdown(ExecutorService pool) throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(AWAIT_SECONDS, TimeUnit.SECONDS)).as("worker threads ended").isTrue();
    }

    @Test
    void concurrentSetAndGet_sharedIds_neverTornAndEndWithAWrittenValue() throws Exception {
        int threads = 8;
        int operations = 200;
        List<String> ids = List.of("shared-0", "shared-1", "shared-2", "shared-3", "shared-4");
        Map<String, Set<String>> written = new ConcurrentHashMap<>();
        for (String id : ids) {
            String seed = concurrentJson("seed", 0);
            written.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(seed);
            write(id, seed);
        }
        Queue<String> problems = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = pool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String owner = "t" + t;
                int offset = t;
                Callable<Void> worker = () -> {
                    assertThat(start.await(AWAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
                    for (int n = 0; n < operations; n++) {
                        String id = ids.get((offset + n) % ids.size());
                        if (n % 2 == 0) {
                            String json = concurrentJson(owner, n);
                            written.get(id).add(json);
                            if (!store.set(id, browserSession(json), SetMode.ALWAYS)) {
                                problems.add(id + ": set ALWAYS returned false");
                            }
                        } else {
                            Optional<String> json = store.get(id);
                            String problem = json.isEmpty() ? id + ": record vanished"
                                    : checkConcurrentJson(id, json.get());
                            if (problem != null) {
                                problems.add(problem);
                            }
                        }
                    }
                    return null;
                };
                futures.add(pool.submit(worker));
            }
            start.countDown();
            awaitAll(futures);
        } finally {
            shutdown(pool);
        }

        assertThat(problems).isEmpty();
        for (String id : ids) {
            assertThat(store.get(id)).as("final value of %s", id).hasValueSatisfying(
                    json -> assertThat(written.get(id)).contains(json));
        }
    }

    @Test
    void concurrentSetIfAbsent_sameId_exactlyOneWins() throws Exception {
        int threads = 8;
        int rounds = 25;
        ExecutorService pool = pool(threads);
        try {
            for (int round = 0; round < rounds; round++) {
                String id = "race-" + round;
                AtomicInteger wins = new AtomicInteger();
                AtomicReference<String> winner = new AtomicReference<>();
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    String json = concurrentJson("t" + t, round);
                    Callable<Void> contender = () -> {
                        assertThat(start.await(AWAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
                        if (store.set(id, browserSession(json), SetMode.IF_ABSENT)) {
                            wins.incrementAndGet();
                            winner.set(json);
                        }
                        return null;
                    };
                    futures.add(pool.submit(contender));
                }
                start.countDown();
                awaitAll(futures);

                assertThat(wins.get()).as("winners of round %d", round).isEqualTo(1);
                assertThat(store.get(id)).as("record of round %d", round).contains(winner.get());
            }
        } finally {
            shutdown(pool);
        }
    }

    // --- replace: the compare-and-set of a loaded session's save ------------------------------------------------

    @Test
    void replace_recordAsExpected_writesItWithItsExpiry() {
        write("r1", json("\"v\":1"));

        Replaced outcome = store.replace("r1", json("\"v\":1"), expiringIn(json("\"v\":2"), Duration.ofSeconds(90)));

        assertThat(outcome).isEqualTo(Replaced.written());
        assertThat(store.get("r1")).contains(json("\"v\":2"));
        advance(Duration.ofSeconds(91));
        assertThat(store.get("r1")).as("the replacement's expiry").isEmpty();
    }

    @Test
    void replace_recordChangedMeanwhile_returnsTheStoredRecord_writesNothing() {
        write("r1", json("\"v\":1"));
        write("r1", json("\"v\":\"other writer\""));

        Replaced outcome = store.replace("r1", json("\"v\":1"), browserSession(json("\"v\":2")));

        assertThat(outcome.outcome()).isEqualTo(Replaced.Outcome.CHANGED);
        assertThat(outcome.current()).isEqualTo(json("\"v\":\"other writer\""));
        assertThat(store.get("r1")).contains(json("\"v\":\"other writer\""));
    }

    @Test
    void replace_comparesEveryByte_nonAsciiAndLargeRecords() {
        String big = json("\"text\":\"Zoë 日本語 😀 " + "x".repeat(8_000) + "\"");
        write("r1", big);

        assertThat(store.replace("r1", big, browserSession(json("\"v\":2")))).isEqualTo(Replaced.written());
        write("r2", big);
        String oneCharacterOff = big.replace("😀", "😁");
        assertThat(store.replace("r2", oneCharacterOff, browserSession(json("\"v\":2"))).outcome())
                .isEqualTo(Replaced.Outcome.CHANGED);
    }

    @Test
    void replace_absentDestroyedOrExpired_returnsGone_createsNothing() {
        write("destroyed", json("\"v\":1"));
        store.destroy("destroyed");
        store.set("expired", expiringIn(json("\"v\":1"), Duration.ofSeconds(5)), SetMode.ALWAYS);
        advance(Duration.ofSeconds(6));

        for (String id : List.of("absent", "destroyed", "expired")) {
            assertThat(store.replace(id, json("\"v\":1"), browserSession(json("\"v\":2")))).as(id)
                    .isEqualTo(Replaced.gone());
            assertThat(store.get(id)).as(id).isEmpty();
        }
    }

    @Test
    void replace_expiryInPast_deletesTheMatchingRecord() {
        write("r1", json("\"v\":1"));

        Replaced outcome = store.replace("r1", json("\"v\":1"), expiringIn(json("\"v\":2"), Duration.ofSeconds(-1)));

        assertThat(outcome).isEqualTo(Replaced.written());
        assertThat(store.get("r1")).isEmpty();
    }

    @Test
    void concurrentReplace_sameExpected_exactlyOneWins() throws Exception {
        int threads = 8;
        int rounds = 25;
        ExecutorService pool = pool(threads);
        try {
            for (int round = 0; round < rounds; round++) {
                String id = "cas-" + round;
                String loaded = concurrentJson("loaded", round);
                write(id, loaded);
                AtomicInteger wins = new AtomicInteger();
                Queue<String> written = new ConcurrentLinkedQueue<>();
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    String json = concurrentJson("t" + t, round);
                    futures.add(pool.submit(() -> {
                        assertThat(start.await(AWAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
                        Replaced outcome = store.replace(id, loaded, browserSession(json));
                        if (outcome.outcome() == Replaced.Outcome.WRITTEN) {
                            wins.incrementAndGet();
                            written.add(json);
                        }
                        return null;
                    }));
                }
                start.countDown();
                awaitAll(futures);

                assertThat(wins.get()).as("winners of round %d", round).isEqualTo(1);
                assertThat(store.get(id)).as("record of round %d", round).contains(written.peek());
            }
        } finally {
            shutdown(pool);
        }
    }
}
