package dev.sessionkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Idle and absolute timeouts, the record's {@code __sessionkit} metadata, and a principal's sessions. */
class TimeoutsAndPrincipalsTest {

    private static final String SECRET = "timeouts and principals secret, 32+ chars";

    private final CoreHarness harness = new CoreHarness(SECRET);
    private final TestClock clock = harness.clock;
    private final FakeStore store = harness.store;

    private void configure(UnaryOperator<SessionConfig.Builder<SessionData>> options) {
        harness.configure(options);
    }

    /** Runs one request as an adapter would; returns the cookie pair to send next (the old one when none is set). */
    private String request(String cookie, Consumer<Session<SessionData>> handler) {
        String setCookie = harness.run(cookie, context -> handler.accept(context.session())).setCookie();
        return setCookie == null ? cookie : setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static String idIn(String cookie) {
        String value = URLDecoder.decode(cookie.substring(cookie.indexOf('=') + 1), StandardCharsets.UTF_8);
        return CookieSigner.of(SECRET).unsign(value.substring(2)).orElseThrow();
    }

    private String login(String user) {
        return request(null, session -> {
            session.regenerate();
            session.principal(user);
            session.label("device of " + user);
            session.data().put("user", user);
            session.save();
        });
    }

    private boolean isNew(String cookie) {
        boolean[] fresh = {false};
        request(cookie, session -> fresh[0] = session.isNew());
        return fresh[0];
    }

    // ---- lifetimes ---------------------------------------------------------------------------------------------

    @Test
    void absoluteTimeout_endsASessionHoweverItIsUsed_andDeletesIt() {
        configure(b -> b.rolling(true).absoluteTimeout(Duration.ofHours(12))
                .cookie(CookieOptions.builder().maxAge(Duration.ofHours(1)).build()));
        String cookie = login("ada");
        String id = idIn(cookie);

        for (int minutes = 10; minutes < 12 * 60; minutes += 10) {
            clock.advance(Duration.ofMinutes(10));
            assertThat(isNew(cookie)).as("used every 10 minutes, minute %d", minutes).isFalse();
        }
        clock.advance(Duration.ofMinutes(10));

        assertThat(isNew(cookie)).as("12 hours after its creation").isTrue();
        assertThat(store.peek(id)).isEmpty();
    }

    @Test
    void absoluteTimeout_theStoresTimeToLiveNeverGoesPastTheDeadline() {
        configure(b -> b.idleTimeout(Duration.ofMinutes(30)).absoluteTimeout(Duration.ofHours(1)));
        String cookie = login("ada");
        String id = idIn(cookie);
        Instant deadline = clock.instant().plus(Duration.ofHours(1));

        assertThat(store.expiryOf(id)).as("idle: 30 minutes from the save").isEqualTo(clock.instant().plusSeconds(1800));
        clock.advance(Duration.ofMinutes(20));
        assertThat(isNew(cookie)).isFalse();
        clock.advance(Duration.ofMinutes(25));
        store.reset();
        assertThat(isNew(cookie)).isFalse();

        assertThat(store.expiryOf(id)).as("not 30 minutes from now: the deadline").isEqualTo(deadline);
        assertThat(store.operations()).as("the load's extension, then its correction").containsExactly("getAndTouch",
                "touch");
    }

    @Test
    void idleTimeout_endsASessionIdleLongerThanIt_eachRequestExtendsIt_inOneCall() {
        configure(b -> b.idleTimeout(Duration.ofMinutes(30))
                .cookie(CookieOptions.builder().maxAge(Duration.ofDays(7)).build()));
        String cookie = login("ada");
        store.reset();

        clock.advance(Duration.ofMinutes(29));
        assertThat(isNew(cookie)).isFalse();
        clock.advance(Duration.ofMinutes(29));
        assertThat(isNew(cookie)).as("29 minutes after the last request").isFalse();
        assertThat(store.operations()).containsExactly("getAndTouch", "getAndTouch");
        clock.advance(Duration.ofMinutes(31));

        assertThat(isNew(cookie)).as("idle for 31 minutes, though its cookie lasts 7 days").isTrue();
    }

    @Test
    void createdMovedBack_pastTheAbsoluteTimeout_endsTheSession() {
        configure(b -> b.absoluteTimeout(Duration.ofHours(12)));
        String cookie = login("ada");
        String id = idIn(cookie);
        String json = store.peek(id).orElseThrow();
        assertThat(json).contains("\"__sessionkit\":{\"created\":\"2030-01-02T03:04:05.000Z\"");

        store.put(id, json.replace("2030-01-02T03:04:05.000Z", "2030-01-01T14:04:05.000Z")); // 13 hours back

        assertThat(isNew(cookie)).isTrue();
        assertThat(store.peek(id)).isEmpty();
    }

    /** Issue 25, finding 1: a regenerate that keeps the login kept it past its 12 hours. */
    @Test
    void absoluteTimeout_countsFromTheLogin_aRegenerateKeepingTheLoginDoesNotExtendIt() {
        configure(b -> b.absoluteTimeout(Duration.ofHours(12)));
        String cookie = login("ada");
        clock.advance(Duration.ofHours(12).minusSeconds(8));

        String regenerated = request(cookie, session -> {
            java.util.Map<String, Object> kept = new java.util.LinkedHashMap<>(session.data().asMap());
            session.regenerate();
            kept.forEach(session.data()::put);
            session.save();
        });
        clock.advance(Duration.ofSeconds(10));

        assertThat(idIn(regenerated)).isNotEqualTo(idIn(cookie));
        assertThat(isNew(regenerated)).as("12 h and 2 s after the login").isTrue();
    }

    @Test
    void absoluteTimeout_setSessionIdKeepsTheLogin_aNewPrincipalStartsANewOne() {
        configure(b -> b.absoluteTimeout(Duration.ofHours(12)));
        String cookie = login("ada");
        clock.advance(Duration.ofHours(11));
        String moved = request(cookie, session -> {
            session.cookie().setSessionId("moved-" + idIn(cookie));
            session.save();
        });
        String relogged = request(login("ada"), session -> {
            session.principal("bo"); // another user logs in on this browser: a new login
            session.save();
        });
        clock.advance(Duration.ofHours(1).plusSeconds(1));

        assertThat(isNew(moved)).as("the moved session ends 12 h after its login").isTrue();
        assertThat(isNew(relogged)).as("a login 1 h ago").isFalse();
    }

    /** Issue 25, recent authentication (ASVS 3.7.1). */
    @Test
    void markAuthenticated_recordsTheTime_authenticatedWithinChecksIt_andTheLifetimeRestarts() {
        configure(b -> b.absoluteTimeout(Duration.ofHours(12)));
        String cookie = login("ada");
        Instant loggedIn = clock.instant();
        clock.advance(Duration.ofHours(11));

        request(cookie, session -> {
            assertThat(session.authenticatedAt()).contains(loggedIn);
            assertThat(session.authenticatedWithin(Duration.ofMinutes(5))).isFalse();
            session.markAuthenticated(); // the password, asked again before a sensitive action
            assertThat(session.authenticatedWithin(Duration.ofMinutes(5))).isTrue();
            session.save();
        });
        assertThat(store.peek(idIn(cookie)).orElseThrow())
                .contains("\"authenticated\":\"2030-01-02T14:04:05.000Z\"");
        clock.advance(Duration.ofHours(2));

        request(cookie, session -> {
            assertThat(session.isNew()).as("13 h after the login, 2 h after the re-authentication").isFalse();
            assertThat(session.authenticatedAt()).contains(loggedIn.plus(Duration.ofHours(11)));
        });
        request(null, session -> {
            assertThat(session.authenticatedAt()).as("anonymous").isEmpty();
            assertThat(session.authenticatedWithin(Duration.ofDays(365))).isFalse();
        });
    }

    @Test
    void authenticated_thatIsNotADate_makesTheRecordUnreadable() {
        String cookie = login("ada");
        String id = idIn(cookie);
        String json = store.peek(id).orElseThrow();

        store.put(id, json.replaceFirst("\"authenticated\":\"[^\"]+\"", "\"authenticated\":\"yesterday\""));

        assertThat(isNew(cookie)).as("an authentication time that cannot be trusted is no login").isTrue();
    }

    /**
     * Issue 25, finding 6: an express regenerate copies the record, __sessionkit included, to a new id that the index
     * never saw, so the copy survived "log out other sessions". Its tag names the old id: the next save indexes it.
     */
    @Test
    void recordCopiedToAnotherIdByNode_isIndexedAtItsNextSave_andEndedWithTheOthers() {
        String original = login("ada");
        String json = store.peek(idIn(original)).orElseThrow();
        assertThat(json).contains("\"indexed\":\"" + PrincipalSessions.tag(idIn(original)) + "\"");
        store.put("copied-by-node", json);
        store.remove(idIn(original));
        String copy = "connect.sid=s%3A" + CookieSigner.sign("copied-by-node", SECRET).replace("+", "%2B")
                .replace("/", "%2F");
        request(copy, session -> {
            session.data().put("views", 1);
            session.save();
        });
        String other = login("ada");

        request(other, session -> assertThat(session.endOtherSessions()).isEqualTo(1));

        assertThat(isNew(copy)).as("the copy was indexed at its save, and ended with the others").isTrue();
        assertThat(isNew(other)).isFalse();
    }

    @Test
    void recordIndexedUnderItsOwnId_savesWithoutTouchingTheIndex() {
        String cookie = login("ada");
        store.reset();

        request(cookie, session -> {
            session.data().put("views", 1);
            session.save();
        });

        assertThat(store.operations()).containsExactly("getAndTouch", "replace");
    }

    @Test
    void recordWithoutMetadata_writtenByNode_getsItsCreationAtItsNextSave() {
        configure(b -> b.absoluteTimeout(Duration.ofHours(12)));
        store.put("from-node", "{\"cookie\":{\"originalMaxAge\":null,\"expires\":null,\"path\":\"/\"},\"user\":\"bo\"}");
        String cookie = "connect.sid=s%3A" + CookieSigner.sign("from-node", SECRET).replace("+", "%2B")
                .replace("/", "%2F");
        clock.advance(Duration.ofHours(20));

        request(cookie, session -> {
            assertThat(session.isNew()).as("no creation time: not ended").isFalse();
            session.save();
        });

        assertThat(store.peek("from-node").orElseThrow())
                .contains("\"__sessionkit\":{\"created\":\"2030-01-02T23:04:05.000Z\"},\"user\":\"bo\"");
        clock.advance(Duration.ofHours(12));
        assertThat(isNew(cookie)).as("12 hours after SessionKit first saved it").isTrue();
    }

    @Test
    void metadata_isInvisibleInTheData_andItsKeyIsReserved() {
        String cookie = login("ada");

        request(cookie, session -> {
            assertThat(session.data().keys()).containsExactly("user");
            assertThatThrownBy(() -> session.data().put("__sessionkit", "x"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
        });
    }

    @Test
    void metadataThatIsNotSessionKits_isAnUnreadableRecord() {
        store.put("forged", "{\"cookie\":{},\"__sessionkit\":{\"created\":\"yesterday\"},\"user\":\"x\"}");

        assertThat(isNew("connect.sid=s%3A" + CookieSigner.sign("forged", SECRET).replace("+", "%2B")
                .replace("/", "%2F"))).isTrue();
    }

    // ---- a principal's sessions ------------------------------------------------------------------------------------

    @Test
    void principal_listsItsSessions_endsTheOthers_theCurrentOneStays() {
        String laptop = login("ada");
        clock.advance(Duration.ofMinutes(5));
        String phone = login("ada");
        String other = login("bo");

        AtomicReference<List<SessionSummary>> listed = new AtomicReference<>();
        request(laptop, session -> listed.set(session.sessionsOfPrincipal()));

        assertThat(listed.get()).extracting(SessionSummary::id).containsExactly(idIn(laptop), idIn(phone));
        assertThat(listed.get()).extracting(SessionSummary::current).containsExactly(true, false);
        assertThat(listed.get().get(0).created()).isEqualTo(Instant.parse("2030-01-02T03:04:05Z"));
        assertThat(listed.get().get(1).label()).contains("device of ada");

        int[] ended = new int[1];
        request(laptop, session -> ended[0] = session.endOtherSessions());

        assertThat(ended[0]).isEqualTo(1);
        assertThat(isNew(phone)).as("the other device logs in again").isTrue();
        request(laptop, session -> assertThat(session.data().getString("user")).contains("ada"));
        assertThat(isNew(other)).as("another principal's session").isFalse();
    }

    @Test
    void endSession_anIdThatIsNotThePrincipals_isRefused() {
        String ada = login("ada");
        String bo = login("bo");

        request(ada, session -> assertThat(session.endSession(idIn(bo))).isFalse());

        assertThat(isNew(bo)).isFalse();
    }

    /** An admin tool's view, outside any request: the manager lists a principal's sessions and ends one. */
    @Test
    void manager_listsAPrincipalsSessions_andEndsOne_outsideARequest() {
        String laptop = login("ada");
        clock.advance(Duration.ofMinutes(5));
        String phone = login("ada");
        login("bo");

        List<SessionSummary> listed = harness.manager().sessionsOf("ada");

        assertThat(listed).extracting(SessionSummary::id).containsExactly(idIn(laptop), idIn(phone));
        assertThat(listed).extracting(SessionSummary::current).containsOnly(false);
        assertThat(harness.manager().endSession("ada", idIn(phone))).isTrue();
        assertThat(harness.manager().endSession("bo", idIn(laptop))).as("not one of bo's").isFalse();
        assertThat(isNew(phone)).isTrue();
        assertThat(isNew(laptop)).isFalse();
        assertThat(harness.manager().sessionsOf("ada")).extracting(SessionSummary::id).containsExactly(idIn(laptop));
    }

    @Test
    void principal_keptAcrossRegenerate_theIndexFollowsTheNewId() {
        String cookie = login("ada");
        String regenerated = request(cookie, session -> {
            session.regenerate();
            assertThat(session.principal()).contains("ada");
            session.save();
        });

        request(regenerated, session -> assertThat(session.sessionsOfPrincipal()).extracting(SessionSummary::id)
                .containsExactly(idIn(regenerated)));
    }

    @Test
    void login_indexesTheSessionBeforeTheWrite_onceForItsId() {
        store.reset();
        String cookie = login("ada");

        assertThat(store.calls()).extracting(FakeStore.Call::operation, FakeStore.Call::id)
                .as("the index entry comes first, so no live session is ever missing from the index")
                .containsExactly(org.assertj.core.groups.Tuple.tuple("index", idIn(cookie)),
                        org.assertj.core.groups.Tuple.tuple("set", idIn(cookie)));
    }

    @Test
    void login_storeWithoutAnIndex_writesTheSessionAndNothingElse() {
        store.withoutIndex();
        store.reset();
        String cookie = login("ada");

        assertThat(store.operations()).containsExactly("set");
        request(cookie, session -> assertThat(session.principal()).contains("ada"));
    }

    @Test
    void sessionLimit_endOldest_aThirdLoginEndsTheFirst() {
        configure(b -> b.sessionLimit(2, SessionLimitPolicy.END_OLDEST));
        String first = login("ada");
        clock.advance(Duration.ofSeconds(1));
        String second = login("ada");
        clock.advance(Duration.ofSeconds(1));
        String other = login("bo");

        String third = login("ada");

        assertThat(isNew(first)).as("the oldest login was ended").isTrue();
        assertThat(isNew(second)).isFalse();
        assertThat(isNew(third)).isFalse();
        assertThat(isNew(other)).as("another principal's session").isFalse();
        request(third, session -> assertThat(session.sessionsOfPrincipal()).hasSize(2));
    }

    @Test
    void sessionLimit_refuseNew_aThirdLoginFailsAndWritesNothing() {
        configure(b -> b.sessionLimit(2, SessionLimitPolicy.REFUSE_NEW));
        String first = login("ada");
        login("ada");
        int stored = store.size();

        assertThatThrownBy(() -> login("ada")).isInstanceOf(SessionLimitException.class)
                .hasMessageContaining("sessionLimit").hasMessageNotContaining("ada");

        assertThat(store.size()).as("nothing written").isEqualTo(stored);
        assertThat(isNew(first)).isFalse();
        assertThat(FailureResponse.find(new RuntimeException(new SessionLimitException("at the limit"))))
                .as("unhandled, adapters answer 409").hasValueSatisfying(answer -> assertThat(answer.status())
                        .isEqualTo(409));
    }

    @Test
    void sessionLimit_outOfRange_isRefusedNamingTheOption() {
        assertThatThrownBy(() -> SessionConfig.builder().sessionLimit(1001, SessionLimitPolicy.END_OLDEST))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sessionLimit 1001");
    }

    @Test
    void principal_ordinaryRequestsCostWhatTheyCostWithoutOne() {
        String cookie = login("ada");
        store.reset();

        request(cookie, session -> { });
        request(cookie, session -> session.data().put("visits", 1));
        List<String> read = store.operations();
        store.reset();
        request(cookie, session -> {
            session.data().put("visits", 2);
            session.save();
        });

        assertThat(read).containsExactly("getAndTouch", "getAndTouch");
        assertThat(store.operations()).containsExactly("getAndTouch", "replace");
    }

    @Test
    void lastSeen_underAnIdleTimeout_isTheLastRequest() {
        configure(b -> b.idleTimeout(Duration.ofMinutes(30)));
        String laptop = login("ada");
        String phone = login("ada");
        clock.advance(Duration.ofMinutes(10));
        isNew(phone);
        clock.advance(Duration.ofMinutes(5));

        AtomicReference<List<SessionSummary>> listed = new AtomicReference<>();
        request(laptop, session -> listed.set(session.sessionsOfPrincipal()));

        assertThat(listed.get().get(1).lastSeen()).contains(Instant.parse("2030-01-02T03:14:05Z"));
    }

    @Test
    void withoutAPrincipal_orAStoreIndex_theApiFailsClearly() {
        String cookie = login("ada");
        request(null, session -> assertThatThrownBy(session::sessionsOfPrincipal)
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("principal(...)"));
        store.withoutIndex();

        request(cookie, session -> assertThatThrownBy(session::endOtherSessions)
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("keeps no index of sessions by principal"));
    }
}
