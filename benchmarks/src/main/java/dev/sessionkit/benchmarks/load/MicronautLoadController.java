package dev.sessionkit.benchmarks.load;

import dev.sessionkit.Session;
import dev.sessionkit.SessionData;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** The pages of {@link MicronautServer}. */
@Controller
@Requires(missingProperty = MicronautServer.NO_SESSIONS_PROPERTY)
@ExecuteOn(TaskExecutors.BLOCKING) // store calls block: keep them off the event loop, as the adapter's README says
final class MicronautLoadController {

    @Get(uri = "/read", produces = MediaType.TEXT_PLAIN)
    String read(Session<SessionData> session) {
        return LoadServer.page(session.data().getLong("views").orElse(0));
    }

    @Get(uri = "/write", produces = MediaType.TEXT_PLAIN)
    String write(Session<SessionData> session) {
        long views = session.data().getLong("views").orElse(0) + 1;
        session.data().put("views", views);
        session.save();
        return LoadServer.page(views);
    }

    @Get(uri = "/increment", produces = MediaType.TEXT_PLAIN)
    String increment(Session<SessionData> session) {
        return LoadServer.page(LoadServer.increment(session));
    }

    @Get(uri = "/logout", produces = MediaType.TEXT_PLAIN)
    String logout(Session<SessionData> session) {
        return LoadServer.logout(session);
    }

    @Get(uri = "/plain", produces = MediaType.TEXT_PLAIN)
    String plain() {
        return "plain";
    }
}
