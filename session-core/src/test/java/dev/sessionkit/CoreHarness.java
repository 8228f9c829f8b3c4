package dev.sessionkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * What the request-by-request tests of core share: a clock the test moves, an in-memory store on it, a manager
 * configured with a secret, and one request run as an adapter runs it (open, handler, commit, close).
 */
final class CoreHarness {

    final TestClock clock = new TestClock();
    final FakeStore store = new FakeStore(clock);
    private final String secret;
    private SessionManager<SessionData> manager;

    CoreHarness(String secret) {
        this.secret = secret;
        configure(options -> options);
    }

    /** Replaces the manager with one built from the store, the secret, the clock and {@code options}. */
    void configure(UnaryOperator<SessionConfig.Builder<SessionData>> options) {
        manager = SessionManager.create(options.apply(SessionConfig.builder()
                .store(store).secret(secret).clock(clock)).build());
    }

    /** The {@code name=value} part of a Set-Cookie header (or of a pair), to send back as a Cookie header. */
    static String cookiePair(String setCookie) {
        int semicolon = setCookie.indexOf(';');
        return semicolon < 0 ? setCookie : setCookie.substring(0, semicolon);
    }

    /** The session id a {@code connect.sid} Set-Cookie header or pair carries, verified with {@code secret}. */
    static String idIn(String setCookie, String secret) {
        String value = URLDecoder.decode(cookiePair(setCookie).substring("connect.sid=".length()),
                StandardCharsets.UTF_8);
        assertThat(value).startsWith("s:");
        return CookieSigner.of(secret).unsign(value.substring(2)).orElseThrow(
                () -> new AssertionError("cookie does not verify: " + setCookie));
    }

    SessionManager<SessionData> manager() {
        return manager;
    }

    /** Runs one request with {@code cookie} (a {@code name=value} pair, or {@code null}); returns its exchange. */
    FakeExchange run(String cookie, Consumer<SessionContext<SessionData>> handler) {
        return run(new FakeExchange(), cookie, handler);
    }

    /** Runs one request on {@code exchange}, which the caller keeps even when the handler throws. */
    FakeExchange run(FakeExchange exchange, String cookie, Consumer<SessionContext<SessionData>> handler) {
        if (cookie != null) {
            exchange.cookie(cookie);
        }
        SessionContext<SessionData> context = manager.open(exchange);
        try {
            handler.accept(context);
            context.commit();
        } finally {
            context.close();
        }
        return exchange;
    }
}
