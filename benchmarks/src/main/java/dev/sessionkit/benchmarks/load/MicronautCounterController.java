package dev.sessionkit.benchmarks.load;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.concurrent.atomic.AtomicLong;

/** The pages of {@link MicronautServer} without sessions: one process-wide counter, on the same executor. */
@Controller
@Requires(property = MicronautServer.NO_SESSIONS_PROPERTY, value = "true")
@ExecuteOn(TaskExecutors.BLOCKING)
final class MicronautCounterController {

    private final AtomicLong counter = new AtomicLong();

    @Get(uri = "/read", produces = MediaType.TEXT_PLAIN)
    String read() {
        return LoadServer.page(counter.get());
    }

    @Get(uri = "/write", produces = MediaType.TEXT_PLAIN)
    String write() {
        return LoadServer.page(counter.incrementAndGet());
    }

    @Get(uri = "/plain", produces = MediaType.TEXT_PLAIN)
    String plain() {
        return "plain";
    }
}
