package dev.sessionkit.micronaut;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code sessionkit.*} options, used when the application provides no SessionConfig bean. Values stay strings:
 * core parses them ({@code SessionConfig.Builder.properties}) as it does for every adapter; an unset option keeps
 * core's default. The field comments are what IDEs show for each property.
 */
@ConfigurationProperties("sessionkit")
final class SessionKitProperties {

    /** The secret that signs cookies; several comma-separated, oldest first, rotate; env:NAME reads one. */
    String secret;
    /** The secrets as a list, oldest first: the last signs new cookies, all verify; instead of secret. */
    List<String> secrets;
    /** The cookie name; default connect.sid. */
    String name;
    /** Whether a new session is saved and gets a cookie even when the request did not save it; default false. */
    String saveUninitialized;
    /** Whether the cookie is sent on every response that uses the session; default false. */
    String rolling;
    /** Whether changed data is saved at the end of each request without save(); default false. */
    String autoSave;
    /** Whether X-Forwarded-Proto: https makes a request secure; default false. */
    String trustProxy;
    Cookie cookie = new Cookie();

    /** The {@code sessionkit.cookie.*} options. */
    @ConfigurationProperties("cookie")
    static final class Cookie {
        /** The cookie lifetime after each response that sends it: seconds or ISO-8601 (PT1H); default none. */
        String maxAge;
        /** The SameSite attribute: strict, lax, none, auto or off; default off. */
        String sameSite;
        /** The Secure attribute: true, false or auto (follows the request); default true. */
        String secure;
        /** The Path attribute; default /. */
        String path;
        /** The Domain attribute; default none (host-only). */
        String domain;
        /** The HttpOnly attribute; default true. */
        String httpOnly;
        /** The Partitioned attribute (CHIPS); default false. */
        String partitioned;
        /** The Priority attribute: low, medium or high; default none. */
        String priority;
    }

    /** The options that are set, keyed as in application.yml (core ignores dashes), so errors name them so. */
    Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>();
        String[][] pairs = {{"secret", secret}, {"name", name}, {"save-uninitialized", saveUninitialized},
            {"rolling", rolling}, {"auto-save", autoSave}, {"trust-proxy", trustProxy},
            {"cookie.max-age", cookie.maxAge}, {"cookie.same-site", cookie.sameSite}, {"cookie.secure", cookie.secure},
            {"cookie.path", cookie.path}, {"cookie.domain", cookie.domain}, {"cookie.http-only", cookie.httpOnly},
            {"cookie.partitioned", cookie.partitioned}, {"cookie.priority", cookie.priority}};
        for (String[] pair : pairs) {
            if (pair[1] != null) {
                options.put(pair[0], pair[1]);
            }
        }
        return options;
    }
}
