package dev.sessionkit.testkit.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkit.CookieOptions;
import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionData;
import dev.sessionkit.store.SessionRecord;
import dev.sessionkit.store.SessionStore.SetMode;
import dev.sessionkit.testkit.InMemorySessionStore;
import dev.sessionkit.testkit.MutableClock;
import dev.sessionkit.testkit.RecordingSessionStore;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The options and methods of h3-session's README (the seed SessionKit was ported from) as every adapter serves them:
 * {@code cookie.expires}, a custom {@code genid} and {@code generate}, {@code reload()} of a session that is gone,
 * cookie edits, the store accessor, and the places where SessionKit deliberately behaves otherwise. An adapter's test
 * extends it beside {@link HttpConformanceSuite}, with the same {@link #start}: a server serving {@link ReferenceApp}
 * on {@code 127.0.0.1}, port 0. Time moves on an injected clock; nothing sleeps.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class ParityConformanceSuite {

    private static final String SECRET = HttpConformanceSuite.SECRET;
    /** The suite clock's start, 2030-01-02T03:04:05Z, plus two hours. */
    private static final Instant TWO_HOURS_ON = Instant.parse("2030-01-02T05:04:05Z");

    private final SuiteServers servers = new SuiteServers();
    private final MutableClock clock = servers.clock;
    private final InMemorySessionStore backing = servers.backing;
    private final RecordingSessionStore store = servers.store;

    /**
     * Starts a server that serves {@link ReferenceApp} with the given configuration.
     *
     * @param config the session configuration to use, as built by the suite
     * @return the running server
     * @throws Exception when the server cannot start
     */
    protected abstract RunningServer start(SessionConfig<SessionData> config) throws Exception;

    @AfterEach
    void stopServers() throws Exception {
        servers.closeAll();
    }

    private void serve(UnaryOperator<SessionConfig.Builder<SessionData>> options) {
        servers.serve(this::start, SECRET, options);
    }

    /** A response: status, body and every Set-Cookie header. */
    private record Answer(int status, String body, List<String> setCookies) {
        String setCookie() {
            assertThat(setCookies).as("Set-Cookie headers").hasSizeLessThanOrEqualTo(1);
            return setCookies.isEmpty() ? null : setCookies.get(0);
        }

        String cookie() {
            String header = setCookie();
            assertThat(header).as("a Set-Cookie header").isNotNull();
            return header.substring(0, header.indexOf(';'));
        }
    }

    private Answer get(String path, String... cookieHeaders) {
        HttpResponse<String> response = servers.get(path, SuiteServers.cookies(List.of(cookieHeaders)));
        return new Answer(response.statusCode(), response.body(), response.headers().allValues("Set-Cookie"));
    }

    private static String idOf(String cookiePair) {
        return SuiteServers.idOf(cookiePair, SECRET);
    }

    private String loggedIn(String user) {
        Answer login = get("/login?user=" + user);
        assertThat(login.status()).isEqualTo(200);
        store.reset();
        return login.cookie();
    }

    /** A genid handing out the given ids in order (the last one again and again), keeping what it gave. */
    private static final class Ids implements Supplier<String> {
        private final Queue<String> next;
        private final Queue<String> given = new ConcurrentLinkedQueue<>();

        Ids(String... ids) {
            next = new ConcurrentLinkedQueue<>(List.of(ids));
        }

        @Override
        public synchronized String get() {
            String id = next.size() > 1 ? next.poll() : next.peek();
            given.add(id);
            return id;
        }
    }

    // ---- cookie.expires ---------------------------------------------------------------------------------------------

    @Test
    void cookieExpires_fixed_setCookieRecordAndStoreTtlAllEndAtIt() {
        serve(b -> b.cookie(CookieOptions.builder().expires(TWO_HOURS_ON).build()));

        Answer first = get("/views");
        String cookie = first.cookie();
        String id = idOf(cookie);

        assertThat(first.setCookie()).isEqualTo(cookie + "; Path=/; Expires=Wed, 02 Jan 2030 05:04:05 GMT; HttpOnly; "
                + "Secure; SameSite=Lax");
        assertThat(backing.get(id).orElseThrow())
                .startsWith("{\"cookie\":{\"originalMaxAge\":null,\"expires\":\"2030-01-02T05:04:05.000Z\",");

        clock.advance(Duration.ofHours(1));
        assertThat(get("/views/peek", cookie).setCookies()).as("a read sends no cookie").isEmpty();
        assertThat(get("/views", cookie).setCookie()).as("a save re-sends the same expiry")
                .isEqualTo(first.setCookie());

        clock.advance(Duration.ofHours(1).minusSeconds(1));
        assertThat(backing.get(id)).as("the store keeps it until the expiry").isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(backing.get(id)).as("and not a second longer").isEmpty();
        assertThat(get("/views/peek", cookie).body()).isEqualTo("0");
    }

    // ---- genid ----------------------------------------------------------------------------------------------------

    @Test
    void genid_custom_itsIdsAreInTheCookieAndTheStore() {
        Ids ids = new Ids("first-id", "second-id");
        serve(b -> b.genid(ids));

        String cookie = get("/views").cookie();
        assertThat(get("/views", cookie).body()).isEqualTo("2");
        Answer regenerated = get("/regenerate", cookie);

        assertThat(idOf(cookie)).isEqualTo("first-id");
        assertThat(regenerated.body()).isEqualTo("second-id");
        assertThat(idOf(regenerated.cookie())).isEqualTo("second-id");
        assertThat(backing.get("first-id")).isEmpty();
        assertThat(backing.get("second-id")).isPresent();
        assertThat(ids.given).containsExactly("first-id", "second-id");
    }

    @Test
    void genid_idInUse_anotherIsTaken_theStoredSessionIsUntouched() {
        String victim = "{\"cookie\":{\"originalMaxAge\":null,\"path\":\"/\"},\"user\":\"victim\"}";
        backing.set("taken", SessionRecord.of(victim, null), SetMode.ALWAYS);
        serve(b -> b.genid(new Ids("taken", "fresh")));

        Answer answer = get("/put?key=user&value=mallory");

        assertThat(idOf(answer.cookie())).isEqualTo("fresh");
        assertThat(backing.get("taken")).contains(victim);
        assertThat(backing.get("fresh").orElseThrow()).contains("mallory");
    }

    @Test
    void genid_inUseFourTimesInARow_answers500_writesNothing_sendsNoCookie() {
        String victim = "{\"cookie\":{\"originalMaxAge\":null,\"path\":\"/\"},\"user\":\"victim\"}";
        backing.set("taken", SessionRecord.of(victim, null), SetMode.ALWAYS);
        Ids ids = new Ids("taken");
        serve(b -> b.genid(ids));

        Answer answer = get("/put?key=user&value=mallory");

        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.setCookies()).isEmpty();
        assertThat(ids.given).hasSize(4);
        assertThat(backing.get("taken")).contains(victim);
    }

    // ---- generate -------------------------------------------------------------------------------------------------

    @Test
    void generate_custom_reachesNewAndRegeneratedSessions() {
        serve(b -> b.generate(() -> new SessionData().put("theme", "light").put("tour", true)));

        Answer fresh = get("/put?key=user&value=alice");
        String cookie = fresh.cookie();
        assertThat(get("/keys", cookie).body()).isEqualTo("theme,tour,user");
        Answer regenerated = get("/regenerate", cookie);

        assertThat(get("/keys", regenerated.cookie()).body()).as("fresh generated data, no user")
                .isEqualTo("theme,tour");
        assertThat(get("/keys").body()).as("an unsaved new session").isEqualTo("theme,tour");
    }

    // ---- reload ---------------------------------------------------------------------------------------------------

    /** h3-session keeps the id of a session whose record is gone at {@code reload()}; SessionKit takes a new one. */
    @Test
    void reload_recordGone_freshDataUnderANewId() {
        serve(b -> b);
        String cookie = loggedIn("alice");
        String oldId = idOf(cookie);
        ReferenceApp.duringReload(() -> backing.destroy(oldId));

        Answer unsaved = get("/reload", cookie);

        assertThat(unsaved.body()).isEqualTo("alice|anonymous");
        assertThat(unsaved.setCookie()).as("the new session is not saved: the old cookie is cleared")
                .startsWith("connect.sid=; Max-Age=0;");

        String again = loggedIn("alice");
        String againId = idOf(again);
        ReferenceApp.duringReload(() -> backing.destroy(againId));
        Answer saved = get("/reload/save", again);

        String newId = idOf(saved.cookie());
        assertThat(saved.body()).isEqualTo(againId + "|" + newId);
        assertThat(newId).isNotEqualTo(againId);
        assertThat(backing.get(againId)).isEmpty();
        assertThat(backing.get(newId).orElseThrow()).doesNotContain("alice");
    }

    // ---- cookie edits through session.cookie() ---------------------------------------------------------------------

    @Test
    void cookieEdits_httpOnlyExpiresPriorityPartitioned_showInSetCookieAndTheRecord() {
        serve(b -> b);
        String cookie = loggedIn("alice");
        String id = idOf(cookie);

        Answer edited = get("/cookie?httpOnly=false&expires=2030-01-02T05:04:05Z&priority=high&partitioned=true",
                cookie);

        assertThat(edited.setCookie()).isEqualTo(cookie + "; Path=/; Expires=Wed, 02 Jan 2030 05:04:05 GMT; Secure; "
                + "Partitioned; Priority=High; SameSite=Lax");
        assertThat(backing.get(id).orElseThrow()).startsWith("{\"cookie\":{\"originalMaxAge\":null,"
                + "\"partitioned\":true,\"priority\":\"high\",\"expires\":\"2030-01-02T05:04:05.000Z\","
                + "\"secure\":true,\"httpOnly\":false,\"path\":\"/\",\"sameSite\":\"lax\"}");
        assertThat(get("/views", cookie).setCookie()).as("the next save: the stored expiry, the configured rest")
                .isEqualTo(cookie + "; Path=/; Expires=Wed, 02 Jan 2030 05:04:05 GMT; HttpOnly; Secure; SameSite=Lax");

        clock.advance(Duration.ofHours(2));
        assertThat(backing.get(id)).as("the store's time-to-live followed the edited expiry").isEmpty();
    }

    // ---- the store accessor -----------------------------------------------------------------------------------------

    /** {@code Sessions.store(…)} of each adapter (h3-session's {@code event.context.sessionStore}). */
    @Test
    void storeAccessor_isTheConfiguredStore() {
        serve(b -> b);
        get("/views");
        get("/views");

        Answer answer = get("/store/length");

        assertThat(answer.body()).isEqualTo("2");
        assertThat(store.operations()).contains("length");
    }

    // ---- where SessionKit differs: Set-Cookie only when needed, save() after destroy() --------------------------------

    /** h3-session sends Set-Cookie on every request that uses the session; SessionKit only when there is news. */
    @Test
    void setCookie_onlyForAStoredNewSessionAChangedCookieOrAnExpiry() {
        serve(b -> b);

        Answer unsaved = get("/views/nosave");
        String cookie = get("/views").cookie();
        Answer read = get("/views/peek", cookie);
        Answer saved = get("/views", cookie);
        Answer edited = get("/cookie?save=false&priority=low", cookie);

        assertThat(unsaved.setCookies()).as("a new session nobody saved").isEmpty();
        assertThat(read.setCookies()).as("a read").isEmpty();
        assertThat(saved.setCookies()).as("a save of a browser-session cookie already sent").isEmpty();
        assertThat(edited.setCookie()).as("a cookie edit").isEqualTo(cookie + "; Path=/; HttpOnly; Secure; "
                + "Priority=Low; SameSite=Lax");
    }

    @Test
    void save_afterDestroyInTheSameRequest_isIgnored() {
        serve(b -> b);
        String cookie = loggedIn("alice");
        String id = idOf(cookie);

        Answer answer = get("/logout/save", cookie);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.setCookie()).startsWith("connect.sid=; Max-Age=0;");
        assertThat(backing.get(id)).isEmpty();
        assertThat(store.operations()).doesNotContain("set");
        assertThat(get("/whoami", cookie).body()).isEqualTo("anonymous");
    }
}
