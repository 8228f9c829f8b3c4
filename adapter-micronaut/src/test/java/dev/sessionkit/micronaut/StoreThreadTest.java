package dev.sessionkit.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkit.CookieOptions;
import dev.sessionkit.SessionConfig;
import dev.sessionkit.testkit.InMemorySessionStore;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Store calls never run on a Netty event loop thread (Micronaut names them {@code default-eventLoopGroup-…}): not
 * in controllers, not when the filter commits, whichever thread the response arrives on; and a commit that calls no
 * store stays where the response arrived.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StoreThreadTest {

    private final ThreadRecordingStore store =
            new ThreadRecordingStore(InMemorySessionStore.create(Clock.systemUTC()));

    /** autoSave, rolling and saveUninitialized, so that commits write too. */
    private SessionConfig<?> config() {
        return SessionConfig.builder().store(store).secret("thread test secret of thirty-two chars").autoSave(true).rolling(true)
                .saveUninitialized(true).cookie(CookieOptions.builder().maxAge(Duration.ofHours(1)).build())
                .build();
    }

    private static List<String> operations(List<String> calls) {
        return calls.stream().map(call -> call.substring(0, call.indexOf('@'))).toList();
    }

    @Test
    void storeCalls_blockingController_neverOnEventLoop() {
        try (TestServer server = TestServer.start("reference", Map.of(), config())) {
            String cookie = TestServer.cookieOf(server.get("/views"));
            for (int i = 0; i < 10; i++) {
                server.get("/views/nosave", cookie);
                server.get("/views/peek", cookie);
                server.get("/cookie?maxAge=60", cookie);
            }
            String login = TestServer.cookieOf(server.get("/login?user=alice", cookie));
            server.get("/reload", login);
            server.get("/store/length", login);
            server.get("/logout", login);
        }

        assertThat(operations(store.calls())).contains("set", "getAndTouch", "get", "destroy", "length");
        assertThat(store.calls()).allSatisfy(call -> assertThat(call).doesNotContainIgnoringCase("eventloop"));
    }

    @Test
    void commit_responseCompletesOnEventLoop_storeWriteMovesOffLoop() {
        try (TestServer server = TestServer.start("async", Map.of(), config())) {
            String cookie = TestServer.cookieOf(server.get("/async/views"));
            store.reset();

            HttpResponse<String> second = server.get("/async/views", cookie);

            assertThat(second.body()).isEqualTo("2");
            assertThat(AsyncController.completedOn).as("the response arrived on").containsIgnoringCase("eventloop");
            assertThat(operations(store.calls())).as("autoSave's write happens at commit").contains("replace");
            assertThat(store.calls()).allSatisfy(call -> assertThat(call).doesNotContainIgnoringCase("eventloop"));
        }
    }

    @Test
    void commit_nothingToWrite_staysOnTheEventLoopWithoutAHandOff() {
        ThreadRecordingClock clock = new ThreadRecordingClock();
        SessionConfig<?> rollingOnly = SessionConfig.builder().store(store)
                .secret("thread test secret of thirty-two chars").rolling(true).clock(clock)
                .cookie(CookieOptions.builder().maxAge(Duration.ofHours(1)).build()).build();
        try (TestServer server = TestServer.start("async", Map.of(), rollingOnly)) {
            String cookie = TestServer.cookieOf(server.get("/async/save"));
            store.reset();

            HttpResponse<String> peek = server.get("/async/peek", cookie);

            assertThat(peek.body()).isEqualTo("1");
            assertThat(peek.headers().allValues("Set-Cookie")).as("rolling: the commit sent the cookie").hasSize(1);
            assertThat(AsyncController.completedOn).as("the response arrived on").containsIgnoringCase("eventloop");
            assertThat(clock.lastReadOn).as("the commit read the clock on").containsIgnoringCase("eventloop");
            assertThat(operations(store.calls())).containsExactly("getAndTouch");
            assertThat(store.calls()).allSatisfy(call -> assertThat(call).doesNotContainIgnoringCase("eventloop"));
        }
    }

    /** The system clock, remembering the thread of its last reading: a commit refreshes the cookie's expiry. */
    private static final class ThreadRecordingClock extends Clock {
        private final Clock clock = Clock.systemUTC();
        volatile String lastReadOn = "";

        @Override
        public ZoneId getZone() {
            return clock.getZone();
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("not needed");
        }

        @Override
        public Instant instant() {
            lastReadOn = Thread.currentThread().getName();
            return clock.instant();
        }

        @Override
        public long millis() {
            lastReadOn = Thread.currentThread().getName();
            return clock.millis();
        }
    }

    @Test
    void session_controllerOnEventLoop_failsWithoutStoreCall() {
        try (TestServer server = TestServer.start("plain", Map.of(), config())) {
            HttpResponse<String> views = server.get("/plain/views");
            HttpResponse<String> untouched = server.get("/plain/untouched");

            assertThat(views.statusCode()).isEqualTo(500);
            assertThat(views.headers().allValues("Set-Cookie")).isEmpty();
            assertThat(untouched.statusCode()).as("binding alone loads nothing").isEqualTo(200);
            assertThat(store.calls()).isEmpty();
        }
    }

    @Test
    void session_threadSelectionBlocking_runsOffLoop() {
        try (TestServer server = TestServer.start("plain", Map.of("micronaut.server.thread-selection", "BLOCKING"),
                config())) {
            String cookie = TestServer.cookieOf(server.get("/plain/views"));

            assertThat(server.get("/plain/views", cookie).body()).isEqualTo("2");
        }
        assertThat(store.calls()).isNotEmpty()
                .allSatisfy(call -> assertThat(call).doesNotContainIgnoringCase("eventloop"));
    }
}
