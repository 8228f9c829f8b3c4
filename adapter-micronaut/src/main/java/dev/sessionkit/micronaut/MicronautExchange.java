package dev.sessionkit.micronaut;

import dev.sessionkit.FailureResponse;
import dev.sessionkit.HttpExchange;
import dev.sessionkit.SessionContext;
import dev.sessionkit.SessionManager;
import io.micronaut.http.HttpAttributes;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import java.util.List;
import java.util.Optional;

/** A Micronaut request and its response as core sees them; kept as a request attribute from filter to filter. */
final class MicronautExchange implements HttpExchange {

    private static final String ATTRIBUTE = MicronautExchange.class.getName();

    private final HttpRequest<?> request;
    private SessionContext<?> context;
    private MutableHttpResponse<?> response;
    private boolean committed;

    private MicronautExchange(HttpRequest<?> request) {
        this.request = request;
    }

    static MicronautExchange open(HttpRequest<?> request, SessionManager<?> manager) {
        MicronautExchange exchange = find(request);
        if (exchange == null) {
            exchange = new MicronautExchange(request);
            exchange.context = manager.open(exchange);
            request.setAttribute(ATTRIBUTE, exchange);
        }
        return exchange;
    }

    /** The exchange of a request, or {@code null} when the session filter did not run for it. */
    static MicronautExchange find(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, MicronautExchange.class).orElse(null);
    }

    SessionContext<?> context() {
        return context;
    }

    /**
     * Ends the session into {@code response}, whose headers have not been sent yet ({@link SessionContext#end}).
     *
     * @return the answer to a store failure or a conflict of that work, to send in place of {@code response}
     */
    Optional<FailureResponse> finish(MutableHttpResponse<?> response) {
        this.response = response;
        // An exception means the controller threw (an exception handler has answered it): autoSave keeps nothing.
        boolean failed = response.getAttribute(HttpAttributes.EXCEPTION).isPresent();
        try {
            return context.end(failed);
        } finally {
            committed = true;
        }
    }

    @Override
    public List<String> requestHeaders(String name) {
        return request.getHeaders().getAll(name);
    }

    @Override
    public boolean isSecure() {
        return request.isSecure();
    }

    @Override
    public void addSetCookie(String headerValue) {
        // Core calls it only from end(), inside finish(), when the response is known and not yet sent.
        response.getHeaders().add(HttpHeaders.SET_COOKIE, headerValue);
    }

    @Override
    public void setResponseHeader(String name, String value) {
        response.getHeaders().set(name, value);
    }

    @Override
    public boolean isCommitted() {
        return committed;
    }
}
