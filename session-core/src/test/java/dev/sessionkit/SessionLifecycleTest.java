package dev.sessionkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkit.store.SessionStore.SetMode;
import dev.sessionkit.store.SessionStoreException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The session lifecycle of core, driven request by request as an adapter would, on an in-memory exchange. */
class SessionLifecycleTest {

    private static final String SECRET = "keyboard cat keyboard cat keyboard cat";

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

    /** The {@code name=value} part of a Set-Cookie header, to send back as a Cookie header. */
    private static String cookiePair(String setCookie) {
        return CoreHarness.cookiePair(setCookie);
    }

    private static String idIn(String setCookie) {
        return CoreHarness.idIn(setCookie, SECRET);
    }

    /** Logs in a session holding user=alice and returns its cookie pair. */
    private String loggedIn() {
        String setCookie = request(null, ctx -> {
            ctx.session().data().put("user", "alice");
            ctx.session().save();
        });
        assertThat(setCookie).isNotNull();
        store.reset();
        return cookiePair(setCookie);
    }

    @Test
    void request_neverTouchingSession_makesNoStoreCallAndNoCookie() {
        configure(b -> b.rolling(true).saveUninitialized(true).autoSave(true));

        String setCookie = request("connect.sid=s%3Aanything.sig", ctx -> { });

        assertThat(setCookie).isNull();
        assertThat(store.calls()).isEmpty();
    }

    @Test
    void newSession_notSaved_isNotStoredAndSendsNoCookie() {
        String[] id = new String[1];
        String setCookie = request(null, ctx -> {
            Session<SessionData> session = ctx.session();
            assertThat(session.isNew()).isTrue();
            session.data().put("views", 1);
            id[0] = session.id();
        });

        assertThat(setCookie).isNull();
        assertThat(id[0]).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(store.operations()).isEmpty();
    }

    @Test
    void save_newSession_writesExpressRecordAndSendsSignedCookieWithDefaults() {
        String[] id = new String[1];
        String setCookie = request(null, ctx -> {
            ctx.session().data().put("user", "alice");
            ctx.session().save();
            id[0] = ctx.session().id();
        });

        assertThat(setCookie).isEqualTo("connect.sid="
                + "s%3A" + id[0] + "." + CookieSigner.sign(id[0], SECRET).substring(id[0].length() + 1)
                        .replace("+", "%2B").replace("/", "%2F")
                + "; Path=/; HttpOnly; Secure; SameSite=Lax");
        assertThat(idIn(setCookie)).isEqualTo(id[0]);
        assertThat(store.calls()).containsExactly(new FakeStore.Call("set", id[0], SetMode.IF_ABSENT));
        assertThat(store.peek(id[0])).contains("{\"cookie\":{\"originalMaxAge\":null,\"expires\":null,"
                + "\"secure\":true,\"httpOnly\":true,\"path\":\"/\",\"sameSite\":\"lax\"},"
                + "\"__sessionkit\":{\"created\":\"2030-01-02T03:04:05.000Z\"},\"user\":\"alice\"}");
    }

    @Test
    void load_validCookie_seesSavedDataTouchesAndSendsNoCookie() {
        String cookie = loggedIn();

        String setCookie = request(cookie, ctx -> {
            assertThat(ctx.session().isNew()).isFalse();
            assertThat(ctx.session().data().getString("user")).contains("alice");
        });

        assertThat(setCookie).isNull();
        assertThat(store.operations()).containsExactly("getAndTouch");
    }

    @Test
    void load_sessionWithItsOwnMaxAge_touchesAgainWithItsExpiry() {
        String cookie = loggedIn();
        request(cookie, ctx -> {
            ctx.session().cookie().maxAge(Duration.ofDays(30));
            ctx.session().save();
        });
        store.reset();

        request(cookie, SessionContext::session);
        clock.advance(Duration.ofDays(20));

        assertThat(store.operations()).containsExactly("getAndTouch", "touch");
        request(cookie, ctx -> assertThat(ctx.session().isNew()).as("alive after 20 of 30 days").isFalse());
    }

    @Test
    void changes_withoutSave_areNotPersisted() {
        String cookie = loggedIn();
        request(cookie, ctx -> ctx.session().data().put("user", "mallory"));

        request(cookie, ctx -> assertThat(ctx.session().data().getString("user")).contains("alice"));
        assertThat(store.operations()).doesNotContain("set");
    }

    @Test
    void save_loadedSession_replacesTheRecordItLoaded() {
        String cookie = loggedIn();

        request(cookie, ctx -> {
            ctx.session().data().put("views", 2);
            ctx.session().save();
        });

        assertThat(store.operations()).containsExactly("getAndTouch", "replace");
        request(cookie, ctx -> assertThat(ctx.session().data().getLong("views")).hasValue(2));
    }

