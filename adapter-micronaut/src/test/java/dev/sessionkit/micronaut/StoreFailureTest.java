package dev.sessionkit.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkit.SessionConfig;
import dev.sessionkit.testkit.InMemorySessionStore;
import dev.sessionkit.testkit.RecordingSessionStore;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A store that fails while the filter commits: 503, plain text, no detail, no cookie. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StoreFailureTest {

    @Test
    void commit_storeFails_answers503WithoutCookie() {
        RecordingSessionStore store = RecordingSessionStore.wrap(InMemorySessionStore.create(Clock.systemUTC()));
        SessionConfig<?> config = SessionConfig.builder().store(store).secret("a micronaut test secret of 32+ characters").autoSave(true).build();
        try (TestServer server = TestServer.start("failing-commit", Map.of(), config)) {
            HttpResponse<String> response = server.get("/failing-commit");

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).isEqualTo("Service Unavailable");
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/plain"));
            assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
            assertThat(store.operations()).containsExactly("set");
        }
    }

    @Test
    void handler_storeFails_answers503PlainText() {
        RecordingSessionStore store = RecordingSessionStore.wrap(InMemorySessionStore.create(Clock.systemUTC()));
        SessionConfig<?> config = SessionConfig.builder().store(store).secret("a micronaut test secret of 32+ characters").build();
        try (TestServer server = TestServer.start("reference", Map.of(), config)) {
            store.failing(true);

            HttpResponse<String> response = server.get("/views");

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).isEqualTo("Service Unavailable");
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/plain"));
        }
    }
}
