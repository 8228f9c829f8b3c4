package dev.sessionkit;

import java.util.List;

/**
 * One HTTP request and its response, as a framework adapter presents them to SessionKit: request headers, whether
 * the request is secure, a way to add {@code Set-Cookie} (and other response headers), and whether the response is committed. This is the only
 * type an adapter implements; core parses and writes cookies itself so that every framework behaves the same. The
 * adapter keeps the request's {@link SessionContext} itself, where its framework keeps per-request state.
 *
 * <p>Implementations are used by one request at a time and need not be thread-safe.
 */
public interface HttpExchange {

    /**
     * Returns every value of a request header, in the order received.
     *
     * @param name the header name, matched case-insensitively
     * @return the values, empty when the header is absent; never {@code null}
     */
    List<String> requestHeaders(String name);

    /**
     * Returns whether the connection itself is secure (TLS terminated by this server). Proxy headers such as
     * {@code X-Forwarded-Proto} are core's business (see {@link SessionConfig.Builder#trustProxy(boolean)}), not the
     * adapter's, unless the framework already applied them.
     *
     * @return {@code true} for HTTPS
     */
    boolean isSecure();

    /**
     * Adds a {@code Set-Cookie} header to the response. Core calls it at most once per response, before the response
     * is committed.
     *
     * @param headerValue the complete header value, for example {@code connect.sid=s%3A…; Path=/; HttpOnly}
     */
    void addSetCookie(String headerValue);

    /**
     * Sets a response header, replacing any value it had. Core calls it only when the configuration carries the
     * session id in a header ({@link SessionConfig.Builder#idHeader(String)}), at most once per response, before
     * the response is committed. The default refuses, for adapters written before the option; SessionKit's adapters
     * all implement it.
     *
     * @param name the header name
     * @param value the value
     * @throws UnsupportedOperationException when the adapter cannot set response headers
     */
    default void setResponseHeader(String name, String value) {
        throw new UnsupportedOperationException(getClass().getName() + " does not implement setResponseHeader(), "
                + "which the idHeader option needs");
    }

    /**
     * Returns whether the response status and headers have been sent, after which no header can be added.
     *
     * @return {@code true} once the response is committed
     */
    boolean isCommitted();
}
