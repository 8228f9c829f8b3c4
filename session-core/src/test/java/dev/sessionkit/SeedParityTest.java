package dev.sessionkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkit.store.SessionStore.SetMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The options and methods h3-session's README names (the seed SessionKit was ported from), each driven through core
 * request by request, with the behaviours where SessionKit differs from it pinned down. The README's "Where SessionKit
 * differs" section says why each difference is there.
 */
class SeedParityTest {

    private static final String SECRET = "keyboard cat keyboard cat keyboard cat";
    /** The harness clock's start, 2030-01-02T03:04:05Z, plus two hours. */
    private static final Instant TWO_HOURS_ON = Instant.parse("2030-01-02T05:04:05Z");

    private final CoreHarness harness = new CoreHarness(SECRET);
    private final TestClock clock = harness.clock;
    private final FakeStore store = harness.store;
    private FakeExchange last;

    private void configure(UnaryOperator<SessionConfig.Builder<SessionData>> options) {
        harness.configure(options);
    }

    /** Runs one request as an adapter would and returns its Set-Cookie header, or null. */
    private String request(String cookie, Consumer<SessionContext<SessionData>> handler) {
        last = new FakeExchange();
        return harness.run(last, cookie, handler).setCookie();
    }

    private static String cookiePair(String setCookie) {
        return CoreHarness.cookiePair(setCookie);
    }

    private static String idIn(String setCookie) {
        return CoreHarness.idIn(setCookie, SECRET);
    }

    private static String cookieFor(String id) {
        return "connect.sid=s%3A" + CookieSigner.sign(id, SECRET).replace("+", "%2B").replace("/", "%2F");
    }

    /** A genid that hands out the given ids in order and counts its calls; it fails when it runs out. */
    private static final class Ids implements Supplier<String> {
        private final Deque<String> next;
        private final List<String> given = new ArrayList<>();

        Ids(String... ids) {
            next = new ArrayDeque<>(List.of(ids));
        }

        @Override
        public String get() {
            String id = next.size() > 1 ? next.pop() : next.peek(); // the last one repeats
            given.add(id);
            return id;
        }
    }

    private String saved(String key, String value) {
        String setCookie = request(null, ctx -> {
            ctx.session().data().put(key, value);
            ctx.session().save();
        });
        store.reset();
        return cookiePair(setCookie);
    }

    // ---- cookie.expires ---------------------------------------------------------------------------------------------

    @Test
    void cookieExpires_fixed_setCookieRecordAndStoreExpiryAllEndAtIt() {
        configure(b -> b.cookie(CookieOptions.builder().expires(TWO_HOURS_ON).build()));

        String first = request(null, ctx -> {
            ctx.session().data().put("user", "alice");
            ctx.session().save();
        });
        String id = idIn(first);

        assertThat(first).isEqualTo(cookiePair(first) + "; Path=/; Expires=Wed, 02 Jan 2030 05:04:05 GMT; HttpOnly; "
                + "Secure; SameSite=Lax");
        assertThat(store.peek(id).orElseThrow())
                .startsWith("{\"cookie\":{\"originalMaxAge\":null,\"expires\":\"2030-01-02T05:04:05.000Z\",");
        assertThat(store.expiryOf(id)).isEqualTo(TWO_HOURS_ON);

        clock.advance(Duration.ofHours(1));
        String read = request(cookiePair(first), ctx -> assertThat(ctx.session().isNew()).isFalse());
        String resaved = request(cookiePair(first), ctx -> ctx.session().save());

        assertThat(read).as("a read sends no cookie").isNull();
        assertThat(resaved).as("a fixed expiry does not move").isEqualTo(first);
        assertThat(store.expiryOf(id)).isEqualTo(TWO_HOURS_ON);

        clock.advance(Duration.ofHours(1).minusSeconds(1));
        assertThat(store.peek(id)).as("one second before the expiry").isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(store.peek(id)).as("at the expiry").isEmpty();
        request(cookiePair(first), ctx -> assertThat(ctx.session().isNew()).isTrue());
    }

    // ---- genid ----------------------------------------------------------------------------------------------------

    @Test
    void genid_custom_theIdsItReturnsAreTheSessionsIds_andALoadCallsItNot() {
        Ids ids = new Ids("first-id", "second-id");
        configure(b -> b.genid(ids));

        String first = request(null, ctx -> {
            assertThat(ctx.session().id()).isEqualTo("first-id");
            ctx.session().save();
        });
        request(cookiePair(first), ctx -> assertThat(ctx.session().id()).isEqualTo("first-id"));
        String second = request(cookiePair(first), ctx -> {
            ctx.session().regenerate();
            ctx.session().save();
        });

        assertThat(idIn(first)).isEqualTo("first-id");
        assertThat(idIn(second)).isEqualTo("second-id");
        assertThat(store.peek("first-id")).isEmpty();
        assertThat(store.peek("second-id")).isPresent();
        assertThat(ids.given).containsExactly("first-id", "second-id");
    }

