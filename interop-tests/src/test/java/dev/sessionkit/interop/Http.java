package dev.sessionkit.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A plain HTTP client for both sides: GET requests with the session cookie passed by hand (no cookie jar, so a
 * {@code Secure} cookie from SessionKit travels over http too, and each test decides which cookie goes where).
 */
final class Http {

    /** The header SessionKit's servers here also carry the session id in ({@code idHeader}). */
    static final String ID_HEADER = "X-Session-Id";

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private Http() {
    }

    /**
     * A response.
     *
     * @param status the status code
     * @param body the body as UTF-8 text
     * @param setCookies every {@code Set-Cookie} header
     * @param idHeader the {@value #ID_HEADER} response header, or {@code null}
     */
    record Reply(int status, String body, List<String> setCookies, String idHeader) {

        /** The last {@code connect.sid} sent, if any. */
        Optional<SignedCookie> sessionCookie() {
            Optional<SignedCookie> found = Optional.empty();
            for (String header : setCookies) {
                if (header.startsWith(SignedCookie.NAME + "=")) {
                    int end = header.indexOf(';');
                    String value = header.substring(SignedCookie.NAME.length() + 1, end < 0 ? header.length() : end);
                    found = Optional.of(new SignedCookie(value));
                }
            }
            return found;
        }

        /** The {@code connect.sid} sent, which the test expects. */
        SignedCookie cookie() {
            return sessionCookie().orElseThrow(() -> new AssertionError(
                    "no connect.sid in Set-Cookie " + setCookies + " (status " + status + ", body " + body + ")"));
        }

        /** The body of a 200 answer, which the test expects. */
        String ok() {
            if (status != 200) {
                throw new AssertionError("expected 200, got " + status + ": " + body);
            }
            return body;
        }
    }

    /** Sends {@code GET base + path}, with the cookie when it is not {@code null}. */
    static Reply get(URI base, String path, SignedCookie cookie) {
        return get(base, path, cookie == null ? null : "Cookie", cookie == null ? null : cookie.header());
    }

    /** Sends {@code GET base + path} with the session in the {@value #ID_HEADER} header, as an API client does. */
    static Reply getWithIdHeader(URI base, String path, String signedValue) {
        return get(base, path, ID_HEADER, signedValue);
    }

    private static Reply get(URI base, String path, String header, String value) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(20))
                .GET();
        if (header != null) {
            request.header(header, value);
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(response.statusCode(), response.body(), response.headers().allValues("Set-Cookie"),
                    response.headers().firstValue(ID_HEADER).orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + base + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends {@code GET base + path} without a cookie. */
    static Reply get(URI base, String path) {
        return get(base, path, null);
    }

    /** {@code path?name=value&…} with each value percent-encoded (a space as {@code %20}, never {@code +}). */
    static String path(String path, String... namesAndValues) {
        StringBuilder out = new StringBuilder(path);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            out.append(i == 0 ? '?' : '&').append(namesAndValues[i]).append('=')
                    .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return out.toString();
    }
}
