package dev.sessionkit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The account side of a request's session: who is logged in to it (principal, label, when they authenticated) and
 * that principal's other sessions. {@link DefaultSession} is the rest. Not thread-safe, like its session.
 */
abstract class SessionAccount<T> implements Session<T> {

    final RequestGuard request;
    final PrincipalSessions principal;

    SessionAccount(RequestGuard request, PrincipalSessions principal) {
        this.request = request;
        this.principal = principal;
    }

    /** The session's id; {@code null} when {@code onlyStored} and the session is not stored under it. */
    abstract String id(boolean onlyStored);

    @Override
    public Optional<String> principal() {
        return principal.principal();
    }

    @Override
    public void principal(String name) {
        request.checkOpen();
        principal.principal(name);
    }

    @Override
    public void label(String label) {
        request.checkOpen();
        principal.label(label);
    }

    @Override
    public void markAuthenticated() {
        request.checkOpen();
        principal.markAuthenticated();
    }

    @Override
    public Optional<Instant> authenticatedAt() {
        return principal.authenticated();
    }

    @Override
    public boolean authenticatedWithin(Duration window) {
        return principal.authenticatedWithin(Objects.requireNonNull(window, "window"));
    }

    @Override
    public List<SessionSummary> sessionsOfPrincipal() {
        request.checkOpen();
        return request.store(() -> principal.list(id(true)));
    }

    @Override
    public boolean endSession(String other) {
        request.checkOpen();
        return request.store(() -> principal.end(Objects.requireNonNull(other, "id")::equals, id(false))) == 1;
    }

    @Override
    public int endOtherSessions() {
        request.checkOpen();
        return request.store(() -> principal.end(other -> true, id(false)));
    }
}