    @Test
    void genid_returnsAnIdInUse_anotherIsTaken_andTheStoredSessionIsUntouched() {
        store.put("taken", "{\"cookie\":{\"path\":\"/\"},\"user\":\"victim\"}");
        Ids ids = new Ids("taken", "fresh");
        configure(b -> b.genid(ids));

        String setCookie = request(null, ctx -> {
            ctx.session().data().put("user", "mallory");
            ctx.session().save();
            assertThat(ctx.session().id()).isEqualTo("fresh");
        });

        assertThat(idIn(setCookie)).isEqualTo("fresh");
        assertThat(store.calls()).containsExactly(new FakeStore.Call("set", "taken", SetMode.IF_ABSENT),
                new FakeStore.Call("set", "fresh", SetMode.IF_ABSENT));
        assertThat(store.peek("taken").orElseThrow()).contains("victim").doesNotContain("mallory");
        assertThat(store.peek("fresh").orElseThrow()).contains("mallory");
    }

    @Test
    void genid_inUseFourTimesInARow_saveGivesUp_writingNothingAndSendingNoCookie() {
        store.put("taken", "{\"cookie\":{\"path\":\"/\"},\"user\":\"victim\"}");
        Ids ids = new Ids("taken");
        configure(b -> b.genid(ids));

        assertThatThrownBy(() -> request(null, ctx -> {
            ctx.session().data().put("user", "mallory");
            ctx.session().save();
        })).isInstanceOf(SessionException.class).hasMessageContaining("genid returned 4 ids in a row")
                .hasMessageNotContaining("taken");

        assertThat(ids.given).hasSize(4);
        assertThat(store.operations()).containsExactly("set", "set", "set", "set");
        assertThat(last.setCookies()).isEmpty();
        assertThat(store.peek("taken").orElseThrow()).contains("victim").doesNotContain("mallory");
    }

    // ---- generate -------------------------------------------------------------------------------------------------

    @Test
    void generate_custom_reachesNewRegeneratedAndReloadedSessions() {
        configure(b -> b.generate(() -> new SessionData().put("theme", "light").put("visits", 0)));

        String cookie = cookiePair(request(null, ctx -> {
            assertThat(ctx.session().data().keys()).containsExactly("theme", "visits");
            ctx.session().data().put("theme", "dark").put("user", "alice");
            ctx.session().save();
        }));
        String regenerated = request(cookie, ctx -> {
            assertThat(ctx.session().data().getString("theme")).contains("dark");
            ctx.session().regenerate();
            assertThat(ctx.session().data().keys()).as("fresh data, nothing carried over")
                    .containsExactly("theme", "visits");
            assertThat(ctx.session().data().getString("theme")).contains("light");
            ctx.session().save();
        });
        String id = idIn(regenerated);
        store.remove(id);

        request(cookiePair(regenerated), ctx -> {
            assertThat(ctx.session().isNew()).isTrue();
            assertThat(ctx.session().data().getString("theme")).contains("light");
        });
    }

    // ---- reload ---------------------------------------------------------------------------------------------------

    /**
     * h3-session's {@code reload()} keeps the id and gives fresh data when the record is gone; SessionKit also
     * gives the session a new id, as a load of that cookie would (no id of a destroyed session is used again).
     */
    @Test
    void reload_recordGone_freshDataUnderANewId_theOldCookieIsCleared() {
        configure(b -> b.generate(() -> new SessionData().put("theme", "light")));
        String cookie = saved("user", "alice");
        String oldId = idIn(cookie + ";");
        String[] newId = new String[1];

        String setCookie = request(cookie, ctx -> {
            Session<SessionData> session = ctx.session();
            assertThat(session.data().getString("user")).contains("alice");
            store.remove(oldId); // another request logged out
            session.reload();
            newId[0] = session.id();
            assertThat(session.isNew()).isTrue();
            assertThat(session.data().keys()).containsExactly("theme");
        });

        assertThat(newId[0]).isNotEqualTo(oldId);
        assertThat(setCookie).as("the new session was not saved: the client's cookie is cleared")
                .startsWith("connect.sid=; Max-Age=0;");
    }

    @Test
    void reload_recordGone_thenSave_writesUnderTheNewIdOnly() {
        String cookie = saved("user", "alice");
        String oldId = idIn(cookie + ";");

        String setCookie = request(cookie, ctx -> {
            store.remove(oldId);
            ctx.session().reload();
            ctx.session().data().put("cart", "1 item");
            ctx.session().save();
        });

        String newId = idIn(setCookie);
        assertThat(newId).isNotEqualTo(oldId);
        assertThat(store.peek(oldId)).isEmpty();
        assertThat(store.peek(newId).orElseThrow()).contains("\"cart\":\"1 item\"").doesNotContain("alice");
    }

    @Test
    void reload_ofANewSessionNeverSaved_takesAnotherId() {
        Ids ids = new Ids("first-id", "second-id");
        configure(b -> b.genid(ids));

        request(null, ctx -> {
            ctx.session().data().put("user", "alice");
            ctx.session().reload();
            assertThat(ctx.session().id()).isEqualTo("second-id");
            assertThat(ctx.session().data().isEmpty()).isTrue();
        });

        assertThat(store.operations()).as("nothing stored, nothing to read").isEmpty();
    }

