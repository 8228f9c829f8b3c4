package dev.sessionkit;

import java.util.Objects;

/**
 * The runtime of one {@link SessionConfig}: adapters hold one per application and {@linkplain #open open} a
 * {@link SessionContext} per request.
 *
 * <pre>{@code
 * SessionContext<SessionData> context = manager.open(exchange);
 * try {
 *     handle(request, context);   // the handler calls context.session()
 *     context.commit();           // before the response is committed: saves if due, adds Set-Cookie
 * } finally {
 *     context.close();
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 *
 * @param <T> the type of the session data
 */
public final class SessionManager<T> {

    private final SessionConfig<T> config;
    private final CookieSigner signer;
    private final RecordCodec<T> codec;
    private final String attribute;

    private SessionManager(SessionConfig<T> config) {
        this.config = config;
        this.signer = CookieSigner.of(config.secrets());
        this.codec = new RecordCodec<>(config.objectMapper(), config.dataType());
        this.attribute = SessionContext.class.getName() + "." + config.name();
    }

    /**
     * Returns a manager for a configuration.
     *
     * @param config the configuration
     * @param <T> the type of the session data
     * @return the manager
     */
    public static <T> SessionManager<T> create(SessionConfig<T> config) {
        return new SessionManager<>(Objects.requireNonNull(config, "config"));
    }

    /**
     * Opens the session context of a request, or returns the one already opened for it (a second open is a no-op).
     * Nothing is read from the store until the session is asked for.
     *
     * @param exchange the request and its response
     * @return the context, also kept as a request attribute of the exchange
     */
    @SuppressWarnings("unchecked")
    public SessionContext<T> open(HttpExchange exchange) {
        Objects.requireNonNull(exchange, "exchange");
        Object existing = exchange.attribute(attribute);
        if (existing instanceof SessionContext) {
            return (SessionContext<T>) existing;
        }
        SessionContext<T> context = new SessionContext<>(this, exchange);
        exchange.attribute(attribute, context);
        return context;
    }

    /**
     * Returns the configuration.
     *
     * @return the configuration
     */
    public SessionConfig<T> config() {
        return config;
    }

    CookieSigner signer() {
        return signer;
    }

    RecordCodec<T> codec() {
        return codec;
    }

    @Override
    public String toString() {
        return "SessionManager{" + config + '}';
    }
}
