package dev.sessionkit;

import dev.sessionkit.benchmarks.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Core's cookie code (package-private, hence this package): finding the session cookie in a browser's
 * {@code Cookie} header, and serialising a {@code Set-Cookie} value with the usual attributes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CookieBenchmark {

    private String header;
    private String hostileHeader;
    private String signedValue;
    private CookieAttributes cookie;

    /** Builds a realistic header: three other cookies, then the session cookie, percent-encoded as sent. */
    @Setup
    public void setUp() {
        signedValue = "s:" + CookieSigner.of(Fixtures.SECRET).sign(UUID.randomUUID().toString());
        header = Fixtures.OTHER_COOKIES + "; connect.sid=" + Cookies.encodeUriComponent(signedValue);
        hostileHeader = "a;".repeat(512 * 1024) + "connect.sid=" + Cookies.encodeUriComponent(signedValue);
        cookie = CookieOptions.builder().maxAge(Duration.ofDays(7)).sameSite(SameSite.LAX).build().forRequest(false)
                .withExpires(Instant.parse("2030-01-09T03:04:05Z"));
    }

    /**
     * Finds and decodes {@code connect.sid} in the {@code Cookie} header.
     *
     * @return the signed value
     */
    @Benchmark
    public String parseCookieHeader() {
        return Cookies.find(header, "connect.sid");
    }

    /**
     * Finds {@code connect.sid} after a megabyte of segments without {@code =} ({@code a;a;a;…}): linear, so about
     * a million times the work of a one-segment header, not a million squared.
     *
     * @return the signed value
     */
    @Benchmark
    public String parseHostileHeader() {
        return Cookies.find(hostileHeader, "connect.sid");
    }

    /**
     * Serialises {@code connect.sid=…; Max-Age=604800; Path=/; Expires=…; HttpOnly; Secure; SameSite=Lax}.
     *
     * @return the header value
     */
    @Benchmark
    public String serializeSetCookie() {
        return Cookies.serialize("connect.sid", signedValue, cookie, false);
    }

    String signedValue() {
        return signedValue;
    }
}
