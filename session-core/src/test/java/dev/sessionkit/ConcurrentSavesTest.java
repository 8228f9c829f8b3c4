package dev.sessionkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two requests on one session, interleaved by hand: each loads, then they save one after the other. Saves of a
 * loaded session replace the record they loaded (compare-and-set) and merge per key when another writer got there
 * first; {@link Session#update} re-applies its change.
 */
class ConcurrentSavesTest {

    private static final String SECRET = "concurrent saves secret of 32+ characters";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CoreHarness harness = new CoreHarness(SECRET);
    private final FakeStore store = harness.store;

    /** Logs in a session with the given data; returns its cookie pair. */
    private String loggedIn(Map<String, Object> data) {
        String setCookie = harness.run(null, ctx -> {
            data.forEach(ctx.session().data()::put);
            ctx.session().save();
        }).setCookie();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private String idIn(String cookie) {
        String value = URLDecoder.decode(cookie.substring(cookie.indexOf('=') + 1), StandardCharsets.UTF_8);
        return CookieSigner.of(SECRET).unsign(value.substring(2)).orElseThrow();
    }

    /** Opens a request and loads its session, as a handler that has started but not saved yet. */
    private SessionContext<SessionData> loaded(String cookie) {
        SessionContext<SessionData> context = harness.manager().open(new FakeExchange().cookie(cookie));
        assertThat(context.session().isNew()).isFalse();
        return context;
    }

    private static void finish(SessionContext<SessionData> context) {
        context.commit();
        context.close();
    }

    /** The stored data, without cookie and metadata. */
    private Map<String, Object> stored(String cookie) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> record = JSON.readValue(store.peek(idIn(cookie)).orElseThrow(), Map.class);
        record.remove("cookie");
        record.remove("__sessionkit");
        return record;
    }

    /**
     * Plays the race of issue 13: two requests load {@code {user, role}}; one removes the role and saves, then the
     * other, stale, sets {@code cart} and saves. Returns the stale request, not yet finished.
     */
    private SessionContext<SessionData> roleDropRace(String cookie) {
        SessionContext<SessionData> a = loaded(cookie);
        SessionContext<SessionData> b = loaded(cookie);
        a.session().data().remove("role");
        a.session().save();
        finish(a);
        b.session().data().put("cart", "3 items");
        b.session().save();
        return b;
    }

    @Test
    void roleDropped_thenAStaleRequestSavesAnotherKey_roleStaysDropped() throws Exception {
        String cookie = loggedIn(Map.of("user", "victim", "role", "admin"));

        SessionContext<SessionData> b = roleDropRace(cookie);

        assertThat(stored(cookie)).isEqualTo(Map.of("user", "victim", "cart", "3 items"));
        assertThat(b.session().data().asMap()).as("the stale request now holds the merged data")
                .isEqualTo(Map.of("user", "victim", "cart", "3 items"));
        assertThat(store.operations()).containsSubsequence("replace", "replace", "replace");
        finish(b);
    }

    @Test
    void bothChangeOneKey_lastWriterWinsForThatKeyOnly() throws Exception {
        String cookie = loggedIn(Map.of("theme", "light", "lang", "en"));
        SessionContext<SessionData> a = loaded(cookie);
        SessionContext<SessionData> b = loaded(cookie);

        a.session().data().put("theme", "dark").put("lang", "fr");
        a.session().save();
        finish(a);
        b.session().data().put("theme", "blue");
        b.session().save();
        finish(b);

        assertThat(stored(cookie)).isEqualTo(Map.of("theme", "blue", "lang", "fr"));
    }

    @Test
    void bothChangeOneKey_underFail_throwsAndWritesNothing() throws Exception {
        harness.configure(options -> options.conflictPolicy(ConflictPolicy.FAIL));
        String cookie = loggedIn(Map.of("theme", "light"));
        SessionContext<SessionData> a = loaded(cookie);
        SessionContext<SessionData> b = loaded(cookie);
        a.session().data().put("theme", "dark");
        a.session().save();
        finish(a);
        String afterA = store.peek(idIn(cookie)).orElseThrow();

        b.session().data().put("theme", "blue").put("other", 1);
        assertThatThrownBy(() -> b.session().save()).isInstanceOf(SessionConflictException.class)
                .hasMessageContaining("[theme]").hasMessageNotContaining("blue").hasMessageNotContaining("dark");

        assertThat(store.peek(idIn(cookie))).contains(afterA);
        b.close();
    }

    @Test
    void bothChangeOneKey_toTheSameValue_isNoConflict_evenUnderFail() throws Exception {
        harness.configure(options -> options.conflictPolicy(ConflictPolicy.FAIL));
        String cookie = loggedIn(Map.of("step", 1));
        SessionContext<SessionData> a = loaded(cookie);
        SessionContext<SessionData> b = loaded(cookie);
        a.session().data().put("step", 2);
        a.session().save();
        finish(a);

        b.session().data().put("step", 2).put("seen", true);
        b.session().save();
        finish(b);

        assertThat(stored(cookie)).isEqualTo(Map.of("step", 2, "seen", true));
    }

    @Test
    void update_twoStaleRequestsIncrement_bothCount() throws Exception {
        String cookie = loggedIn(Map.of("visits", 0));
        SessionContext<SessionData> a = loaded(cookie);
        SessionContext<SessionData> b = loaded(cookie);

        a.session().update(data -> data.put("visits", data.getLong("visits").orElse(0) + 1));
        finish(a);
        SessionData saved = b.session().update(data -> data.put("visits", data.getLong("visits").orElse(0) + 1));
        finish(b);

        assertThat(saved.getLong("visits")).hasValue(2);
        assertThat(stored(cookie)).isEqualTo(Map.of("visits", 2));
    }

    @Test
    void update_keepsTheRequestsOtherChanges_andAppliesTheChangeToFreshData() throws Exception {
        String cookie = loggedIn(Map.of("attempts", 3));
        SessionContext<SessionData> a = loaded(cookie);
        SessionContext<SessionData> b = loaded(cookie);
        a.session().update(data -> data.put("attempts", data.getLong("attempts").orElse(0) + 1));
        finish(a);

        b.session().data().put("lastPage", "/pay");
        b.session().update(data -> data.put("attempts", data.getLong("attempts").orElse(0) + 1));
        finish(b);

        assertThat(stored(cookie)).isEqualTo(Map.of("attempts", 5, "lastPage", "/pay"));
    }

    @Test
    void save_afterAnotherRequestDestroyedTheSession_staysDestroyed() {
        String cookie = loggedIn(Map.of("user", "ada"));
        SessionContext<SessionData> late = loaded(cookie);
        harness.run(cookie, ctx -> ctx.session().destroy());

        late.session().data().put("cart", "1 item");
        late.session().update(data -> data.put("n", 1));

        assertThat(store.peek(idIn(cookie))).isEmpty();
        late.commit();
        late.close();
        assertThat(store.size()).isZero();
    }

    @Test
    void recordThatKeepsChanging_givesUpAfterBoundedAttempts_writingNothing() {
        String cookie = loggedIn(Map.of("n", 0));
        String id = idIn(cookie);
        SessionContext<SessionData> stale = loaded(cookie);
        // Another writer that rewrites the record before each of this request's attempts.
        FakeStore.Hook rewrite = (operation, key) -> {
            if (operation.equals("replace")) {
                store.put(key, "{\"n\":" + System.nanoTime() + "}");
            }
        };
        store.before(rewrite);
        stale.session().data().put("m", 1);

        assertThatThrownBy(() -> stale.session().save()).isInstanceOf(SessionConflictException.class)
                .hasMessageContaining(SessionSave.MAX_ATTEMPTS + " times");

        store.before(null);
        assertThat(Collections.frequency(store.operations(), "replace")).isEqualTo(SessionSave.MAX_ATTEMPTS);
        assertThat(store.peek(id).orElseThrow()).doesNotContain("\"m\"");
        stale.close();
    }

    @Test
    void nodeWriterMeanwhile_itsKeysKept_andTheCreationTimeOfTheRecordWins() throws Exception {
        String cookie = loggedIn(Map.of("user", "ada"));
        String id = idIn(cookie);
        SessionContext<SessionData> java = loaded(cookie);
        String original = store.peek(id).orElseThrow();
        // express-session's save of the same session: another cookie expiry, a key of its own, our field kept.
        store.put(id, original.replace("\"user\":\"ada\"", "\"user\":\"ada\",\"fromNode\":true"));

        java.session().data().put("fromJava", true);
        java.session().save();
        finish(java);

        assertThat(stored(cookie)).isEqualTo(Map.of("user", "ada", "fromNode", true, "fromJava", true));
        String created = JSON.readTree(original).get("__sessionkit").get("created").asText();
        assertThat(JSON.readTree(store.peek(id).orElseThrow()).get("__sessionkit").get("created").asText())
                .isEqualTo(created);
    }

    @Test
    void labelSetByAnotherRequest_isKeptByAMergingSave() throws Exception {
        String cookie = loggedIn(Map.of("user", "ada"));
        harness.run(cookie, ctx -> {
            ctx.session().principal("ada");
            ctx.session().save();
        });
        SessionContext<SessionData> stale = loaded(cookie);
        harness.run(cookie, ctx -> {
            ctx.session().label("Firefox on Linux");
            ctx.session().save();
        });

        stale.session().data().put("x", 1);
        stale.session().save();
        finish(stale);

        assertThat(JSON.readTree(store.peek(idIn(cookie)).orElseThrow()).get("__sessionkit").get("label").asText())
                .isEqualTo("Firefox on Linux");
    }

}
