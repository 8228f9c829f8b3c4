package dev.sessionkit.micronaut;

import dev.sessionkit.Session;
import dev.sessionkit.SessionContext;
import dev.sessionkit.SessionCookie;
import dev.sessionkit.SessionSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import reactor.core.scheduler.Schedulers;

/**
 * The session of a request as controllers get it: loaded from the store on the first method call, never on an event
 * loop thread, where a blocking store call would stall every connection the loop serves.
 */
final class LazySession<T> implements Session<T> {

    private final SessionContext<?> context;
    private final Class<T> type;

    LazySession(SessionContext<?> context, Class<T> type) {
        this.context = context;
        this.type = type;
    }

    private Session<T> session() {
        // Micronaut's Netty event loop threads carry Reactor's NonBlocking marker.
        if (Schedulers.isInNonBlockingThread()) {
            throw new IllegalStateException("the session was used on the event loop thread '"
                    + Thread.currentThread().getName() + "', where a blocking session store call would stall every "
                    + "connection of the loop: annotate the controller with @ExecuteOn(TaskExecutors.BLOCKING), or "
                    + "set micronaut.server.thread-selection: BLOCKING");
        }
        return context.session(type);
    }

    @Override
    public String id() {
        return session().id();
    }

    @Override
    public T data() {
        return session().data();
    }

    @Override
    public void data(T data) {
        session().data(data);
    }

    @Override
    public SessionCookie cookie() {
        return session().cookie();
    }

    @Override
    public boolean isNew() {
        return session().isNew();
    }

    @Override
    public void save() {
        session().save();
    }

    @Override
    public T update(UnaryOperator<T> change) {
        return session().update(change);
    }

    @Override
    public void reload() {
        session().reload();
    }

    @Override
    public void destroy() {
        session().destroy();
    }

    @Override
    public void regenerate() {
        session().regenerate();
    }

    @Override
    public Optional<String> principal() {
        return session().principal();
    }

    @Override
    public void principal(String principal) {
        session().principal(principal);
    }

    @Override
    public void label(String label) {
        session().label(label);
    }

    @Override
    public Optional<Instant> createdAt() {
        return session().createdAt();
    }

    @Override
    public void changeId() {
        session().changeId();
    }

    @Override
    public void markAuthenticated() {
        session().markAuthenticated();
    }

    @Override
    public Optional<Instant> authenticatedAt() {
        return session().authenticatedAt();
    }

    @Override
    public boolean authenticatedWithin(Duration window) {
        return session().authenticatedWithin(window);
    }

    @Override
    public List<SessionSummary> sessionsOfPrincipal() {
        return session().sessionsOfPrincipal();
    }

    @Override
    public boolean endSession(String id) {
        return session().endSession(id);
    }

    @Override
    public int endOtherSessions() {
        return session().endOtherSessions();
    }

    @Override
    public String toString() {
        return "LazySession{" + context + '}';
    }
}
