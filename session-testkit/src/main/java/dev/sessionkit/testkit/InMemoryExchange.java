package dev.sessionkit.testkit;

import dev.sessionkit.HttpExchange;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An {@link HttpExchange} held in memory, for unit tests of code that uses sessions without a server: set the
 * request's headers, run the code, read the {@code Set-Cookie} headers it produced. Not thread-safe.
 */
public final class InMemoryExchange implements HttpExchange {

    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final List<String> setCookies = new ArrayList<>();
    /** Made on the first header set: a benchmark's exchange stays as cheap as before the id header existed. */
    private Map<String, String> responseHeaders;
    private boolean secure;
    private boolean committed;

    /** Creates a plain-HTTP request without headers. */
    public InMemoryExchange() {
    }

    /**
     * Adds a request header value.
     *
     * @param name the header name
     * @param value the value
     * @return this exchange
     */
    public InMemoryExchange header(String name, String value) {
        headers.computeIfAbsent(name, k -> new ArrayList<>())
                .add(Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Adds a {@code Cookie} request header.
     *
     * @param value the header value, for example {@code connect.sid=s%3A…}
     * @return this exchange
     */
    public InMemoryExchange cookie(String value) {
        return header("Cookie", value);
    }

    /**
     * Makes the connection secure (HTTPS) or not.
     *
     * @param secure whether the connection is secure
     * @return this exchange
     */
    public InMemoryExchange secure(boolean secure) {
        this.secure = secure;
        return this;
    }

    /** Marks the response as committed: later {@link #addSetCookie} calls fail, as a real server's would be lost. */
    public void commitResponse() {
        committed = true;
    }

    /**
     * Returns the {@code Set-Cookie} header values added so far.
     *
     * @return the values, in order
     */
    public List<String> setCookies() {
        return List.copyOf(setCookies);
    }

    /**
     * Returns the only {@code Set-Cookie} value, or {@code null} when there is none.
     *
     * @return the value
     * @throws AssertionError when there are several
     */
    public String setCookie() {
        if (setCookies.size() > 1) {
            throw new AssertionError("expected at most one Set-Cookie, got " + setCookies);
        }
        return setCookies.isEmpty() ? null : setCookies.get(0);
    }

    @Override
    public List<String> requestHeaders(String name) {
        List<String> values = headers.get(name);
        return values == null ? List.of() : Collections.unmodifiableList(values);
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public void addSetCookie(String headerValue) {
        if (committed) {
            throw new IllegalStateException("Set-Cookie added after the response was committed");
        }
        setCookies.add(headerValue);
    }

    @Override
    public void setResponseHeader(String name, String value) {
        if (committed) {
            throw new IllegalStateException(name + " set after the response was committed");
        }
        if (responseHeaders == null) {
            responseHeaders = new LinkedHashMap<>();
        }
        responseHeaders.put(name, value);
    }

    /**
     * Returns the value a response header was set to, or {@code null}.
     *
     * @param name the header name, as core set it
     * @return the value
     */
    public String responseHeader(String name) {
        return responseHeaders == null ? null : responseHeaders.get(name);
    }

    @Override
    public boolean isCommitted() {
        return committed;
    }
}