    // ---- cookie edits through session.cookie() ---------------------------------------------------------------------

    @Test
    void cookieEdits_httpOnlyExpiresPriorityPartitioned_reachSetCookieAndRecord_onlyTheLifetimeOutlivesTheRequest() {
        String cookie = saved("user", "alice");
        String id = idIn(cookie + ";");

        String edited = request(cookie, ctx -> {
            SessionCookie c = ctx.session().cookie();
            c.httpOnly(false);
            c.expires(TWO_HOURS_ON);
            c.priority(CookiePriority.HIGH);
            c.partitioned(true);
            assertThat(c.httpOnly()).isFalse();
            assertThat(c.expires()).contains(TWO_HOURS_ON);
            assertThat(c.priority()).contains(CookiePriority.HIGH);
            assertThat(c.partitioned()).isTrue();
            ctx.session().save();
        });

        assertThat(edited).isEqualTo(cookie + "; Path=/; Expires=Wed, 02 Jan 2030 05:04:05 GMT; Secure; Partitioned; "
                + "Priority=High; SameSite=Lax");
        assertThat(store.peek(id).orElseThrow()).startsWith("{\"cookie\":{\"originalMaxAge\":null,\"partitioned\":true,"
                + "\"priority\":\"high\",\"expires\":\"2030-01-02T05:04:05.000Z\",\"secure\":true,\"httpOnly\":false,"
                + "\"path\":\"/\",\"sameSite\":\"lax\"}");
        assertThat(store.expiryOf(id)).isEqualTo(TWO_HOURS_ON);

        String next = request(cookie, ctx -> {
            SessionCookie c = ctx.session().cookie();
            assertThat(c.expires()).as("the stored lifetime").contains(TWO_HOURS_ON);
            assertThat(c.httpOnly()).as("the configuration's").isTrue();
            assertThat(c.priority()).isEmpty();
            assertThat(c.partitioned()).isFalse();
            ctx.session().save();
        });
        assertThat(next).isEqualTo(cookie + "; Path=/; Expires=Wed, 02 Jan 2030 05:04:05 GMT; HttpOnly; Secure; "
                + "SameSite=Lax");
    }

    @Test
    void cookieEdit_withoutSave_sendsTheCookie_butTheRecordKeepsItsLifetime() {
        String cookie = saved("user", "alice");
        String id = idIn(cookie + ";");

        String edited = request(cookie, ctx -> ctx.session().cookie().expires(TWO_HOURS_ON));

        assertThat(edited).isEqualTo(cookie + "; Path=/; Expires=Wed, 02 Jan 2030 05:04:05 GMT; HttpOnly; Secure; "
                + "SameSite=Lax");
        assertThat(store.operations()).containsExactly("getAndTouch");
        assertThat(store.peek(id).orElseThrow()).contains("\"expires\":null");
    }

    // ---- deviations: a stored sameSite, save() after destroy() -----------------------------------------------------

    /** express-session and h3-session read a stored {@code sameSite: true} as Strict and {@code false} as none. */
    @Test
    void storedSameSiteTrueOrFalse_isNotRead_theConfigurationDecides() {
        store.put("strict-in-record", "{\"cookie\":{\"originalMaxAge\":null,\"sameSite\":true},\"user\":\"a\"}");
        store.put("off-in-record", "{\"cookie\":{\"originalMaxAge\":null,\"sameSite\":false},\"user\":\"b\"}");

        // rolling: a cookie on every response, to see what the loaded session's cookie carries
        configure(b -> b.rolling(true).cookie(CookieOptions.builder().sameSite(SameSite.OFF).build()));
        String off = request(cookieFor("strict-in-record"), ctx -> {
            assertThat(ctx.session().isNew()).isFalse();
            assertThat(ctx.session().cookie().sameSite()).isEqualTo(SameSite.OFF);
            ctx.session().save();
        });
        configure(b -> b.rolling(true).cookie(CookieOptions.builder().sameSite(SameSite.STRICT).build()));
        String strict = request(cookieFor("off-in-record"), ctx -> {
            assertThat(ctx.session().isNew()).isFalse();
            ctx.session().save();
        });

        assertThat(off).endsWith("; Path=/; HttpOnly; Secure").doesNotContain("SameSite");
        assertThat(strict).endsWith("; SameSite=Strict");
        assertThat(store.peek("off-in-record").orElseThrow()).contains("\"sameSite\":\"strict\"");
    }

    @Test
    void save_afterDestroyInTheSameRequest_isIgnored_theSessionStaysGone() {
        String cookie = saved("user", "alice");
        String id = idIn(cookie + ";");

        String setCookie = request(cookie, ctx -> {
            ctx.session().destroy();
            ctx.session().data().put("cart", "1 item");
            ctx.session().save();
            assertThat(ctx.session().data().getString("cart")).as("still readable").contains("1 item");
        });

        assertThat(store.operations()).containsExactly("getAndTouch", "destroy");
        assertThat(store.peek(id)).isEmpty();
        assertThat(setCookie).startsWith("connect.sid=; Max-Age=0;");
    }
}