    @Test
    void reload_seesAnotherRequestsSave() {
        String cookie = loggedIn();
        FakeExchange first = new FakeExchange().cookie(cookie);
        SessionContext<SessionData> a = harness.manager().open(first);
        assertThat(a.session().data().getString("user")).contains("alice");

        request(cookie, ctx -> {
            ctx.session().data().put("user", "bob");
            ctx.session().save();
        });
        a.session().reload();

        assertThat(a.session().data().getString("user")).contains("bob");
        a.close();
    }

    @Test
    void save_afterAnotherRequestDestroyedTheSession_doesNotBringItBack() {
        String cookie = loggedIn();
        FakeExchange tab = new FakeExchange().cookie(cookie);
        SessionContext<SessionData> late = harness.manager().open(tab);
        String id = late.session().id();

        request(cookie, ctx -> ctx.session().destroy());
        late.session().data().put("cart", "3 items");
        late.session().save();
        late.commit();
        late.close();

        assertThat(store.peek(id)).isEmpty();
        assertThat(tab.setCookie()).as("no clearing cookie: the other request may have given the client a new one")
                .isNull();
    }

    /** Issue 25, finding 7: a page view that loaded the session before a regenerate cleared the new cookie. */
    @Test
    void save_afterAnotherRequestRegeneratedTheSession_sendsNoCookieThatWouldLogTheUserOut() {
        String cookie = loggedIn();
        FakeExchange pageView = new FakeExchange().cookie(cookie);
        SessionContext<SessionData> late = harness.manager().open(pageView);
        late.session().id();

        String regenerated = request(cookie, ctx -> {
            ctx.session().regenerate();
            ctx.session().data().put("user", "alice");
            ctx.session().save();
        });
        late.session().update(data -> data.put("views", data.getLong("views").orElse(0) + 1));
        late.commit();
        late.end(false);

        assertThat(regenerated).isNotNull().isNotEqualTo(cookie);
        assertThat(pageView.setCookie()).as("the browser keeps the regenerated cookie").isNull();
        request(cookiePair(regenerated), ctx -> assertThat(ctx.session().data().getString("user")).contains("alice"));
    }

    @Test
    void destroy_deletesRecordAndExpiresCookie_nextRequestStartsFresh() {
        String cookie = loggedIn();
        String id = idIn(cookie + ";");

        String setCookie = request(cookie, ctx -> ctx.session().destroy());

        assertThat(setCookie).isEqualTo(
                "connect.sid=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; "
                        + "SameSite=Lax");
        assertThat(store.peek(id)).isEmpty();
        request(cookie, ctx -> {
            assertThat(ctx.session().isNew()).isTrue();
            assertThat(ctx.session().id()).isNotEqualTo(id);
            assertThat(ctx.session().data().isEmpty()).isTrue();
        });
    }

    @Test
    void regenerate_givesNewIdFreshDataAndDeletesOldRecord() {
        String cookie = loggedIn();
        String oldId = idIn(cookie + ";");
        String[] newId = new String[1];

        String setCookie = request(cookie, ctx -> {
            Session<SessionData> session = ctx.session();
            session.regenerate();
            newId[0] = session.id();
            assertThat(ctx.session().id()).isEqualTo(newId[0]);
            assertThat(session.data().isEmpty()).isTrue();
            session.data().put("user", "alice");
            session.save();
        });

        assertThat(newId[0]).isNotEqualTo(oldId);
        assertThat(idIn(setCookie)).isEqualTo(newId[0]);
        assertThat(store.peek(oldId)).isEmpty();
        assertThat(store.peek(newId[0])).hasValueSatisfying(json -> assertThat(json).contains("\"user\":\"alice\""));
    }

    @Test
    void regenerate_withoutSave_clearsTheOldCookie() {
        String cookie = loggedIn();

        String setCookie = request(cookie, ctx -> ctx.session().regenerate());

        assertThat(setCookie).startsWith("connect.sid=; Max-Age=0;");
        assertThat(store.size()).isZero();
    }

