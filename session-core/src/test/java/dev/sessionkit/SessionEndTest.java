package dev.sessionkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkit.store.SessionStoreException;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@link SessionContext#end(boolean)}, the one end-of-request call of every adapter: what it writes, what it answers,
 * and what it leaves to the adapter. The adapters' HTTP behaviour is the testkit's conformance suite.
 */
class SessionEndTest {

    private static final String SECRET = "keyboard cat keyboard cat keyboard cat";

    private final CoreHarness harness = new CoreHarness(SECRET);
    private final FakeStore store = harness.store;

    private void configure(UnaryOperator<SessionConfig.Builder<SessionData>> options) {
        harness.configure(options);
    }

    /** A session saved with {@code user=alice}; returns its cookie pair, with the store's calls cleared. */
    private String loggedIn() {
        String setCookie = harness.run(null, ctx -> {
            ctx.session().data().put("user", "alice");
            ctx.session().save();
        }).setCookie();
        assertThat(setCookie).isNotNull();
        store.reset();
        return CoreHarness.cookiePair(setCookie);
    }

    private static String idIn(String cookie) {
        return CoreHarness.idIn(cookie, SECRET);
    }

    /** Opens a request with {@code cookie} and loads its session, then clears the store's calls. */
    private SessionContext<SessionData> loaded(FakeExchange exchange, String cookie) {
        SessionContext<SessionData> context = harness.manager().open(exchange.cookie(cookie));
        assertThat(context.session().isNew()).isFalse();
        store.reset();
        return context;
    }

