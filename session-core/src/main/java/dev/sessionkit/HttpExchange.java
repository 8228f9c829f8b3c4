package dev.sessionkit;

import java.util.List;

/**
 * One HTTP request and its response, as a framework adapter presents them to SessionKit. This is the only type an
 * adapter implements; core parses and writes cookies itself so that every framework behaves the same.
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
     * Returns whether the response status and headers have been sent, after which no header can be added.
     *
     * @return {@code true} once the response is committed
     */
    boolean isCommitted();

    /**
     * Returns a request attribute.
     *
     * @param name the attribute name
     * @return the value, or {@code null} when absent
     */
    Object attribute(String name);

    /**
     * Sets a request attribute, visible to the rest of the request's processing.
     *
     * @param name the attribute name
     * @param value the value; {@code null} removes the attribute
     */
    void attribute(String name, Object value);
}
