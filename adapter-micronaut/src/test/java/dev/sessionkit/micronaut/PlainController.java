package dev.sessionkit.micronaut;

import dev.sessionkit.Session;
import dev.sessionkit.SessionData;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/** A controller without {@code @ExecuteOn}: on the event loop unless thread selection moves it. */
@Controller("/plain")
@Requires(property = "spec.name", value = "plain")
class PlainController {

    @Get(uri = "/views", produces = MediaType.TEXT_PLAIN)
    String views(Session<SessionData> session) {
        long views = session.data().getLong("views").orElse(0) + 1;
        session.data().put("views", views);
        session.save();
        return Long.toString(views);
    }

    @Get(uri = "/untouched", produces = MediaType.TEXT_PLAIN)
    String untouched(Session<SessionData> session) {
        return "untouched";
    }
}