    @Test
    void end_afterHandler_savesAutoSaveChanges_andEndsTheSession() {
        configure(b -> b.autoSave(true));
        String cookie = loggedIn();
        SessionContext<SessionData> context = loaded(new FakeExchange(), cookie);
        context.session().data().put("views", 1);

        assertThat(context.end(false)).isEmpty();

        assertThat(store.operations()).containsExactly("replace");
        assertThat(store.peek(idIn(cookie)).orElseThrow()).contains("\"views\":1");
        assertThatThrownBy(context::session).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void endMayCallStore_isTrueOnlyWhileTheEndCanStillWrite() {
        String cookie = loggedIn();
        SessionContext<SessionData> untouched = harness.manager().open(new FakeExchange().cookie(cookie));
        assertThat(untouched.endMayCallStore()).as("the session was never asked for").isFalse();

        SessionContext<SessionData> changed = loaded(new FakeExchange(), cookie);
        changed.session().data().put("views", 1);
        assertThat(changed.endMayCallStore()).as("without autoSave, a change is the handler's to save").isFalse();
        assertThat(changed.end(false)).isEmpty();
        assertThat(store.operations()).isEmpty();

        configure(b -> b.autoSave(true));
        SessionContext<SessionData> autoSaved = loaded(new FakeExchange(), cookie);
        assertThat(autoSaved.endMayCallStore()).as("autoSave compares and may write").isTrue();
        autoSaved.session().destroy();
        assertThat(autoSaved.endMayCallStore()).as("destroyed: nothing left to write").isFalse();

        configure(b -> b.saveUninitialized(true));
        SessionContext<SessionData> fresh = harness.manager().open(new FakeExchange());
        assertThat(fresh.session().isNew()).isTrue();
        assertThat(fresh.endMayCallStore()).as("saveUninitialized writes a new session").isTrue();
        store.reset();
        assertThat(fresh.end(false)).isEmpty();
        assertThat(store.operations()).isNotEmpty();
        assertThat(fresh.endMayCallStore()).as("ended").isFalse();
    }

    @Test
    void end_afterHandler_sendsTheCookieOfANewSession() {
        FakeExchange exchange = new FakeExchange();
        SessionContext<SessionData> context = harness.manager().open(exchange);
        context.session().data().put("user", "bob");
        context.session().save();

        assertThat(context.end(false)).isEmpty();

        assertThat(exchange.setCookie()).startsWith("connect.sid=s%3A");
        assertThat(store.peek(idIn(exchange.setCookie())).orElseThrow()).contains("\"user\":\"bob\"");
    }

    @Test
    void end_readOnlyRollingRequest_sendsTheCookie_withoutAStoreWrite() {
        configure(b -> b.rolling(true));
        String cookie = loggedIn();
        FakeExchange exchange = new FakeExchange();
        SessionContext<SessionData> context = loaded(exchange, cookie);

        assertThat(context.end(false)).isEmpty();

        assertThat(store.operations()).as("the load touched the record already").isEmpty();
        assertThat(idIn(exchange.setCookie())).isEqualTo(idIn(cookie));
    }

    @Test
    void end_handlerFailed_autoSaveWritesNothing_whatTheHandlerSavedStays() {
        configure(b -> b.autoSave(true).saveUninitialized(true));
        String cookie = loggedIn();
        FakeExchange exchange = new FakeExchange();
        SessionContext<SessionData> context = loaded(exchange, cookie);
        context.session().data().put("saved", "yes");
        context.session().save();
        context.session().data().put("halfDone", "yes");
        store.reset();

        assertThat(context.end(true)).isEmpty();

        assertThat(store.operations()).isEmpty();
        assertThat(store.peek(idIn(cookie)).orElseThrow()).contains("\"saved\":\"yes\"").doesNotContain("halfDone");
        assertThatThrownBy(context::session).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void end_handlerFailed_newSessionIsNotSavedUninitialized_andGetsNoCookie() {
        configure(b -> b.saveUninitialized(true));
        FakeExchange exchange = new FakeExchange();
        SessionContext<SessionData> context = harness.manager().open(exchange);
        context.session().data().put("halfDone", "yes");

        assertThat(context.end(true)).isEmpty();

        assertThat(store.operations()).isEmpty();
        assertThat(exchange.setCookies()).isEmpty();
    }

    @Test
    void end_storeDownOnCommit_returns503Failure_andSendsNoCookie() {
        configure(b -> b.autoSave(true).rolling(true));
        String cookie = loggedIn();
        FakeExchange exchange = new FakeExchange();
        SessionContext<SessionData> context = loaded(exchange, cookie);
        context.session().data().put("views", 1);
        store.failing(true);

        Optional<FailureResponse> answer = context.end(false);

        assertThat(answer).hasValueSatisfying(failure -> {
            assertThat(failure.status()).isEqualTo(503);
            assertThat(failure.body()).isEqualTo("Service Unavailable");
            assertThat(failure.cause()).isInstanceOf(SessionStoreException.class);
        });
        assertThat(exchange.setCookies()).isEmpty();
        assertThatThrownBy(context::session).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void end_storeDownOnLateSave_returns503Failure() {
        configure(b -> b.autoSave(true));
        String cookie = loggedIn();
        SessionContext<SessionData> context = loaded(new FakeExchange(), cookie);
        context.commit(); // the response committed early, as a flush does
        context.session().data().put("late", 1);
        store.failing(true);

        assertThat(context.end(false)).map(FailureResponse::status).contains(503);
        assertThat(store.operations()).containsExactly("replace");
    }

    @Test
    void end_storeFailedInTheHandler_answersNothing_andCallsTheStoreNoMore() {
        configure(b -> b.autoSave(true));
        String cookie = loggedIn();
        SessionContext<SessionData> context = loaded(new FakeExchange(), cookie);
        context.session().data().put("views", 1);
        store.failing(true);
        SessionStoreException thrown = catchStoreFailure(context.session()::save);
        store.reset();

        assertThat(context.end(true)).as("the handler's failure is the adapter's to answer").isEmpty();

        assertThat(store.calls()).isEmpty();
        assertThat(FailureResponse.find(thrown)).map(FailureResponse::status).contains(503);
    }

    @Test
    void end_afterAStoreFailureTheHandlerCaught_callsTheStoreNoMore() {
        configure(b -> b.autoSave(true));
        String cookie = loggedIn();
        FakeExchange exchange = new FakeExchange();
        SessionContext<SessionData> context = loaded(exchange, cookie);
        context.session().data().put("views", 1);
        store.failing(true);
        catchStoreFailure(context.session()::save);
        store.reset();

        assertThat(context.end(false)).isEmpty();

        assertThat(store.calls()).isEmpty();
        assertThat(exchange.setCookies()).isEmpty();
    }

    @Test
    void end_conflictOnAutoSave_returns409Failure() {
        configure(b -> b.autoSave(true).conflictPolicy(ConflictPolicy.FAIL));
        String cookie = loggedIn();
        SessionContext<SessionData> first = loaded(new FakeExchange(), cookie);
        SessionContext<SessionData> second = loaded(new FakeExchange(), cookie);
        first.session().data().put("theme", "dark");
        assertThat(first.end(false)).isEmpty();
        second.session().data().put("theme", "blue");

        Optional<FailureResponse> answer = second.end(false);

        assertThat(answer).hasValueSatisfying(failure -> {
            assertThat(failure.status()).isEqualTo(409);
            assertThat(failure.body()).isEqualTo("Conflict");
            assertThat(failure.cause()).isInstanceOf(SessionConflictException.class);
        });
        assertThat(store.peek(idIn(cookie)).orElseThrow()).contains("\"theme\":\"dark\"").doesNotContain("blue");
    }

    @Test
    void end_nonSessionHandlerFailure_answersNothing_soTheAdapterRethrows() {
        FakeExchange exchange = new FakeExchange();
        SessionContext<SessionData> context = harness.manager().open(exchange);
        context.session().data().put("user", "carol");
        context.session().save();
        RuntimeException thrown = new IllegalArgumentException("the handler's own bug");

        assertThat(context.end(true)).isEmpty();

        assertThat(FailureResponse.find(thrown)).as("nothing to answer: the adapter rethrows").isEmpty();
        assertThat(exchange.setCookie()).as("the cookie is decided as for any response").isNotNull();
    }

    @Test
    void end_secondFailureAfterAHandlerFailure_doesNotHideTheFirst() {
        // After a failed handler, end() makes no store call; what can still fail is the adapter's exchange, here one
        // written before idHeader that cannot set response headers, to a client that uses the header.
        configure(b -> b.idHeader("X-Session-Id"));
        SessionContext<SessionData> context = harness.manager()
                .open(withoutResponseHeaders(new FakeExchange().header("X-Session-Id", "new")));
        context.session().save();

        assertThat(context.end(true)).isEmpty();

        assertThatThrownBy(context::session).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void end_ownNonSessionFailure_propagatesUnchanged() {
        configure(b -> b.idHeader("X-Session-Id"));
        SessionContext<SessionData> context = harness.manager()
                .open(withoutResponseHeaders(new FakeExchange().header("X-Session-Id", "new")));
        context.session().save();

        assertThatThrownBy(() -> context.end(false)).isInstanceOf(UnsupportedOperationException.class);

        assertThat(context.end(false)).as("ended all the same").isEmpty();
        assertThatThrownBy(context::session).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void end_calledAgain_doesNothing() {
        configure(b -> b.autoSave(true));
        String cookie = loggedIn();
        FakeExchange exchange = new FakeExchange();
        SessionContext<SessionData> context = loaded(exchange, cookie);
        context.session().data().put("views", 1);
        assertThat(context.end(false)).isEmpty();
        store.reset();
        store.failing(true);

        assertThat(context.end(false)).isEmpty();
        assertThat(context.end(true)).isEmpty();

        assertThat(store.calls()).isEmpty();
    }

    private static SessionStoreException catchStoreFailure(Runnable operation) {
        try {
            operation.run();
        } catch (SessionStoreException e) {
            return e;
        }
        throw new AssertionError("expected a SessionStoreException");
    }

    /** An exchange as an adapter written before the idHeader option has it: no {@code setResponseHeader}. */
    private static HttpExchange withoutResponseHeaders(FakeExchange exchange) {
        return new HttpExchange() {
            @Override
            public List<String> requestHeaders(String name) {
                return exchange.requestHeaders(name);
            }

            @Override
            public boolean isSecure() {
                return exchange.isSecure();
            }

            @Override
            public void addSetCookie(String headerValue) {
                exchange.addSetCookie(headerValue);
            }

            @Override
            public boolean isCommitted() {
                return exchange.isCommitted();
            }
        };
    }
}
