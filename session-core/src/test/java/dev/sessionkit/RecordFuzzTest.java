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

    /** One harness per combination of options (rolling, idle, absolute, maxAge): building one costs milliseconds. */
    private static final Map<Integer, CoreHarness> HARNESSES = new java.util.concurrent.ConcurrentHashMap<>();

    private static CoreHarness harness(int options) {
        CoreHarness harness = new CoreHarness(SECRET);
        harness.configure(builder -> {
            builder.rolling((options & 1) != 0);
            if ((options & 2) != 0) {
                builder.idleTimeout(Duration.ofMinutes(30));
            }
            if ((options & 4) != 0) {
                builder.absoluteTimeout(Duration.ofHours(12));
            }
            if ((options & 8) != 0) {
                builder.cookie(CookieOptions.builder().maxAge(Duration.ofHours(1)).build());
            }
            return builder;
        });
        return harness;
    }

    @FuzzTest
    void storedRecord(FuzzedDataProvider data) {
        int options = data.consumeInt(0, 15);
        CoreHarness harness = HARNESSES.computeIfAbsent(options, RecordFuzzTest::harness);
        harness.store.put(ID, new String(data.consumeRemainingAsBytes(), StandardCharsets.UTF_8));

        Map<String, Object>[] expected = new Map[1];
        harness.run(COOKIE, ctx -> {
            Session<SessionData> session = ctx.session();
            if (!session.isNew()) {
                assertThat(session.id()).isEqualTo(ID);
                session.data().put("touched", true);
                expected[0] = nullsAsText(session.data().asMap());
                session.save();
            }
        });

        if (expected[0] != null) {
            harness.run(COOKIE, ctx -> {
                assertThat(ctx.session().isNew()).as("the saved session loads again").isFalse();
                assertThat(nullsAsText(ctx.session().data().asMap())).isEqualTo(expected[0]);
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
