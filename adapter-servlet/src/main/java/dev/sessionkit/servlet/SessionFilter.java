package dev.sessionkit.servlet;

import dev.sessionkit.FailureResponse;
import dev.sessionkit.Session;
import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionContext;
import dev.sessionkit.SessionManager;
import dev.sessionkit.store.SessionStore;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collection;
import java.util.EventListener;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A servlet filter that gives every request a SessionKit {@link Session}, reachable with
 * {@link Sessions#of(HttpServletRequest)}. Map it ahead of everything that uses sessions.
 *
 * <p><b>Configured in code:</b> {@code new SessionFilter(config)} (or from a {@link SessionManager}), registered with
 * {@code ServletContext.addFilter}, Jetty's {@code FilterHolder}, Spring's {@code FilterRegistrationBean} and the
 * like; the filter then accepts no init-params.
 *
 * <p><b>Configured in {@code web.xml} or with {@code FilterRegistration} init-params:</b> the no-argument
 * constructor, the data type {@link dev.sessionkit.SessionData}, and the options of
 * {@link SessionConfig.Builder#properties(java.util.Map)} as init-params: {@code secret} (required), {@code rolling},
 * {@code cookie.maxAge} and the rest of the README's "Options as strings" table. Unknown names fail start-up.
 * Defaults are {@link SessionConfig}'s. The store is the {@link SessionStore} found in the {@code ServletContext}
 * attribute {@link #STORE_ATTRIBUTE}, set before filters start (a {@code ServletContextListener} does); without it
 * {@link #init} fails with a message saying so.
 *
 * <p><b>Per request:</b> the session is loaded on first use; the {@code Set-Cookie} header is decided just before
 * the response commits (the filter wraps the response to see flushes, redirects, errors and a full buffer), or when
 * the chain returns; a store failure answers {@code 503 Service Unavailable}, and a save conflict
 * ({@link dev.sessionkit.SessionConflictException}) {@code 409 Conflict}, when the response is not yet committed.
 * The filter runs once per request: on a forward, include or error dispatch of a request it has seen, it passes.
 *
 * <p><b>Asynchronous requests are not supported beyond their synchronous part.</b> When the chain returns with
 * {@code request.isAsyncStarted()}, the filter finishes the session at once, as for any request: the cookie is
 * decided and the session is closed. Use the session on the request thread before the servlet returns, and hand
 * plain values to asynchronous work; afterwards {@link Session#save()} and the other operations throw
 * {@link IllegalStateException}, and so does {@link Sessions#of(HttpServletRequest)}.
 *
 * <p>Thread-safe; one instance serves all requests.
 */
public final class SessionFilter implements Filter {

    /** The request attribute that holds the request's {@link SessionContext}; prefer {@link Sessions}. */
    public static final String CONTEXT_ATTRIBUTE = "dev.sessionkit.servlet.SessionContext";

    /**
     * The request attribute of the request's exchange: a dispatch while it is open (a forward, an include) shares its
     * session; one after the filter ended it (the container's error page for a {@code sendError}, an
     * {@code AsyncContext.dispatch()}) reads the session again, so no dispatch falls back to a container session.
     */
    private static final String EXCHANGE_ATTRIBUTE = "dev.sessionkit.servlet.ServletExchange";

    /** The {@code ServletContext} attribute where a filter configured by init-params finds its store. */
    public static final String STORE_ATTRIBUTE = "dev.sessionkit.servlet.SessionStore";

    private volatile SessionManager<?> manager;
    /** Whether getSession() is the SessionKit session, and the view's codec and listeners. */
    private volatile boolean httpSession = true;
    private volatile AttributeCodec codec = AttributeCodec.jsonOnly();
    private volatile HttpSessionListeners listeners = HttpSessionListeners.NONE;
    private final boolean configuredInCode;

    /** Creates a filter that {@link #init} configures from its init-params. */
    public SessionFilter() {
        this.configuredInCode = false;
    }

    /**
     * Creates a filter with a configuration built in code.
     *
     * @param config the session configuration
     */
    public SessionFilter(SessionConfig<?> config) {
        this(SessionManager.create(Objects.requireNonNull(config, "config")));
    }

    /**
     * Creates a filter that uses an existing manager, for example one shared with other code of the application.
     *
     * @param manager the session manager
     */
    public SessionFilter(SessionManager<?> manager) {
        this.manager = Objects.requireNonNull(manager, "manager");
        this.configuredInCode = true;
    }

    /**
     * Sets whether {@code request.getSession()} behind this filter is the SessionKit session (an {@code HttpSession}
     * view of it, the same session {@link Sessions#of} returns) rather than the container's; init-param
     * {@code httpSession}. On by default: code written for the Servlet API (Spring Security's login, its CSRF token,
     * {@code @SessionScope} beans) then keeps its state in the SessionKit store, and the container never makes a
     * {@code JSESSIONID}. Turn it off only to keep a container session beside SessionKit's.
     *
     * @param enabled whether {@code getSession()} is the SessionKit session
     * @return this filter
     */
    public SessionFilter httpSession(boolean enabled) {
        this.httpSession = enabled;
        return this;
    }

    /**
     * Sets which objects besides JSON values the {@code HttpSession} view may store, and how: for example
     * {@code AttributeCodec.allowing(List.of("com.example.shop."))} (init-param {@code httpSession.allow},
     * comma-separated), or an integration's codec. The default, {@link AttributeCodec#jsonOnly()}, refuses any object
     * that is not JSON with an exception naming the attribute and its class.
     *
     * @param codec what attributes besides JSON values may be stored, and how
     * @return this filter
     */
    public SessionFilter attributeCodec(AttributeCodec codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
        return this;
    }

    /**
     * Sets the Servlet session listeners the {@code HttpSession} view calls. A filter cannot see the listeners
     * registered with the container, so they are given here (Spring Security's {@code HttpSessionEventPublisher}, for
     * instance). Each is an {@link jakarta.servlet.http.HttpSessionListener}, an
     * {@link jakarta.servlet.http.HttpSessionIdListener} or an {@link jakarta.servlet.http.HttpSessionAttributeListener}
     * (or several). Called in the request that does what they hear of, in this JVM:
     * <ul>
     *   <li>{@code sessionCreated}: when {@code getSession()} starts a new session;</li>
     *   <li>{@code sessionDestroyed}: when {@code HttpSession.invalidate()} ends it; not when it expires in the store,
     *       nor when another instance, Node or {@code endOtherSessions} ends it (the store does not tell);</li>
     *   <li>{@code sessionIdChanged}: at {@code changeSessionId()};</li>
     *   <li>{@code attributeAdded}, {@code attributeReplaced}, {@code attributeRemoved}: at {@code setAttribute} and
     *       {@code removeAttribute}, and a removal of each attribute at {@code invalidate()}.</li>
     * </ul>
     * Values that are {@link jakarta.servlet.http.HttpSessionBindingListener}s are told when they are bound and
     * unbound in the same cases, without registration.
     *
     * @param listeners the listeners
     * @return this filter
     * @throws IllegalArgumentException when one is none of the three kinds
     */
    public SessionFilter httpSessionListeners(Collection<? extends EventListener> listeners) {
        this.listeners = new HttpSessionListeners(List.copyOf(listeners));
        return this;
    }

    /**
     * Configures the filter from its init-params when it was created with the no-argument constructor.
     *
     * @param filterConfig the container's filter configuration
     * @throws ServletException when a parameter is unknown or invalid, the secret or the store is missing, or
     *     init-params are given to a filter configured in code
     */
    @Override
    public void init(FilterConfig filterConfig) throws ServletException {
        if (!configuredInCode) {
            httpSession = InitParams.httpSession(filterConfig);
            codec = InitParams.attributeCodec(filterConfig);
            manager = SessionManager.create(InitParams.read(filterConfig));
            return;
        }
        Set<String> ignored = InitParams.all(filterConfig).keySet();
        if (!ignored.isEmpty()) {
            throw new ServletException("SessionFilter '" + filterConfig.getFilterName() + "' was configured in code"
                    + " and would ignore its init-params " + ignored + ": remove them, or create the filter with "
                    + "new SessionFilter() to configure it from init-params");
        }
    }

    /**
     * Opens the request's session context, runs the chain with a response that adds {@code Set-Cookie} before it
     * commits, then finishes the session; answers 503 when the store fails (409 when a save conflicts) before the
     * response is committed.
     *
     * @param req the request
     * @param res the response
     * @param chain the rest of the chain
     * @throws IOException as the chain throws it
     * @throws ServletException as the chain throws it
     */
    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest) || !(res instanceof HttpServletResponse)
                || req.getAttribute(EXCHANGE_ATTRIBUTE) instanceof ServletExchange open && !open.ended()) {
            chain.doFilter(req, res); // a forward or include inside the request: its session is the request's
            return;
        }
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        SessionManager<?> current = manager;
        if (current == null) {
            throw new IllegalStateException("SessionFilter used before init(FilterConfig)");
        }
        ServletExchange exchange = new ServletExchange(request, response);
        SessionContext<?> context = exchange.open(current, httpSession ? codec : null, listeners);
        request.setAttribute(CONTEXT_ATTRIBUTE, context); // the filter keeps the context; Sessions reads it
        request.setAttribute(EXCHANGE_ATTRIBUTE, exchange); // an error page dispatched after the end opens anew
        try {
            chain.doFilter(exchange.chainRequest(), exchange);
        } catch (Throwable e) {
            exchange.endSession(true); // autoSave keeps nothing a failed request half did
            if (!answer(FailureResponse.find(e), request, response)) {
                throw e;
            }
            return;
        }
        Optional<FailureResponse> failure = exchange.endSession(false);
        if (failure.isPresent() && !answer(failure, request, response)) {
            throw failure.get().cause();
        }
    }

    /**
     * Writes the answer to a store failure or a conflict, when there is one and the response is not committed.
     *
     * @return whether the answer was written; when not, the caller lets the exception propagate
     */
    private static boolean answer(Optional<FailureResponse> failure, HttpServletRequest request,
                                  HttpServletResponse response) throws IOException {
        if (failure.isEmpty() || response.isCommitted()) {
            return false;
        }
        FailureResponse answer = failure.get();
        answer.log();
        byte[] body = answer.bodyBytes();
        response.reset();
        response.setStatus(answer.status());
        response.setContentType(FailureResponse.CONTENT_TYPE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        if (request.isAsyncStarted()) {
            request.getAsyncContext().complete();
        }
        return true;
    }
}
