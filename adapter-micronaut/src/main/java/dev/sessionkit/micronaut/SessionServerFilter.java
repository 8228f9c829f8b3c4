package dev.sessionkit.micronaut;

import dev.sessionkit.FailureResponse;
import dev.sessionkit.SessionException;
import dev.sessionkit.SessionManager;
import dev.sessionkit.store.SessionStoreException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import java.util.concurrent.ExecutorService;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Opens the session context of every request and commits it into the response before the response is written.
 * Opening reads nothing. Committing moves to the blocking executor only when it may write to the store (autoSave or
 * saveUninitialized: {@link dev.sessionkit.SessionContext#endMayCallStore()}) and the response arrives on an event
 * loop thread; any other commit (signing a cookie, at most) runs where the response is, without a thread hand-off.
 * Also the exception handler that answers a controller's {@link SessionStoreException} with 503
 * ({@link SessionConflictHandler} answers a conflict with 409).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Requires(property = SessionKitFactory.ENABLED, notEquals = "false")
final class SessionServerFilter implements Ordered, ExceptionHandler<SessionStoreException, HttpResponse<String>> {

    private static final String FAILED = SessionServerFilter.class.getName() + ".failed";

    private final SessionManager<?> manager;
    private final Scheduler blocking;

    SessionServerFilter(SessionManager<?> manager, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.manager = manager;
        this.blocking = Schedulers.fromExecutorService(blocking);
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SESSION.order();
    }

    @RequestFilter
    void open(HttpRequest<?> request) {
        MicronautExchange.open(request, manager);
    }

    @ResponseFilter
    Mono<MutableHttpResponse<?>> commit(HttpRequest<?> request, MutableHttpResponse<?> response) {
        MicronautExchange exchange = MicronautExchange.find(request);
        if (exchange == null) {
            return Mono.just(response);
        }
        Mono<MutableHttpResponse<?>> finish = Mono.fromCallable(() -> finish(request, exchange, response));
        // A hand-off costs a read-only request more than its session (benchmarks/RESULTS.md, "Removing SessionKit's
        // own costs"): only a commit that may call the store leaves the event loop.
        boolean offload = exchange.context().endMayCallStore() && Schedulers.isInNonBlockingThread();
        return offload ? finish.subscribeOn(blocking) : finish;
    }

    private static MutableHttpResponse<?> finish(HttpRequest<?> request, MicronautExchange exchange,
                                                 MutableHttpResponse<?> response) {
        return exchange.finish(response).<MutableHttpResponse<?>>map(answer -> answer(request, answer))
                .orElse(response);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public HttpResponse<String> handle(HttpRequest request, SessionStoreException exception) {
        return answer(request, exception);
    }

    /**
     * The answer to a request whose session store failed (503) or whose save conflicted (409); logs once per
     * request, without ids.
     */
    static MutableHttpResponse<String> answer(HttpRequest<?> request, SessionException e) {
        return answer(request, FailureResponse.find(e).orElseThrow(() -> e));
    }

    private static MutableHttpResponse<String> answer(HttpRequest<?> request, FailureResponse answer) {
        if (request.getAttribute(FAILED).isEmpty()) {
            request.setAttribute(FAILED, Boolean.TRUE);
            answer.log();
        }
        return HttpResponse.<String>status(HttpStatus.valueOf(answer.status()))
                .contentType(FailureResponse.CONTENT_TYPE)
                .body(answer.body());
    }
}
