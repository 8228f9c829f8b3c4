package dev.sessionkit.testkit.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkit.ConflictPolicy;
import dev.sessionkit.CookieOptions;
import dev.sessionkit.CookieSigner;
import dev.sessionkit.SameSite;
import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionData;
import dev.sessionkit.store.SessionRecord;
import dev.sessionkit.store.SessionStore.SetMode;
import dev.sessionkit.testkit.InMemorySessionStore;
import dev.sessionkit.testkit.MutableClock;
import dev.sessionkit.testkit.RecordingSessionStore;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * The HTTP conformance suite: one behaviour for every adapter. An adapter's test extends it and implements
 * {@link #start}, serving {@link ReferenceApp} with its framework on {@code 127.0.0.1}, port 0; the suite drives the
 * server with {@link HttpClient}, keeping cookies by hand, and checks responses, {@code Set-Cookie} headers and the
 * store calls each request made.
 *
 * <p>Adapters must answer a {@link dev.sessionkit.store.SessionStoreException} with {@code 503} and a body without
 * internal detail.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class HttpConformanceSuite {

    /** The secret every server of the suite signs with, unless a test rotates it. */
    protected static final String SECRET = "conformance secret, long enough for build()";

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

    /** Starts a server with the suite's store, secret and clock, plus the given options. */
    private void serve(UnaryOperator<SessionConfig.Builder<SessionData>> options) {
        servers.serve(this::start, SECRET, options);
    }

    private void serve() {
        serve(b -> b);
    }

    // ---- a minimal HTTP client with a hand-kept cookie ----------------------------------------------------------

    /** A response: status, body and every Set-Cookie header. */
    private record Answer(int status, String body, List<String> setCookies) {
        String setCookie() {
            assertThat(setCookies).as("Set-Cookie headers").hasSizeLessThanOrEqualTo(1);
            return setCookies.isEmpty() ? null : setCookies.get(0);
        }

        /** The {@code name=value} pair of the only Set-Cookie, to send back. */
        String cookie() {
            String header = setCookie();
            assertThat(header).as("a Set-Cookie header").isNotNull();
            return header.substring(0, header.indexOf(';'));
        }
    }

    private Answer get(String path, String... cookieHeaders) {
        return send(new Probe(path, path, List.of(cookieHeaders), List.of()));
    }

    /** The session id a {@code connect.sid=…} pair carries, verified with the secret. */
    private static String idOf(String cookiePair, String secret) {
        return SuiteServers.idOf(cookiePair, secret);
    }

    private static String idOf(String cookiePair) {
        return idOf(cookiePair, SECRET);
    }

    private String loggedIn(String user) {
        Answer login = get("/login?user=" + user);
        assertThat(login.status()).isEqualTo(200);
        store.reset();
        return login.cookie();
    }

    // ---- the first response --------------------------------------------------------------------------------------

    @Test
    void firstResponse_savedSession_setsSignedCookieWithDefaultAttributes() {
        serve();

        Answer answer = get("/views");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("1");
        String header = answer.setCookie();
        assertThat(header).matches("connect\\.sid=s%3A[^;]+; Path=/; HttpOnly; Secure; SameSite=Lax");
        String id = idOf(answer.cookie());
        String expected = "connect.sid=s%3A" + id + "."
                + CookieSigner.sign(id, SECRET).substring(id.length() + 1).replace("+", "%2B").replace("/", "%2F");
        assertThat(answer.cookie()).isEqualTo(expected);
        assertThat(backing.get(id)).isPresent();
    }

    @Test
    void untouchedRoute_makesNoStoreCallAndSendsNoCookie() {
        serve(b -> b.saveUninitialized(true).rolling(true).autoSave(true));
        String cookie = loggedIn("alice");

        Answer answer = get("/untouched", cookie);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.setCookies()).isEmpty();
        assertThat(store.calls()).isEmpty();
    }

    // ---- persistence -------------------------------------------------------------------------------------------------

    @Test
    void data_persistsOnlyAfterSave() {
        serve();
        String cookie = get("/views").cookie();

        assertThat(get("/views/nosave", cookie).body()).isEqualTo("2");
        assertThat(get("/views/peek", cookie).body()).as("unsaved change is lost").isEqualTo("1");
        assertThat(get("/views", cookie).body()).isEqualTo("2");
        assertThat(get("/views/peek", cookie).body()).isEqualTo("2");
    }

    @Test
    void data_withAutoSave_persistsWithoutSave() {
        serve(b -> b.autoSave(true));
        String cookie = get("/views").cookie();

        assertThat(get("/views/nosave", cookie).body()).isEqualTo("2");
        assertThat(get("/views/peek", cookie).body()).isEqualTo("2");
    }

    @Test
    void reload_seesAnotherRequestsSave() {
        serve();
        String cookie = loggedIn("alice");
        String id = idOf(cookie);
        ReferenceApp.duringReload(() -> {
            String json = backing.get(id).orElseThrow();
            backing.set(id, SessionRecord.of(json.replace("\"alice\"", "\"bob\""), null), SetMode.ALWAYS);
        });

        assertThat(get("/reload", cookie).body()).isEqualTo("alice|bob");
    }

    // ---- regenerate, destroy --------------------------------------------------------------------------------------

    @Test
    void regenerate_newIdEverywhere_oldRecordGone_noDataCarriedOver() {
        serve();
        String cookie = loggedIn("alice");
        String oldId = idOf(cookie);

        Answer answer = get("/regenerate", cookie);

        String newId = idOf(answer.cookie());
        assertThat(newId).isNotEqualTo(oldId).isEqualTo(answer.body());
        assertThat(get("/id", answer.cookie()).body()).isEqualTo(newId);
        assertThat(backing.get(oldId)).isEmpty();
        assertThat(get("/whoami", answer.cookie()).body()).isEqualTo("anonymous");
    }

    @Test
    void destroy_removesRecordAndExpiresCookie_nextRequestStartsFresh() {
        serve();
        String cookie = loggedIn("alice");
        String id = idOf(cookie);

        Answer answer = get("/logout", cookie);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.setCookie())
                .isEqualTo("connect.sid=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; "
                        + "SameSite=Lax");
        assertThat(backing.get(id)).isEmpty();
        assertThat(get("/whoami", cookie).body()).isEqualTo("anonymous");
        assertThat(get("/id", cookie).body()).isNotEqualTo(id);
    }

    // ---- cookie settings ------------------------------------------------------------------------------------------

    @Test
    void cookieEdits_maxAgeAndSameSite_showInSetCookie() {
        serve();
        String cookie = loggedIn("alice");

        Answer answer = get("/cookie?maxAge=3600&sameSite=strict", cookie);

        assertThat(answer.setCookie()).isEqualTo(cookie + "; Max-Age=3600; Path=/; "
                + "Expires=Wed, 02 Jan 2030 04:04:05 GMT; HttpOnly; Secure; SameSite=Strict");
    }

    @Test
    void cookieEdits_secureOff_dropsSecure() {
        serve();
        String cookie = loggedIn("alice");

        assertThat(get("/cookie?secure=false", cookie).setCookie()).isEqualTo(cookie + "; Path=/; HttpOnly; SameSite=Lax");
    }

    @Test
    void cookieEdits_domainOfNewCookie_isAllowed() {
        serve();

        Answer answer = get("/cookie?domain=example.com");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.setCookie()).endsWith("; Domain=example.com; Path=/; HttpOnly; Secure; SameSite=Lax");
    }

    @Test
    void cookieEdits_domainOrPathOfLiveCookie_areRefused() {
        serve();
        String cookie = loggedIn("alice");

        Answer domain = get("/cookie?domain=example.com", cookie);
        Answer path = get("/cookie?path=/elsewhere", cookie);

        assertThat(domain.status()).isEqualTo(409);
        assertThat(path.status()).isEqualTo(409);
        assertThat(domain.setCookies()).isEmpty();
        assertThat(get("/whoami", cookie).body()).isEqualTo("alice");
    }

    @Test
    void setSessionId_cookieAndStoreUseTheNewId() {
        serve();

        Answer answer = get("/set-id?id=chosen-by-app");

        assertThat(answer.body()).isEqualTo("chosen-by-app");
        assertThat(idOf(answer.cookie())).isEqualTo("chosen-by-app");
        assertThat(backing.get("chosen-by-app")).isPresent();
    }

    // ---- options -----------------------------------------------------------------------------------------------------

    @Test
    void saveUninitialized_on_storesAndSendsCookieForUnsavedNewSession() {
        serve(b -> b.saveUninitialized(true));

        Answer answer = get("/views/peek");

        assertThat(backing.get(idOf(answer.cookie()))).isPresent();
    }

    @Test
    void saveUninitialized_off_storesNothingForUnsavedNewSession() {
        serve();

        Answer answer = get("/views/peek");

        assertThat(answer.setCookies()).isEmpty();
        assertThat(backing.facets().enumeration().orElseThrow().length()).isZero();
    }

    @Test
    void rolling_on_resendsCookieOnEveryResponse() {
        serve(b -> b.rolling(true).cookie(CookieOptions.builder().maxAge(Duration.ofMinutes(30)).build()));
        String cookie = loggedIn("alice");
        clock.advance(Duration.ofMinutes(10));

        Answer answer = get("/views/peek", cookie);

        assertThat(answer.setCookie()).isEqualTo(cookie + "; Max-Age=1800; Path=/; "
                + "Expires=Wed, 02 Jan 2030 03:44:05 GMT; HttpOnly; Secure; SameSite=Lax");
    }

    @Test
    void rolling_off_sendsNoCookieForUnchangedSession() {
        serve(b -> b.cookie(CookieOptions.builder().maxAge(Duration.ofMinutes(30)).build()));
        String cookie = loggedIn("alice");

        assertThat(get("/views/peek", cookie).setCookies()).isEmpty();
    }

    @Test
    void secretRotation_oldCookieAccepted_newCookiesSignedWithLastSecret() {
        serve(b -> b.secret("old secret of the conformance suite, 32+ chars"));
        String oldCookie = loggedIn("alice");
        serve(b -> b.secret("old secret of the conformance suite, 32+ chars", "new secret of the conformance suite, 32+ chars"));

        assertThat(get("/whoami", oldCookie).body()).isEqualTo("alice");
        String fresh = get("/views").cookie();
        idOf(fresh, "new secret of the conformance suite, 32+ chars");
        String value = URLDecoder.decode(fresh.substring(fresh.indexOf('=') + 1), StandardCharsets.UTF_8);
        assertThat(CookieSigner.of("old secret of the conformance suite, 32+ chars").unsign(value.substring(2))).isEmpty();
    }

    // ---- untrusted input ----------------------------------------------------------------------------------------------

    @Test
    void badCookies_answer200WithNewSessionAndNoStoreLookup() {
        serve();
        String valid = loggedIn("alice");
        String id = idOf(valid);
        String value = valid.substring("connect.sid=".length());
        String signature = value.substring(value.lastIndexOf('.') + 1);
        String lastChar = signature.substring(signature.length() - 1);
        // The last of 43 base64 characters carries 2 bits and 4 padding bits: flipping a padding bit decodes to
        // the same bytes, a spelling base64 decoders accept and cookie-signature refuses.
        String plain = URLDecoder.decode(signature, StandardCharsets.UTF_8);
        char last = plain.charAt(plain.length() - 1);
        String b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        String nonCanonical = plain.substring(0, plain.length() - 1) + b64.charAt(b64.indexOf(last) ^ 1);
        List<String> forged = List.of(
                "connect.sid=" + id,
                "connect.sid=s%3A" + id.replace(id.charAt(0), id.charAt(0) == 'a' ? 'b' : 'a') + "." + signature,
                "connect.sid=s%3A" + id + "." + signature.substring(0, signature.length() - 1)
                        + (lastChar.equals("A") ? "B" : "A"),
                "connect.sid=s%3A" + CookieSigner.sign(id, "wrong secret of the conformance suite, 32+ chars").replace("+", "%2B").replace("/", "%2F"),
                "connect.sid=",
                "connect.sid=s%3A",
                "connect.sid=s%3A" + id,
                "connect.sid=" + value + "%3D",
                "connect.sid=s%3A" + id + "." + nonCanonical.replace("+", "%2B").replace("/", "%2F"),
                "connect.sid=" + value.replace("%2B", "-").replace("%2F", "_") + (value.contains("%2") ? "" : "x"),
                "connect.sid=s%3A" + "a".repeat(8192) + "." + signature,
                "connect.sid=s%3A%C3%A9%E2%9C%93." + signature,
                "connect.sid=s%3A\u00e9t\u00e9." + signature,
                "connect.sid=s%3A%01%02%7F." + signature,
                "connect.sid=s%3A" + id + "%ZZ." + signature,
                "connect.sid=" + value + "%",
                "connect.sid=s%3A" + id + ".bad; connect.sid=" + value);

        for (String cookie : forged) {
            store.reset();
            Answer answer = get("/views", cookie);
            assertThat(answer.status()).as(cookie).isEqualTo(200);
            assertThat(answer.body()).as("a new session for " + cookie).isEqualTo("1");
            assertThat(answer.setCookies()).as("Set-Cookie for " + cookie).hasSize(1);
            assertThat(idOf(answer.cookie())).as(cookie).isNotEqualTo(id);
            assertThat(store.operations()).as("store calls for " + cookie).doesNotContain("get", "getAndTouch");
        }
    }

    @Test
    void sessionIdInTheUrl_isNeverRead() {
        serve();
        String valid = loggedIn("alice");
        String value = valid.substring("connect.sid=".length());

        Answer answer = get("/whoami?connect.sid=" + value + "&sid=" + value);

        assertThat(answer.body()).isEqualTo("anonymous");
        assertThat(store.operations()).doesNotContain("get", "getAndTouch");
        assertThat(get("/whoami", valid).body()).as("the same value in the Cookie header").isEqualTo("alice");
    }

    @Test
    void duplicateCookies_firstWins() {
        serve();
        String valid = loggedIn("alice");

        assertThat(get("/whoami", valid + "; connect.sid=s%3Aforged.sig").body()).isEqualTo("alice");
        assertThat(get("/whoami", "connect.sid=s%3Aforged.sig; " + valid).body()).isEqualTo("anonymous");
        assertThat(get("/whoami", "other=1", valid).body()).as("a second Cookie header").isEqualTo("alice");
    }

    @Test
    void quotedCookieValue_isUnquoted() {
        serve();
        String valid = loggedIn("alice");
        String quoted = "connect.sid=\"" + valid.substring("connect.sid=".length()) + "\"";

        assertThat(get("/whoami", quoted).body()).isEqualTo("alice");
    }

    // ---- hostile input: one server, every case answered without a 5xx ------------------------------------------------

    /** A request the suite sends: a path and the {@code Cookie} headers, as an attacker or a broken client would. */
    private record Probe(String name, String path, List<String> cookies, List<String[]> headers) {
        static Probe cookie(String name, String path, String... cookies) {
            return new Probe(name, path, List.of(cookies), List.of());
        }
    }

    private Answer send(Probe probe) {
        List<String[]> headers = new ArrayList<>(SuiteServers.cookies(probe.cookies()));
        headers.addAll(probe.headers());
        HttpResponse<String> response = servers.get(probe.path(), headers);
        return new Answer(response.statusCode(), response.body(), response.headers().allValues("Set-Cookie"));
    }

    private static String cookieFor(String id) {
        return "connect.sid=s%3A" + CookieSigner.sign(id, SECRET).replace("+", "%2B").replace("/", "%2F");
    }

    /**
     * Malformed, forged and oversized {@code Cookie} headers and odd proxy headers: each is answered 200 with a new
     * session (never a 5xx), and none makes the store look anything up.
     */
    @TestFactory
    List<DynamicTest> hostileHeaders_answered200WithANewSession_noStoreLookup() {
        serve(b -> b.trustProxy(true).cookie(CookieOptions.builder().secureAuto().build()));
        String valid = loggedIn("alice");
        String id = idOf(valid);
        String value = valid.substring("connect.sid=".length());
        String signature = value.substring(value.lastIndexOf('.') + 1);
        List<Probe> probes = List.of(
                Probe.cookie("name only", "/whoami", "connect.sid"),
                Probe.cookie("separators only", "/whoami", ";;;;;"),
                Probe.cookie("a lone equals sign", "/whoami", "="),
                Probe.cookie("no name", "/whoami", "=" + value),
                Probe.cookie("empty value and separator", "/whoami", "connect.sid=;"),
                Probe.cookie("unescaped colon, unsigned", "/whoami", "connect.sid=s:" + id),
                Probe.cookie("prefix and colons only", "/whoami", "connect.sid=s%3A%3A%3A"),
                Probe.cookie("empty signature", "/whoami", "connect.sid=s%3A" + id + "."),
                Probe.cookie("empty id", "/whoami", "connect.sid=s%3A." + signature),
                Probe.cookie("upper-case prefix", "/whoami", "connect.sid=S" + value.substring(1)),
                Probe.cookie("unclosed quote", "/whoami", "connect.sid=\"" + value),
                Probe.cookie("signature twice", "/whoami", valid + "." + signature),
                Probe.cookie("signature upper-cased", "/whoami", "connect.sid=s%3A" + id + "." + signature.toUpperCase()),
                Probe.cookie("name in capitals", "/whoami", "CONNECT.SID=" + value),
                Probe.cookie("3000 percent signs", "/whoami", "connect.sid=" + "%".repeat(3000)),
                Probe.cookie("broken UTF-8 escapes", "/whoami", "connect.sid=" + "%E0%A4%A".repeat(100)),
                Probe.cookie("6000 bytes of a;a;a", "/whoami", "a;".repeat(3000) + "connect.sid=junk"),
                Probe.cookie("escaped NUL in the id", "/whoami", "connect.sid=s%3A" + id + "%00." + signature),
                Probe.cookie("path traversal as the id", "/whoami", "connect.sid=s%3A..%2F..%2Fetc%2Fpasswd." + signature),
                Probe.cookie("a Redis glob as the id", "/whoami", "connect.sid=s%3A*." + signature),
                Probe.cookie("a space inside", "/whoami", "connect.sid=s%3A" + id + " ." + signature),
                Probe.cookie("ten junk headers", "/whoami", "a=1", "b", ";", "=", "c=%", "d=\"", "e=%ZZ", "f==", "g=;",
                        "connect.sid=x"),
                new Probe("an empty Cookie header", "/whoami", List.of(""), List.of()),
                new Probe("X-Forwarded-Proto empty", "/whoami", List.of("connect.sid=x"),
                        List.<String[]>of(new String[] {"X-Forwarded-Proto", ""})),
                new Probe("X-Forwarded-Proto commas", "/whoami", List.of("connect.sid=x"),
                        List.<String[]>of(new String[] {"X-Forwarded-Proto", ",,,,"})),
                new Probe("X-Forwarded-Proto 2000 characters", "/whoami", List.of(),
                        List.<String[]>of(new String[] {"X-Forwarded-Proto", "https" + "x".repeat(2000)})),
                new Probe("X-Forwarded-Proto twice", "/whoami", List.of(),
                        List.<String[]>of(new String[] {"X-Forwarded-Proto", "ftp"},
                                new String[] {"X-Forwarded-Proto", "HTTPS"})),
                new Probe("X-Forwarded-Proto with a cookie too long", "/whoami",
                        List.of("connect.sid=s%3A" + "b".repeat(5000) + "." + signature),
                        List.<String[]>of(new String[] {"X-Forwarded-Proto", "https"})));
        store.reset();
        List<DynamicTest> tests = new ArrayList<>();
        for (Probe probe : probes) {
            tests.add(DynamicTest.dynamicTest(probe.name(), () -> {
                store.reset();
                Answer answer = send(probe);
                assertThat(answer.status()).as(probe.name()).isEqualTo(200);
                assertThat(answer.body()).as(probe.name()).isEqualTo("anonymous");
                assertThat(store.operations()).as(probe.name()).doesNotContain("get", "getAndTouch");
            }));
        }
        return tests;
    }

    /** A stored record, as another service, an old version or an attacker with write access to the store left it. */
    private record StoredCase(String name, String json, String path, String expectedBody) {
    }

    /**
     * Records of every shape under a validly signed id: each is answered without a 5xx. Unreadable, expired or
     * out-of-range records give a new session (expired ones are deleted); readable ones never weaken the cookie,
     * and a value of a foreign type reads as absent.
     */
    @TestFactory
    List<DynamicTest> hostileStoredRecords_answeredWithoutA5xx() {
        serve(b -> b.cookie(CookieOptions.builder().maxAge(Duration.ofHours(1)).sameSite(SameSite.STRICT).build()));
        String deep = "[".repeat(3000) + "]".repeat(3000);
        List<StoredCase> cases = List.of(
                new StoredCase("not JSON", "not json", "/whoami", "anonymous"),
                new StoredCase("empty", "", "/whoami", "anonymous"),
                new StoredCase("JSON null", "null", "/whoami", "anonymous"),
                new StoredCase("an array", "[]", "/whoami", "anonymous"),
                new StoredCase("a string", "\"alice\"", "/whoami", "anonymous"),
                new StoredCase("a number", "42", "/whoami", "anonymous"),
                new StoredCase("truncated", "{\"user\":\"alice\"", "/whoami", "anonymous"),
                new StoredCase("cookie a number", "{\"cookie\":5,\"user\":\"alice\"}", "/whoami", "anonymous"),
                new StoredCase("cookie a string", "{\"cookie\":\"x\",\"user\":\"alice\"}", "/whoami", "anonymous"),
                new StoredCase("cookie an array", "{\"cookie\":[],\"user\":\"alice\"}", "/whoami", "anonymous"),
                new StoredCase("expires not a date", "{\"cookie\":{\"expires\":\"soon\"},\"user\":\"alice\"}",
                        "/whoami", "anonymous"),
                new StoredCase("expired in 2001", "{\"cookie\":{\"originalMaxAge\":3600000,"
                        + "\"expires\":\"2001-01-01T00:00:00.000Z\"},\"user\":\"alice\"}", "/whoami", "anonymous"),
                new StoredCase("originalMaxAge half a second", "{\"cookie\":{\"originalMaxAge\":500},"
                        + "\"user\":\"alice\"}", "/whoami", "anonymous"),
                new StoredCase("originalMaxAge 1e300", "{\"cookie\":{\"originalMaxAge\":1e300},\"user\":\"alice\"}",
                        "/whoami", "anonymous"),
                new StoredCase("originalMaxAge a string", "{\"cookie\":{\"originalMaxAge\":\"3600000\"},"
                        + "\"user\":\"alice\"}", "/whoami", "anonymous"),
                new StoredCase("expires in year 275760", "{\"cookie\":{\"expires\":\"+275760-09-13T00:00:00.000Z\"},"
                        + "\"user\":\"alice\"}", "/whoami", "anonymous"),
                new StoredCase("nested 3000 deep", "{\"user\":" + deep + "}", "/whoami", "anonymous"),
                new StoredCase("cookie weaker than the configuration", "{\"cookie\":{\"originalMaxAge\":3600000,"
                        + "\"expires\":\"2030-01-02T03:30:00.000Z\",\"secure\":false,\"httpOnly\":false,"
                        + "\"sameSite\":\"none\",\"domain\":\"evil.example\"},\"user\":\"alice\"}", "/whoami", "alice"),
                new StoredCase("cookie path with a semicolon", "{\"cookie\":{\"path\":\"/;evil\"},\"user\":\"alice\"}",
                        "/whoami", "alice"),
                new StoredCase("cookie null", "{\"cookie\":null,\"user\":\"alice\"}", "/whoami", "alice"),
                new StoredCase("user an array", "{\"user\":[\"a\",\"b\"]}", "/whoami", "anonymous"),
                new StoredCase("user an object", "{\"user\":{\"admin\":true}}", "/whoami", "anonymous"),
                new StoredCase("user a number", "{\"user\":123}", "/whoami", "anonymous"),
                new StoredCase("user null", "{\"user\":null}", "/whoami", "anonymous"),
                new StoredCase("views a string", "{\"views\":\"many\"}", "/views/peek", "0"),
                new StoredCase("views 1e999", "{\"views\":1e999}", "/views/peek", "0"),
                new StoredCase("views a fraction", "{\"views\":1.5}", "/views/peek", "0"),
                new StoredCase("a __proto__ key", "{\"__proto__\":{\"admin\":true},\"user\":\"alice\"}", "/whoami",
                        "alice"),
                new StoredCase("a lone surrogate", "{\"user\":\"\\ud800\"}", "/whoami", null),
                // Over maxRecordSize (64 KiB), grown by another writer: every save would be refused, so it is no
                // session here rather than a failing one (left in the store for its writer).
                new StoredCase("100 KB of data", "{\"user\":\"alice\",\"blob\":\"" + "x".repeat(100_000) + "\"}",
                        "/whoami", "anonymous"),
                new StoredCase("60 KB of data", "{\"user\":\"alice\",\"blob\":\"" + "x".repeat(60_000) + "\"}",
                        "/whoami", "alice"),
                new StoredCase("nested 1,001 levels", "{\"user\":\"alice\",\"deep\":" + "[".repeat(1_001)
                        + "]".repeat(1_001) + "}", "/whoami", "anonymous"),
                new StoredCase("a login time that is not a date", "{\"__sessionkit\":{\"created\":"
                        + "\"2030-01-02T03:04:05.000Z\",\"authenticated\":\"yesterday\",\"principal\":\"alice\"},"
                        + "\"user\":\"alice\"}", "/whoami", "anonymous"),
                new StoredCase("a map key named like the metadata, nested", "{\"user\":\"alice\",\"prefs\":"
                        + "{\"__sessionkit\":{\"principal\":\"root\"},\"cookie\":1}}", "/whoami", "alice"));
        List<DynamicTest> tests = new ArrayList<>();
        int[] n = {0};
        for (StoredCase stored : cases) {
            String id = "stored-case-" + n[0]++;
            tests.add(DynamicTest.dynamicTest(stored.name(), () -> {
                backing.set(id, SessionRecord.of(stored.json(), null), SetMode.ALWAYS);
                Answer answer = get(stored.path(), cookieFor(id));
                assertThat(answer.status()).as(stored.name()).isLessThan(500).isEqualTo(200);
                if (stored.expectedBody() != null) { // null: a body each server encodes its own way
                    assertThat(answer.body()).as(stored.name()).isEqualTo(stored.expectedBody());
                }
                if (stored.name().startsWith("expired")) {
                    assertThat(backing.get(id)).as("an expired record is deleted").isEmpty();
                }
                for (String header : answer.setCookies()) {
                    assertThat(header).as("a Set-Cookie never weaker than configured")
                            .contains("; HttpOnly; Secure; SameSite=Strict").doesNotContain("Domain");
                }
            }));
        }
        return tests;
    }

    @Test
    void failingRoute_withAutoSave_halfDoneChangeIsNotSaved() {
        serve(b -> b.autoSave(true));
        String cookie = get("/views").cookie();

        Answer failed = get("/fail", cookie);

        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.body()).doesNotContain("at dev.", "at java.");
        assertThat(get("/views/peek", cookie).body()).isEqualTo("1");
    }

    // ---- failures and concurrency ----------------------------------------------------------------------------------

    @Test
    void storeFailure_answers503WithoutDetailAndWithoutCookie() {
        serve();
        String cookie = loggedIn("alice");
        store.failing(true);

        Answer loaded = get("/views", cookie);
        Answer fresh = get("/views");

        for (Answer answer : List.of(loaded, fresh)) {
            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.body()).doesNotContain("Exception", "at dev.", "at java.", "simulated", idOf(cookie));
            assertThat(answer.setCookies()).isEmpty();
        }
        store.failing(false);
        assertThat(get("/whoami", cookie).body()).as("the session survived the outage").isEqualTo("alice");
    }

    @Test
    void concurrentRequests_eachSettingItsOwnKey_allSixteenKeysKept() throws Exception {
        serve();
        String cookie = get("/put?key=user&value=alice").cookie();
        List<Callable<Answer>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String key = "k" + (char) ('a' + i);
            calls.add(() -> get("/put?key=" + key, cookie));
        }

        for (Answer answer : concurrently(calls)) {
            assertThat(answer.status()).isEqualTo(200);
        }

        assertThat(get("/keys", cookie).body()).isEqualTo("ka,kb,kc,kd,ke,kf,kg,kh,ki,kj,kk,kl,km,kn,ko,kp,user");
    }

    @Test
    void concurrentUpdates_sixteenIncrements_countExactlySixteen() throws Exception {
        serve();
        String cookie = get("/views").cookie();
        List<Callable<Answer>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            calls.add(() -> get("/views/update", cookie));
        }

        List<Long> seen = new ArrayList<>();
        for (Answer answer : concurrently(calls)) {
            assertThat(answer.status()).isEqualTo(200);
            seen.add(Long.parseLong(answer.body()));
        }

        assertThat(get("/views/peek", cookie).body()).isEqualTo("17");
        assertThat(seen).as("each update saw its own count").doesNotHaveDuplicates().allMatch(n -> n >= 2 && n <= 17);
    }

    @Test
    void roleDroppedWhileAStaleRequestSavesAnotherKey_roleStaysDropped() {
        serve();
        String cookie = get("/put?key=user&value=victim").cookie();
        get("/put?key=role&value=admin", cookie);
        ReferenceApp.duringPut(() -> assertThat(get("/remove?key=role", cookie).status()).isEqualTo(200));
        Answer stale;
        try {
            stale = get("/put/racing?key=cart&value=3", cookie);
        } finally {
            ReferenceApp.duringPut(null);
        }

        assertThat(stale.status()).isEqualTo(200);
        assertThat(get("/keys", cookie).body()).isEqualTo("cart,user");
    }

    @Test
    void conflictUnderFailPolicy_answers409_andWritesNothing() {
        serve(b -> b.conflictPolicy(ConflictPolicy.FAIL));
        String cookie = get("/put?key=theme&value=light").cookie();
        ReferenceApp.duringPut(() -> get("/put?key=theme&value=dark", cookie));
        Answer conflict;
        try {
            conflict = get("/put/racing?key=theme&value=blue", cookie);
        } finally {
            ReferenceApp.duringPut(null);
        }

        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.body()).isEqualTo("Conflict").doesNotContain("theme", "Exception", "at dev.");
        assertThat(conflict.setCookies()).isEmpty();
        assertThat(get("/keys", cookie).body()).isEqualTo("theme");
        assertThat(backing.get(idOf(cookie)).orElseThrow()).contains("\"theme\":\"dark\"");
    }

    /** Sends the calls from 8 threads at once and returns their answers; fails after 60 s. */
    private static List<Answer> concurrently(List<Callable<Answer>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> future : pool.invokeAll(calls, 60, TimeUnit.SECONDS)) {
                answers.add(future.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void largeBody_cookieIsStillSent() {
        serve();

        Answer answer = get("/big?kb=512");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).hasSize(512 * 1024);
        assertThat(backing.get(idOf(answer.cookie()))).isPresent();
    }

    /** The session id in a header, on this adapter's server. */
    @Nested
    class IdHeader extends IdHeaderSuite {
        @Override
        protected RunningServer start(SessionConfig<SessionData> config) throws Exception {
            return HttpConformanceSuite.this.start(config);
        }
    }
}
