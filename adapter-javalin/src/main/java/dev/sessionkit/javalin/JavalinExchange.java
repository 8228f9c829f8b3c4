package dev.sessionkit.javalin;

import dev.sessionkit.HttpExchange;
import io.javalin.http.Context;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/** A Javalin request and its response as core sees them. */
final class JavalinExchange implements HttpExchange {

    private final Context ctx;

    JavalinExchange(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public List<String> requestHeaders(String name) {
        // The servlet request matches names case-insensitively and keeps every value (ctx.header() keeps only one).
        Enumeration<String> values = ctx.req().getHeaders(name);
        return values == null ? List.of() : Collections.list(values);
    }

    @Override
    public boolean isSecure() {
        // Javalin's Jetty has no ForwardedRequestCustomizer unless the application adds one: this is the connection's
        // own scheme, or the proxy's if the application chose to trust it at the Jetty level.
        return ctx.req().isSecure();
    }

    @Override
    public void addSetCookie(String headerValue) {
        // addHeader, not ctx.header(): that one calls setHeader and would drop the application's own cookies.
        ctx.res().addHeader("Set-Cookie", headerValue);
    }

    @Override
    public void setResponseHeader(String name, String value) {
        ctx.res().setHeader(name, value);
    }

    @Override
    public boolean isCommitted() {
        return ctx.res().isCommitted();
    }
}
