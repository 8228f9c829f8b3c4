package dev.sessionkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Any bytes as a stored record, under a few configurations: the request that loads it gets a session (the record's,
 * or a new one when it is unreadable or over), never an exception; and a session loaded from it saves and loads
 * again with the same data.
 */
class RecordFuzzTest {

    private static final String SECRET = "record fuzz secret of at least 32 chars";
    private static final String ID = "fuzzed-session-id";
    private static final String COOKIE = "connect.sid=" + Cookies.encodeUriComponent("s:"
            + CookieSigner.sign(ID, SECRET));

    @FuzzTest
    void storedRecord(FuzzedDataProvider data) {
        CoreHarness harness = new CoreHarness(SECRET);
        boolean rolling = data.consumeBoolean();
        boolean idle = data.consumeBoolean();
        boolean absolute = data.consumeBoolean();
        boolean maxAge = data.consumeBoolean();
        harness.configure(options -> {
            options.rolling(rolling);
            if (idle) {
                options.idleTimeout(Duration.ofMinutes(30));
            }
            if (absolute) {
                options.absoluteTimeout(Duration.ofHours(12));
            }
            if (maxAge) {
                options.cookie(CookieOptions.builder().maxAge(Duration.ofHours(1)).build());
            }
            return options;
        });
        harness.store.put(ID, new String(data.consumeRemainingAsBytes(), StandardCharsets.UTF_8));

        Map<String, Object>[] loaded = new Map[1];
        harness.run(COOKIE, ctx -> {
            Session<SessionData> session = ctx.session();
            if (!session.isNew()) {
                assertThat(session.id()).isEqualTo(ID);
                loaded[0] = Map.copyOf(nullsAsText(session.data().asMap()));
                session.data().put("touched", true);
                session.save();
            }
        });

        if (loaded[0] != null) {
            harness.run(COOKIE, ctx -> {
                assertThat(ctx.session().isNew()).as("the saved session loads again").isFalse();
                Map<String, Object> again = new java.util.HashMap<>(nullsAsText(ctx.session().data().asMap()));
                again.remove("touched");
                assertThat(again).isEqualTo(loaded[0]);
            });
        }
    }

    /** Map.copyOf refuses null values, which session data may hold. */
    private static Map<String, Object> nullsAsText(Map<String, Object> data) {
        Map<String, Object> copy = new java.util.HashMap<>();
        data.forEach((key, value) -> copy.put(key, value == null ? "<null>" : value));
        return copy;
    }
}
