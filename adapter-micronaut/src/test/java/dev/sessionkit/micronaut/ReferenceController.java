package dev.sessionkit.micronaut;

import dev.sessionkit.Session;
import dev.sessionkit.SessionData;
import dev.sessionkit.testkit.http.ReferenceApp;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.HashMap;
import java.util.Map;

/** Serves every {@link ReferenceApp} route, on the blocking executor, with the session from the argument binder. */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
@Requires(property = "spec.name", value = "reference")
class ReferenceController {

    @Get(uri = "/{+path}", produces = MediaType.TEXT_PLAIN)
    HttpResponse<String> handle(HttpRequest<?> request, Session<SessionData> session) {
        Map<String, String> query = new HashMap<>();
        for (String name : request.getParameters().names()) {
            query.put(name, request.getParameters().get(name));
        }
        ReferenceApp.Reply reply = ReferenceApp.handle(request.getPath(), query, () -> session,
                Sessions.store(request));
        return HttpResponse.<String>status(HttpStatus.valueOf(reply.status()))
                .contentType(MediaType.TEXT_PLAIN + ";charset=UTF-8")
                .body(reply.body());
    }
}
