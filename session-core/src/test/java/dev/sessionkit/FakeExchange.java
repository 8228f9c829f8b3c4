package dev.sessionkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A request and its response in memory, for core's own tests (the testkit's InMemoryExchange is for users). */
final class FakeExchange implements HttpExchange {

    private final List<String[]> headers = new ArrayList<>();
    private final List<String> setCookies = new ArrayList<>();
    private final Map<String, String> responseHeaders = new LinkedHashMap<>();
    private boolean secure;
    private boolean committed;

    FakeExchange header(String name, String value) {
        headers.add(new String[] {name.toLowerCase(Locale.ROOT), value});
        return this;
    }

    FakeExchange cookie(String value) {
        return header("Cookie", value);
    }

    FakeExchange secure(boolean secure) {
        this.secure = secure;
        return this;
    }

    void commitResponse() {
        committed = true;
    }

    List<String> setCookies() {
        return List.copyOf(setCookies);
    }

    /** The only Set-Cookie value, or null. */
    String setCookie() {
        if (setCookies.size() > 1) {
            throw new AssertionError("expected at most one Set-Cookie, got " + setCookies);
        }
        return setCookies.isEmpty() ? null : setCookies.get(0);
    }

    @Override
    public List<String> requestHeaders(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        return headers.stream().filter(h -> h[0].equals(key)).map(h -> h[1]).toList();
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
        responseHeaders.put(name, value);
    }

    /**
     * Returns the value a response header was set to, or {@code null}.
     *
     * @param name the header name, as core set it
     * @return the value
     */
    public String responseHeader(String name) {
        return responseHeaders.get(name);
    }

    @Override
    public boolean isCommitted() {
        return committed;
    }
}