    @Test
    void setSessionId_changesEveryViewOfTheIdAndSavesUnderItIfUnused() {
        String setCookie = request(null, ctx -> {
            ctx.session().cookie().setSessionId("chosen-id");
            assertThat(ctx.session().id()).isEqualTo("chosen-id");
            ctx.session().data().put("k", "v");
            ctx.session().save();
        });

        assertThat(idIn(setCookie)).isEqualTo("chosen-id");
        assertThat(store.calls()).containsExactly(new FakeStore.Call("set", "chosen-id", SetMode.IF_ABSENT));
        assertThatThrownBy(() -> request(null, ctx -> ctx.session().cookie().setSessionId("")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cookieEdits_showInSetCookie_lifetimePersists_securityAttributesComeFromTheConfiguration() {
        String cookie = loggedIn();

        String setCookie = request(cookie, ctx -> {
            ctx.session().cookie().maxAge(Duration.ofHours(1));
            ctx.session().cookie().sameSite(SameSite.STRICT);
            ctx.session().save();
        });

        assertThat(setCookie).endsWith("; Max-Age=3600; Path=/; Expires=Wed, 02 Jan 2030 04:04:05 GMT; HttpOnly; "
                + "Secure; SameSite=Strict");
        request(cookie, ctx -> {
            assertThat(ctx.session().cookie().maxAge()).contains(Duration.ofHours(1));
            assertThat(ctx.session().cookie().sameSite()).as("the configuration's").isEqualTo(SameSite.LAX);
        });
    }

    @Test
    void cookieEdits_domainAndPathOfNewCookie_areAllowed() {
        String setCookie = request(null, ctx -> {
            ctx.session().cookie().domain("example.com");
            ctx.session().cookie().path("/app");
            ctx.session().cookie().secure(false);
            ctx.session().save();
        });

        assertThat(setCookie).endsWith("; Domain=example.com; Path=/app; HttpOnly; SameSite=Lax");
    }

    @Test
    void cookieEdits_pathOrDomainOfLiveCookie_areRefused() {
        String cookie = loggedIn();

        request(cookie, ctx -> {
            assertThatThrownBy(() -> ctx.session().cookie().domain("example.com"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("live session cookie");
            assertThatThrownBy(() -> ctx.session().cookie().path("/other"))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(ctx.session().cookie().path()).isEqualTo("/");
        });
    }

    @Test
    void cookieEdits_afterResponseCommitted_areRefused() {
        String cookie = loggedIn();
        FakeExchange exchange = new FakeExchange().cookie(cookie);
        SessionContext<SessionData> context = harness.manager().open(exchange);
        Session<SessionData> session = context.session();
        exchange.commitResponse();

        assertThatThrownBy(() -> session.cookie().maxAge(Duration.ofHours(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("committed");
        assertThatThrownBy(session::regenerate).isInstanceOf(IllegalStateException.class);
        context.close();
    }

    @Test
    void saveUninitialized_on_savesAndSendsCookieForUntouchedNewSession() {
        configure(b -> b.saveUninitialized(true));

        String setCookie = request(null, SessionContext::session);

        assertThat(setCookie).startsWith("connect.sid=s%3A");
        assertThat(store.calls()).extracting(FakeStore.Call::mode).containsExactly(SetMode.IF_ABSENT);
        assertThat(store.peek(idIn(setCookie))).isPresent();
    }

    @Test
    void saveUninitialized_off_savesNothingForUntouchedNewSession() {
        String setCookie = request(null, SessionContext::session);

        assertThat(setCookie).isNull();
        assertThat(store.calls()).isEmpty();
    }

    @Test
    void rolling_on_resendsCookieOnEveryRequestWithFreshExpiry() {
        configure(b -> b.rolling(true).cookie(CookieOptions.builder().maxAge(Duration.ofMinutes(30)).build()));
        String cookie = loggedIn();
        clock.advance(Duration.ofMinutes(10));

        String setCookie = request(cookie, SessionContext::session);

        assertThat(setCookie).contains("Max-Age=1800").contains("Expires=Wed, 02 Jan 2030 03:44:05 GMT");
        assertThat(store.operations()).containsExactly("getAndTouch");
    }

    @Test
    void rolling_off_sendsNoCookieForUnchangedSession() {
        configure(b -> b.cookie(CookieOptions.builder().maxAge(Duration.ofMinutes(30)).build()));
        String cookie = loggedIn();

        assertThat(request(cookie, SessionContext::session)).isNull();
    }

    @Test
    void autoSave_changedData_isWrittenOnce() {
        configure(b -> b.autoSave(true));
        String cookie = loggedIn();

        request(cookie, ctx -> ctx.session().data().put("views", 1));

        assertThat(store.calls()).extracting(FakeStore.Call::operation, FakeStore.Call::mode)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("getAndTouch", null),
                        org.assertj.core.groups.Tuple.tuple("replace", null));
        request(cookie, ctx -> assertThat(ctx.session().data().getLong("views")).hasValue(1));
    }

    @Test
    void autoSave_unchangedData_isTouchedNotRewritten() {
        configure(b -> b.autoSave(true));
        String cookie = loggedIn();

        request(cookie, ctx -> ctx.session().data().put("user", "alice"));

        assertThat(store.operations()).containsExactly("getAndTouch");
    }

    @Test
    void autoSave_newSessionWithData_isSavedWithCookie_withoutData_isNot() {
        configure(b -> b.autoSave(true));

        assertThat(request(null, SessionContext::session)).isNull();
        assertThat(store.calls()).isEmpty();

        String setCookie = request(null, ctx -> ctx.session().data().put("views", 1));
        assertThat(setCookie).startsWith("connect.sid=s%3A");
        assertThat(store.calls()).extracting(FakeStore.Call::mode).containsExactly(SetMode.IF_ABSENT);
    }

    @Test
    void autoSave_afterExplicitSave_doesNotWriteTwice() {
        configure(b -> b.autoSave(true));
        String cookie = loggedIn();

        request(cookie, ctx -> {
            ctx.session().data().put("views", 5);
            ctx.session().save();
        });

        assertThat(store.operations()).containsExactly("getAndTouch", "replace");
    }

    @Test
    void badCookies_startNewSessionWithoutStoreLookup() {
        String valid = loggedIn();
        String id = idIn(valid + ";");
        String signature = CookieSigner.sign(id, SECRET).substring(id.length() + 1);
        List<String> forged = List.of(
                "connect.sid=" + id,                                              // unsigned
                "connect.sid=s%3A" + id + "x." + signature,                       // tampered id
                "connect.sid=s%3A" + id + "." + signature.substring(1),           // tampered signature
                "connect.sid=s%3A" + CookieSigner.sign(id, "wrong secret"),       // wrong secret
                "connect.sid=",                                                   // empty
                "connect.sid=s%3A",                                               // s: alone
                "connect.sid=s%3A" + id,                                          // no dot
                "connect.sid=s%3A" + id + "." + signature + "%",                  // bad escape
                "connect.sid=s%3A" + "a".repeat(8192) + "." + signature);         // oversized

        for (String cookie : forged) {
            store.reset();
            request(cookie, ctx -> {
                assertThat(ctx.session().isNew()).as(cookie).isTrue();
                assertThat(ctx.session().id()).as(cookie).isNotEqualTo(id);
            });
            assertThat(store.calls()).as(cookie).isEmpty();
        }
    }

    @Test
    void validCookie_whoseRecordIsGone_getsNewIdNotARevivedOne() {
        String cookie = loggedIn();
        String id = idIn(cookie + ";");
        store.remove(id);

        request(cookie, ctx -> {
            assertThat(ctx.session().isNew()).isTrue();
            assertThat(ctx.session().id()).isNotEqualTo(id);
            ctx.session().save();
        });

        assertThat(store.peek(id)).isEmpty();
    }

    @Test
    void unreadableRecord_startsNewSessionWithoutError() {
        String cookie = loggedIn();
        String id = idIn(cookie + ";");
        store.put(id, "{not json");

        request(cookie, ctx -> assertThat(ctx.session().isNew()).isTrue());
    }

    @Test
    void h3SessionRecord_withoutCookie_isRead() {
        store.put("h3-id", "{\"user\":\"carol\"}");
        String cookie = "connect.sid=s%3A" + CookieSigner.sign("h3-id", SECRET);

        request(cookie, ctx -> {
            assertThat(ctx.session().isNew()).isFalse();
            assertThat(ctx.session().data().getString("user")).contains("carol");
            ctx.session().save();
        });

        assertThat(store.peek("h3-id")).contains("{\"cookie\":{\"originalMaxAge\":null,\"expires\":null,"
                + "\"secure\":true,\"httpOnly\":true,\"path\":\"/\",\"sameSite\":\"lax\"},"
                + "\"__sessionkit\":{\"created\":\"2030-01-02T03:04:05.000Z\"},\"user\":\"carol\"}");
    }

    @Test
    void secretRotation_oldCookieAccepted_newCookiesSignedWithLastSecret() {
        configure(b -> b.secret("old-secret-old-secret-old-secret-old"));
        String oldCookie = loggedIn();
        configure(b -> b.secret("old-secret-old-secret-old-secret-old", "new-secret-new-secret-new-secret-new"));

        request(oldCookie, ctx -> assertThat(ctx.session().data().getString("user")).contains("alice"));
        String setCookie = request(null, ctx -> ctx.session().save());

        String value = URLDecoder.decode(cookiePair(setCookie).substring(12), StandardCharsets.UTF_8).substring(2);
        assertThat(CookieSigner.of("new-secret-new-secret-new-secret-new").unsign(value)).isPresent();
        assertThat(CookieSigner.of("old-secret-old-secret-old-secret-old").unsign(value)).isEmpty();
    }

    @Test
    void storeFailure_onLoad_throwsSessionStoreException() {
        String cookie = loggedIn();
        store.failing(true);

        assertThatThrownBy(() -> request(cookie, SessionContext::session))
                .isInstanceOf(SessionStoreException.class)
                .hasMessageNotContaining(idIn(cookie + ";"));
    }

    @Test
    void storeFailure_onCommit_sendsNoCookie() {
        configure(b -> b.saveUninitialized(true));
        FakeExchange exchange = new FakeExchange();
        SessionContext<SessionData> context = harness.manager().open(exchange);
        context.session();
        store.failing(true);

        assertThatThrownBy(context::commit).isInstanceOf(SessionStoreException.class);
        assertThat(exchange.setCookies()).isEmpty();
    }

    @Test
    void close_afterFailedCommit_doesNotCallTheStoreAgain() {
        configure(b -> b.autoSave(true));
        String cookie = loggedIn();
        FakeExchange exchange = new FakeExchange().cookie(cookie);
        SessionContext<SessionData> context = harness.manager().open(exchange);
        context.session().data().put("views", 1);
        store.failing(true);
        assertThatThrownBy(context::commit).isInstanceOf(SessionStoreException.class);
        store.reset();

        context.close();

        assertThat(store.calls()).isEmpty();
        assertThat(exchange.setCookies()).isEmpty();
        assertThatThrownBy(context::session).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void storeFailureInTheHandler_commitAndCloseDoNotCallTheStoreAgain() {
        configure(b -> b.autoSave(true));
        String cookie = loggedIn();
        FakeExchange exchange = new FakeExchange().cookie(cookie);
        SessionContext<SessionData> context = harness.manager().open(exchange);
        context.session().data().put("views", 1);
        store.failing(true);
        assertThatThrownBy(context.session()::save).isInstanceOf(SessionStoreException.class);
        store.reset();

        context.commit();
        context.close();

        assertThat(store.calls()).isEmpty();
        assertThat(exchange.setCookies()).isEmpty();
    }

    @Test
    void expiry_withoutRolling_endsWithTheCookie_readsDoNotExtendIt() {
        configure(b -> b.cookie(CookieOptions.builder().maxAge(Duration.ofHours(1)).build()));
        String cookie = loggedIn();

        clock.advance(Duration.ofMinutes(59));
        request(cookie, ctx -> assertThat(ctx.session().isNew()).isFalse());
        assertThat(store.operations()).as("a read without rolling is a plain get").containsExactly("get");
        clock.advance(Duration.ofMinutes(2));
        request(cookie, ctx -> assertThat(ctx.session().isNew()).as("its cookie expired at minute 60").isTrue());
    }

    @Test
    void expiry_withRolling_eachRequestExtendsIt_noSleeping() {
        configure(b -> b.rolling(true).cookie(CookieOptions.builder().maxAge(Duration.ofHours(1)).build()));
        String cookie = loggedIn();

        clock.advance(Duration.ofMinutes(59));
        request(cookie, ctx -> assertThat(ctx.session().isNew()).isFalse());
        clock.advance(Duration.ofMinutes(59));
        request(cookie, ctx -> assertThat(ctx.session().isNew()).as("extended at minute 59").isFalse());
        assertThat(store.operations()).containsExactly("getAndTouch", "getAndTouch");
        clock.advance(Duration.ofMinutes(61));
        request(cookie, ctx -> assertThat(ctx.session().isNew()).as("idle for 61 minutes").isTrue());
    }

    @Test
    void secureAuto_followsTrustedForwardedProto() {
        configure(b -> b.trustProxy(true).cookie(CookieOptions.builder().secureAuto().sameSite(SameSite.NONE_WHEN_SECURE).build()));

        last = new FakeExchange().header("X-Forwarded-Proto", "https, http");
        SessionContext<SessionData> context = harness.manager().open(last);
        context.session().save();
        context.close();
        assertThat(last.setCookie()).endsWith("; HttpOnly; Secure; SameSite=None");

        String plain = request(null, ctx -> ctx.session().save());
        assertThat(plain).endsWith("; HttpOnly; SameSite=Lax");
    }

    @Test
    void secureAuto_ignoresForwardedProtoWithoutTrust() {
        configure(b -> b.cookie(CookieOptions.builder().secureAuto().build()));

        last = new FakeExchange().header("X-Forwarded-Proto", "https");
        SessionContext<SessionData> context = harness.manager().open(last);
        context.session().save();
        context.close();

        assertThat(last.setCookie()).endsWith("; Path=/; HttpOnly; SameSite=Lax");
    }

    @Test
    void open_eachCall_givesTheRequestItsOwnContext_theAdapterKeepsIt() {
        FakeExchange exchange = new FakeExchange();
        SessionContext<SessionData> first = harness.manager().open(exchange);
        SessionContext<SessionData> second = harness.manager().open(exchange);

        assertThat(first).isNotSameAs(second);
        assertThat(first.session()).isSameAs(first.session());
        first.close();
        second.close();
    }

    @Test
    void session_afterClose_isRefused() {
        FakeExchange exchange = new FakeExchange();
        SessionContext<SessionData> context = harness.manager().open(exchange);
        Session<SessionData> session = context.session();
        context.close();

        assertThatThrownBy(session::save).isInstanceOf(IllegalStateException.class).hasMessageContaining("ended");
        assertThatThrownBy(context::session).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void autoSave_changeAfterResponseCommitted_isSavedAtClose() {
        configure(b -> b.autoSave(true));
        String cookie = loggedIn();
        FakeExchange exchange = new FakeExchange().cookie(cookie);
        SessionContext<SessionData> context = harness.manager().open(exchange);
        context.session();
        context.commit();
        exchange.commitResponse();
        context.session().data().put("late", true);
        context.close();

        request(cookie, ctx -> assertThat(ctx.session().data().getBoolean("late")).contains(true));
    }

    /** A typed session: any Jackson-mappable class. */
    public static final class Cart {
        public String owner;
        public int items;
    }

    @Test
    void typedData_roundTripsThroughTheStore() {
        SessionManager<Cart> typed = SessionManager.create(SessionConfig.builder(Cart.class)
                .store(store).secret(SECRET).clock(clock).build());
        FakeExchange first = new FakeExchange();
        SessionContext<Cart> a = typed.open(first);
        a.session().data().owner = "dave";
        a.session().data().items = 3;
        a.session().save();
        a.close();

        FakeExchange second = new FakeExchange().cookie(cookiePair(first.setCookie()));
        SessionContext<Cart> b = typed.open(second);
        assertThat(b.session().data().owner).isEqualTo("dave");
        assertThat(b.session().data().items).isEqualTo(3);
        b.close();
    }

    @Test
    void clockInstant_isUsedForExpiresInRecord() {
        configure(b -> b.cookie(CookieOptions.builder().maxAge(Duration.ofDays(1)).build()));
        String setCookie = request(null, ctx -> ctx.session().save());

        assertThat(store.peek(idIn(setCookie))).hasValueSatisfying(json -> assertThat(json)
                .contains("\"originalMaxAge\":86400000,\"expires\":\""
                        + Instant.parse("2030-01-03T03:04:05Z").toString().replace("Z", ".000Z") + "\""));
    }

    // ---- hardening: lifetimes, records that would weaken the cookie, adopted ids, bounds --------------------------

    /** The cookie for a session id, as a client would send it. */
    private static String cookieFor(String id) {
        return "connect.sid=s%3A" + CookieSigner.sign(id, SECRET).replace("+", "%2B").replace("/", "%2F");
    }

    @Test
    void storedExpiryInThePast_isDeletedAndNeverServed() {
        store.put("old-session", "{\"cookie\":{\"originalMaxAge\":86400000,\"expires\":\"2001-01-01T00:00:00.000Z\","
                + "\"path\":\"/\"},\"user\":\"victim\"}");

        request(cookieFor("old-session"), ctx -> {
            assertThat(ctx.session().isNew()).isTrue();
            assertThat(ctx.session().data().getString("user")).isEmpty();
        });

        assertThat(store.peek("old-session")).isEmpty();
        assertThat(store.operations()).containsExactly("getAndTouch", "destroy");
    }

    @Test
    void storedFixedExpiryInThePast_evenWithRolling_isDeleted() {
        configure(b -> b.rolling(true).cookie(CookieOptions.builder().maxAge(Duration.ofHours(1)).build()));
        store.put("fixed", "{\"cookie\":{\"originalMaxAge\":null,\"expires\":\"2030-01-02T03:00:00.000Z\"},"
                + "\"user\":\"victim\"}");

        request(cookieFor("fixed"), ctx -> assertThat(ctx.session().isNew()).isTrue());

        assertThat(store.peek("fixed")).isEmpty();
    }

    @Test
    void ownShorterLifetime_isPutRightAtLoad_evenWhenTheEndOfTheRequestNeverRuns() {
        // The configuration has no expiry: loads extend by the store's default day. This session has 15 minutes.
        String cookie = cookiePair(request(null, ctx -> {
            ctx.session().cookie().maxAge(Duration.ofMinutes(15));
            ctx.session().data().put("role", "admin");
            ctx.session().save();
        }));
        store.reset();
        clock.advance(Duration.ofMinutes(10));

        SessionContext<SessionData> abandoned = harness.manager().open(new FakeExchange().cookie(cookie));
        assertThat(abandoned.session().isNew()).isFalse(); // never committed nor closed, as after skipRemainingHandlers
        assertThat(store.operations()).containsExactly("getAndTouch", "touch");
        clock.advance(Duration.ofMinutes(6));

        request(cookie, ctx -> assertThat(ctx.session().isNew()).as("its own 15 minutes are over").isTrue());
    }

    @Test
    void recordWeakeningTheCookie_configurationWins() {
        configure(b -> b.cookie(CookieOptions.builder().maxAge(Duration.ofHours(1)).sameSite(SameSite.STRICT).build()));
        store.put("weak", "{\"cookie\":{\"originalMaxAge\":3600000,\"expires\":\"2030-01-02T03:30:00.000Z\","
                + "\"secure\":false,\"httpOnly\":false,\"sameSite\":\"none\",\"domain\":\"evil.example\","
                + "\"path\":\"/\"},\"user\":\"bob\"}");

        String setCookie = request(cookieFor("weak"), ctx -> {
            assertThat(ctx.session().data().getString("user")).contains("bob");
            ctx.session().save();
        });

        assertThat(setCookie).endsWith("; Path=/; Expires=Wed, 02 Jan 2030 04:04:05 GMT; HttpOnly; Secure; "
                + "SameSite=Strict").doesNotContain("Domain");
        assertThat(store.peek("weak").orElseThrow()).contains("\"secure\":true,\"httpOnly\":true,\"path\":\"/\","
                + "\"sameSite\":\"strict\"");
    }

    @Test
    void setSessionId_ontoAnIdInUse_neverAdoptsIt_andWritesNothing() {
        store.put("victim-id", "{\"cookie\":{\"path\":\"/\"},\"user\":\"victim\",\"role\":\"admin\"}");

        assertThatThrownBy(() -> request(null, ctx -> {
            ctx.session().cookie().setSessionId("victim-id");
            assertThat(ctx.session().data().getString("user")).isEmpty();
            ctx.session().data().put("user", "mallory");
            ctx.session().save();
        })).isInstanceOf(SessionException.class).hasMessageContaining("already in use")
                .hasMessageNotContaining("victim-id");

        assertThat(last.setCookies()).isEmpty();
        assertThat(store.peek("victim-id").orElseThrow()).contains("\"victim\"").doesNotContain("mallory");
    }

    @Test
    void setSessionId_withoutSave_sendsNoCookieForTheNewId() {
        String cookie = loggedIn();

        String setCookie = request(cookie, ctx -> ctx.session().cookie().setSessionId("never-written"));

        assertThat(setCookie).as("the client's old cookie is cleared, the new id never signed")
                .startsWith("connect.sid=; Max-Age=0;");
        assertThat(store.peek("never-written")).isEmpty();
    }

    @Test
    void save_overMaxRecordSize_failsClearly_writesNothing() {
        configure(b -> b.maxRecordSize(1024));

        assertThatThrownBy(() -> request(null, ctx -> {
            ctx.session().data().put("blob", "x".repeat(2000));
            ctx.session().save();
        })).isInstanceOf(SessionException.class).hasMessageContaining("maxRecordSize (1024 bytes)");

        assertThat(store.operations()).doesNotContain("set");
        assertThat(last.setCookies()).isEmpty();
        request(null, ctx -> {
            ctx.session().data().put("small", "y".repeat(500));
            ctx.session().save();
        });
        assertThat(store.operations()).containsExactly("set");
    }

    /** Issue 25, finding 8: another writer grew the record past the limit, and every save of it was a 500. */
    @Test
    void load_recordGrownPastMaxRecordSizeByAnotherWriter_isANewSession_neverAFailure() {
        configure(b -> b.maxRecordSize(1024));
        String cookie = loggedIn();
        String id = idIn(cookie);
        store.put(id, "{\"cookie\":{\"path\":\"/\"},\"user\":\"alice\",\"blob\":\"" + "é".repeat(600) + "\"}");

        request(cookie, ctx -> {
            assertThat(ctx.session().isNew()).as("1,2xx bytes over a 1,024-byte limit").isTrue();
            ctx.session().data().put("views", 1);
            ctx.session().save();
        });

        assertThat(store.peek(id)).as("left for the writer that grew it").get().asString().contains("blob");
    }

    @Test
    void changeId_keepsDataAndLogin_deletesTheOldRecord_writesUnderTheNewIdAtTheSave() {
        String cookie = loggedIn();
        String oldId = idIn(cookie);

        String moved = request(cookie, ctx -> {
            ctx.session().changeId();
            assertThat(ctx.session().id()).isNotEqualTo(oldId);
            assertThat(ctx.session().data().getString("user")).contains("alice");
            ctx.session().save();
        });

        assertThat(store.peek(oldId)).as("the old id is worthless").isEmpty();
        assertThat(idIn(moved)).isNotEqualTo(oldId);
        request(cookiePair(moved), ctx -> assertThat(ctx.session().data().getString("user")).contains("alice"));
    }

    @Test
    void changeId_anotherWriterChangedTheRecord_theirChangeIsMergedBeforeTheMove() {
        String cookie = loggedIn();
        FakeExchange exchange = new FakeExchange().cookie(cookie);
        SessionContext<SessionData> moving = harness.manager().open(exchange);
        moving.session().data().put("theme", "dark");
        request(cookie, ctx -> {
            ctx.session().data().put("cart", "3 items");
            ctx.session().save();
        });

        moving.session().changeId();
        moving.session().save();
        moving.end(false);

        String movedTo = cookiePair(exchange.setCookie());
        request(movedTo, ctx -> {
            assertThat(ctx.session().data().getString("cart")).as("the other writer's change").contains("3 items");
            assertThat(ctx.session().data().getString("theme")).as("this request's").contains("dark");
            assertThat(ctx.session().data().getString("user")).contains("alice");
        });
        assertThat(store.peek(idIn(cookie))).isEmpty();
    }

    /** A move never brings back a session that another request ended: "log out other sessions" must win. */
    @Test
    void changeId_afterAnotherRequestEndedTheSession_writesNothing_sendsNoCookie() {
        String cookie = loggedIn();
        FakeExchange exchange = new FakeExchange().cookie(cookie);
        SessionContext<SessionData> moving = harness.manager().open(exchange);
        moving.session().id();
        request(cookie, ctx -> ctx.session().destroy());
        int stored = store.size();

        moving.session().changeId();
        moving.session().save();
        moving.end(false);

        assertThat(store.size()).isEqualTo(stored);
        assertThat(exchange.setCookie()).isNull();
    }

    @Test
    void generate_sharedObject_isCopiedForEachSession() {
        SessionData shared = new SessionData().put("cart", new java.util.ArrayList<>(List.of("seed")));
        configure(b -> b.generate(() -> shared));

        request(null, ctx -> {
            ctx.session().data().put("user", "alice");
            assertThat(ctx.session().data()).isNotSameAs(shared);
        });
        request(null, ctx -> assertThat(ctx.session().data().getString("user")).as("no leak").isEmpty());
        assertThat(shared.keys()).containsExactly("cart");
    }

    @Test
    void requestFailed_autoSaveAndSaveUninitializedWriteNothing_explicitSaveStays() {
        configure(b -> b.autoSave(true));
        String cookie = loggedIn();

        FakeExchange exchange = new FakeExchange().cookie(cookie);
        SessionContext<SessionData> context = harness.manager().open(exchange);
        context.session().data().put("views", 1);
        context.session().save();
        context.session().data().put("half", "done");
        context.requestFailed();
        context.commit();
        context.close();

        request(cookie, ctx -> {
            assertThat(ctx.session().data().getLong("views")).hasValue(1);
            assertThat(ctx.session().data().containsKey("half")).isFalse();
        });
    }

    @Test
    void cookieEdits_breakingPrefixOrSecureRules_areRefused() {
        configure(b -> b.name("__Host-sid"));

        request(null, ctx -> {
            assertThatThrownBy(() -> ctx.session().cookie().domain("example.com"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("__Host-");
            assertThatThrownBy(() -> ctx.session().cookie().path("/app"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("__Host-");
            assertThatThrownBy(() -> ctx.session().cookie().secure(false))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Secure");
            ctx.session().cookie().sameSite(SameSite.NONE);
            assertThatThrownBy(() -> ctx.session().cookie().secure(false))
                    .isInstanceOf(IllegalArgumentException.class);
        });
    }

    @Test
    void cookieEdits_outOfRangeLifetime_refused() {
        request(null, ctx -> {
            assertThatThrownBy(() -> ctx.session().cookie().maxAge(Duration.ofDays(401)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ctx.session().cookie().expires(Instant.MAX))
                    .isInstanceOf(IllegalArgumentException.class);
        });
    }

    @Test
    void recordWithOutOfRangeLifetime_isUnreadable_newSessionNoError() {
        store.put("huge", "{\"cookie\":{\"originalMaxAge\":1e300,\"expires\":null},\"user\":\"x\"}");
        store.put("far", "{\"cookie\":{\"originalMaxAge\":null,\"expires\":\"+275760-09-13T00:00:00.000Z\"}}");

        request(cookieFor("huge"), ctx -> assertThat(ctx.session().isNew()).isTrue());
        request(cookieFor("far"), ctx -> assertThat(ctx.session().isNew()).isTrue());
    }
}
