package dev.sessionkit.micronaut;

import dev.sessionkit.Session;
import dev.sessionkit.SessionData;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.netty.channel.EventLoopGroup;
import reactor.core.publisher.Mono;

/**
 * Uses its session on the blocking executor, then completes on an event loop thread, as a handler awaiting a
 * non-blocking client does: the response, and with it the session commit, then arrive on the event loop.
 */
@Controller("/async")
@ExecuteOn(TaskExecutors.BLOCKING)
@Requires(property = "spec.name", value = "async")
class AsyncController {

    static volatile String completedOn;

    private final EventLoopGroup loop;

    AsyncController(EventLoopGroup loop) {
        this.loop = loop;
    }

    @Get(uri = "/views", produces = MediaType.TEXT_PLAIN)
    Mono<String> views(Session<SessionData> session) {
        long views = session.data().getLong("views").orElse(0) + 1;
        session.data().put("views", views);
        return onEventLoop(Long.toString(views));
    }

    /** Saves the session itself, here on the blocking executor. */
    @Get(uri = "/save", produces = MediaType.TEXT_PLAIN)
    Mono<String> save(Session<SessionData> session) {
        session.data().put("views", 1);
        session.save();
        return onEventLoop("saved");
    }

    /** Reads the session and changes nothing. */
    @Get(uri = "/peek", produces = MediaType.TEXT_PLAIN)
    Mono<String> peek(Session<SessionData> session) {
        return onEventLoop(Long.toString(session.data().getLong("views").orElse(0)));
    }

    /** Emits after subscription, so always on the event loop thread. */
    private Mono<String> onEventLoop(String body) {
        return Mono.create(sink -> loop.next().execute(() -> {
            completedOn = Thread.currentThread().getName();
            sink.success(body);
        }));
    }
}
