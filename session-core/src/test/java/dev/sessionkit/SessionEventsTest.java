package dev.sessionkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkit.event.SessionEvent;
import dev.sessionkit.event.SessionEvent.Type;
import dev.sessionkit.event.SessionListener;
import dev.sessionkit.event.StoreCall;
import dev.sessionkit.event.StoreOperation;
import dev.sessionkit.store.SessionStore;
import dev.sessionkit.store.SessionStoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Listeners: which events and store calls each request reports, and that no listener can break a request. */
class SessionEventsTest {

    private static final String SECRET = "session events secret of 32+ characters";

    private final CoreHarness harness = new CoreHarness(SECRET);
    private final Recorder recorder = new Recorder();

    SessionEventsTest() {
        harness.configure(b -> b.listener(recorder));
    }

    /** Records everything it is given. */
    static final class Recorder implements SessionListener {
        final List<SessionStore> bound = new CopyOnWriteArrayList<>();
        final List<SessionEvent> events = new CopyOnWriteArrayList<>();
        final List<StoreCall> calls = new CopyOnWriteArrayList<>();

        @Override
        public void bind(SessionStore store) {
            bound.add(store);
        }

        @Override
        public void onEvent(SessionEvent event) {
            events.add(event);
        }

        @Override
        public void onStoreCall(StoreCall call) {
            calls.add(call);
        }

        List<Type> types() {
            return events.stream().map(SessionEvent::type).toList();
        }

        List<StoreOperation> operations() {
            return calls.stream().map(StoreCall::operation).toList();
        }

        void clear() {
            events.clear();
            calls.clear();
        }
    }

