package dev.sessionkit.micronaut;

import dev.sessionkit.Session;
import dev.sessionkit.SessionData;
import dev.sessionkit.testkit.RecordingSessionStore;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** Changes its autoSave session, then takes the store down: the write fails when the filter commits. */
@Controller("/failing-commit")
@ExecuteOn(TaskExecutors.BLOCKING)
@Requires(property = "spec.name", value = "failing-commit")
class FailingCommitController {

    @Get(produces = MediaType.TEXT_PLAIN)
    String change(HttpRequest<?> request, Session<SessionData> session) {
        session.data().put("views", 1);
        ((RecordingSessionStore) Sessions.store(request)).failing(true);
        return "changed";
    }
}
