package dev.sessionkit.micronaut;

import dev.sessionkit.SessionConflictException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * Answers a controller's {@link SessionConflictException} (a save that could not be merged with another writer's)
 * with {@code 409 Conflict} and a plain body, logged once at INFO; nothing of that save was written.
 */
@Singleton
@Requires(property = SessionKitFactory.ENABLED, notEquals = "false")
final class SessionConflictHandler implements ExceptionHandler<SessionConflictException, HttpResponse<String>> {

    @Override
    @SuppressWarnings("rawtypes")
    public HttpResponse<String> handle(HttpRequest request, SessionConflictException exception) {
        return SessionServerFilter.answer(request, exception);
    }
}