    private String login() {
        String setCookie = harness.run(null, ctx -> {
            ctx.session().data().put("user", "ada");
            ctx.session().save();
        }).setCookie();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static String idIn(String cookie) {
        return CoreHarness.idIn(cookie, SECRET);
    }

    @Test
    void lifecycle_eachStepReportsItsEvent_withItsStoreOperation_andOnlyAPrefixOfTheId() {
        String cookie = login();
        String id = idIn(cookie);
        harness.run(cookie, ctx -> {
            ctx.session().data().put("views", 1);
            ctx.session().save();
        });
        harness.run(cookie, ctx -> ctx.session().destroy());

        assertThat(recorder.types()).containsExactly(Type.CREATED, Type.LOADED, Type.SAVED, Type.LOADED,
                Type.DESTROYED);
        assertThat(recorder.events).extracting(SessionEvent::operation).containsExactly(StoreOperation.SET,
                StoreOperation.GET_AND_TOUCH, StoreOperation.REPLACE, StoreOperation.GET_AND_TOUCH,
                StoreOperation.DESTROY);
        assertThat(recorder.events).allSatisfy(event -> {
            assertThat(event.idPrefix()).isEqualTo(id.substring(0, 8));
            assertThat(event.toString()).doesNotContain(id);
            assertThat(event.duration()).isGreaterThanOrEqualTo(Duration.ZERO);
            assertThat(event.failure()).isNull();
            assertThat(event.principal()).isNull();
        });
        assertThat(recorder.operations()).containsExactly(StoreOperation.SET, StoreOperation.GET_AND_TOUCH,
                StoreOperation.REPLACE, StoreOperation.GET_AND_TOUCH, StoreOperation.DESTROY);
        assertThat(recorder.calls).allMatch(StoreCall::succeeded);
        assertThat(recorder.bound).containsExactly(harness.store);
    }

    @Test
    void regenerate_reportsTheNewIdsPrefix_andTheDestroyOfTheOldRecord() {
        String cookie = login();
        recorder.clear();
        String[] newId = new String[1];
        harness.run(cookie, ctx -> {
            ctx.session().regenerate();
            newId[0] = ctx.session().id();
            ctx.session().save();
        });

        assertThat(recorder.types()).containsExactly(Type.LOADED, Type.REGENERATED, Type.CREATED);
        SessionEvent regenerated = recorder.events.get(1);
        assertThat(regenerated.operation()).isEqualTo(StoreOperation.DESTROY);
        assertThat(regenerated.idPrefix()).isEqualTo(newId[0].substring(0, 8)).isNotEqualTo(idIn(cookie).substring(0, 8));
    }

    @Test
    void expiredAndUnreadableRecords_areReported_andStartNewSessions() {
        harness.configure(b -> b.listener(recorder).absoluteTimeout(Duration.ofHours(8)));
        String cookie = login();
        // The deadline shortened after the login: the store still holds the record, which is now over it.
        harness.configure(b -> b.listener(recorder).absoluteTimeout(Duration.ofMinutes(30)));
        harness.clock.advance(Duration.ofMinutes(31));
        recorder.clear();
        harness.run(cookie, ctx -> assertThat(ctx.session().isNew()).isTrue());
        assertThat(recorder.types()).containsExactly(Type.EXPIRED);
        assertThat(recorder.events.get(0).operation()).isEqualTo(StoreOperation.GET_AND_TOUCH);

        String other = login();
        harness.store.put(idIn(other), "{not json");
        recorder.clear();
        harness.run(other, ctx -> assertThat(ctx.session().isNew()).isTrue());
        assertThat(recorder.types()).containsExactly(Type.UNREADABLE);
    }

    @Test
    void storeFailure_isAnEvent_andAFailedStoreCall_andTheRequestStillFails() {
        String cookie = login();
        recorder.clear();
        harness.store.failing(true);

        assertThatThrownBy(() -> harness.run(cookie, SessionContext::session))
                .isInstanceOf(SessionStoreException.class);

        assertThat(recorder.types()).containsExactly(Type.STORE_FAILURE);
        SessionEvent failure = recorder.events.get(0);
        assertThat(failure.operation()).isEqualTo(StoreOperation.GET_AND_TOUCH);
        assertThat(failure.failure()).isInstanceOf(SessionStoreException.class);
        assertThat(recorder.calls).singleElement().satisfies(call -> {
            assertThat(call.succeeded()).isFalse();
            assertThat(call.failure()).isSameAs(failure.failure());
        });
    }

    @Test
    void writeConflicts_areReported_whenMerged_andWhenTheSaveGivesUp() {
        String cookie = login();
        String id = idIn(cookie);
        SessionContext<SessionData> first = harness.manager().open(new FakeExchange().cookie(cookie));
        first.session().data().put("a", 1);
        harness.run(cookie, ctx -> {
            ctx.session().data().put("b", 2);
            ctx.session().save();
        });
        recorder.clear();
        first.session().save();
        assertThat(recorder.types()).containsExactly(Type.CONFLICT, Type.SAVED);
        assertThat(recorder.events.get(0).failure()).isNull();

        recorder.clear();
        harness.store.before((operation, key) -> {
            if (operation.equals("replace")) {
                harness.store.put(key, "{\"n\":" + System.nanoTime() + "}");
            }
        });
        first.session().data().put("c", 3);
        assertThatThrownBy(() -> first.session().save()).isInstanceOf(SessionConflictException.class);
        harness.store.before(null);
        first.close();

        assertThat(recorder.types()).hasSize(SessionSave.MAX_ATTEMPTS).containsOnly(Type.CONFLICT);
        assertThat(recorder.events.get(SessionSave.MAX_ATTEMPTS - 1).failure())
                .isInstanceOf(SessionConflictException.class);
        assertThat(recorder.events.subList(0, SessionSave.MAX_ATTEMPTS - 1)).allMatch(e -> e.failure() == null);
        assertThat(id).isNotEmpty();
    }

    @Test
    void aListenerThatThrows_breaksNoRequest_andTheNextListenerStillHearsEverything() {
        List<Type> heard = new ArrayList<>();
        SessionListener broken = new SessionListener() {
            @Override
            public void bind(SessionStore store) {
                throw new IllegalStateException("bind");
            }

            @Override
            public void onEvent(SessionEvent event) {
                throw new IllegalStateException("event");
            }

            @Override
            public void onStoreCall(StoreCall call) {
                throw new IllegalStateException("call");
            }
        };
        harness.configure(b -> b.listener(broken).listener(SessionListener.onEvent(e -> heard.add(e.type()))));

        String cookie = login();
        FakeExchange exchange = harness.run(cookie, ctx -> {
            ctx.session().data().put("views", 1);
            ctx.session().save();
        });

        assertThat(heard).containsExactly(Type.CREATED, Type.LOADED, Type.SAVED);
        assertThat(harness.store.peek(idIn(cookie)).orElseThrow()).contains("\"views\":1");
        assertThat(exchange.setCookies()).isEmpty(); // an ordinary loaded session's response
    }

    @Test
    void withoutListeners_theStoreIsCalledDirectly_notThroughAWrapper() {
        SessionConfig<SessionData> plain = SessionConfig.builder().store(harness.store).secret(SECRET).build();
        SessionConfig<SessionData> observed = SessionConfig.builder().store(harness.store).secret(SECRET)
                .listener(recorder).build();

        assertThat(SessionRuntime.of(plain).store()).isSameAs(harness.store);
        assertThat(SessionRuntime.of(plain).events().enabled()).isFalse();
        assertThat(SessionRuntime.of(plain).events().start()).isZero();
        assertThat(SessionRuntime.of(observed).store()).isInstanceOf(ObservedStore.class);
        assertThat(harness.manager().open(new FakeExchange()).store()).isSameAs(harness.store);
    }

    @Test
    void endOtherSessions_reportsEachEndedSessionAsDestroyed() {
        String laptop = harness.run(null, ctx -> {
            ctx.session().principal("ada");
            ctx.session().save();
        }).setCookie();
        String phone = harness.run(null, ctx -> {
            ctx.session().principal("ada");
            ctx.session().save();
        }).setCookie();
        recorder.clear();

        harness.run(CoreHarness.cookiePair(phone), ctx -> assertThat(ctx.session().endOtherSessions()).isEqualTo(1));

        assertThat(recorder.types()).containsExactly(Type.LOADED, Type.DESTROYED);
        SessionEvent ended = recorder.events.get(1);
        assertThat(ended.operation()).isEqualTo(StoreOperation.END_SESSION);
        assertThat(ended.idPrefix()).isEqualTo(idIn(laptop).substring(0, 8));
        assertThat(ended.principal()).isEqualTo("ada");
    }

    @Test
    void events_carryThePrincipal_forAuditLogs() {
        String anonymous = login();
        recorder.clear();
        String cookie = CoreHarness.cookiePair(harness.run(anonymous, ctx -> {
            ctx.session().regenerate();
            ctx.session().principal("ada");
            ctx.session().save();
        }).setCookie());
        harness.run(cookie, ctx -> ctx.session().destroy());

        assertThat(recorder.types()).containsExactly(Type.LOADED, Type.REGENERATED, Type.CREATED, Type.LOADED,
                Type.DESTROYED);
        assertThat(recorder.events).extracting(SessionEvent::principal)
                .containsExactly(null, null, "ada", "ada", "ada");
    }

    @Test
    void prefixOf_isTheFirstQuarterOfTheId_atMostEightCharacters() {
        assertThat(SessionEvent.prefixOf("0123456789abcdef0123456789abcdef0123")).isEqualTo("01234567");
        assertThat(SessionEvent.prefixOf("abcdefgh")).isEqualTo("ab");
        assertThat(SessionEvent.prefixOf("abc")).isEmpty();
        assertThat(SessionEvent.prefixOf(null)).isEmpty();
    }
}
