package dev.sessionkit;

import dev.sessionkit.benchmarks.Fixtures;
import dev.sessionkit.store.caffeine.CaffeineSessionStore;
import dev.sessionkit.testkit.InMemoryExchange;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Each hand-written fast path that core keeps against the library path it replaces, in the same run (issue 24 item
 * 5): {@code path=fast} is core's code, {@code path=library} the same work through Jackson, {@code java.time} or
 * {@code decodeURIComponent} first, each giving the same answer. {@link #readOnly} is the read-only request over the
 * {@code signedIn} session, the time the savings are a fraction of. benchmarks/RESULTS.md ("Fast paths") has the
 * figures, and the request measured with each path switched off, at the commit whose temporary switches made that
 * possible.
 *
 * <ul>
 *   <li>{@link #readRecord}: a record as SessionKit writes it, {@code express} (a browser-session cookie, the
 *       creation time, a user name and a counter: {@code RequestBenchmark}'s record) or {@code signedIn} (a one-day
 *       cookie with its expiry, a principal and label, six data keys), read by {@code FastRecordReader} or by
 *       {@code RecordReader} (Jackson) alone.</li>
 *   <li>{@link #parseDate} / {@link #formatDate}: a {@code toISOString} date read and written by {@code IsoInstant}
 *       or by {@code Instant.parse} and a {@code DateTimeFormatter} with milliseconds.</li>
 *   <li>{@link #readCookie}: the session id from a browser's {@code Cookie} header (three other cookies, the session
 *       cookie as express-session encodes it, {@code s%3A…}), read in place or URL-decoded first.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class FastPathBenchmark {

    static final Instant CREATED = Instant.parse("2026-11-30T16:35:50.123Z");

    /** JavaScript's {@code toISOString} through the JDK alone. */
    static final DateTimeFormatter JS_ISO =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** The data of a signed-in session, as {@code SessionMemory} makes it. */
    static void signedIn(SessionData data) {
        data.put("userId", "u-100042");
        data.put("name", "User Number 42");
        data.put("roles", List.of("user", "editor"));
        data.put("csrf", UUID.nameUUIDFromBytes(new byte[] {42}).toString().replace("-", "") + "0123456789a");
        data.put("views", 17L);
        data.put("cart", Map.of("items", 3));
    }

    /** A stored record, the codec that reads it, and Jackson's reader alone. */
    @State(Scope.Thread)
    public static class Records {
        /** {@code fast} or {@code library}. */
        @Param({"fast", "library"})
        public String path;

        /** {@code express} or {@code signedIn}: see the class comment. */
        @Param({"express", "signedIn"})
        public String record;

        RecordCodec<SessionData> codec;
        RecordReader<SessionData> jackson;
        String json;

        /** Writes the record as a save does. */
        @Setup
        public void setUp() {
            SessionConfig.Builder<SessionData> builder = SessionConfig.builder()
                    .store(CaffeineSessionStore.create())
                    .secret(Fixtures.SECRET);
            SessionData data = new SessionData();
            RecordMeta meta;
            if (record.equals("signedIn")) {
                builder.cookie(CookieOptions.builder().maxAge(Duration.ofDays(1)).secure(true).build());
                signedIn(data);
                meta = new RecordMeta(CREATED, CREATED, "u-100042", "Firefox on Linux", "0123456789abcdef");
            } else {
                data.put("user", "alice");
                data.put("views", 0L);
                meta = new RecordMeta(CREATED, null, null, null, null);
            }
            SessionConfig<SessionData> config = builder.build();
            codec = SessionRuntime.of(config).codec();
            jackson = new RecordReader<>(config.objectMapper(), config.objectMapper().constructType(SessionData.class));
            CookieAttributes cookie = config.cookie().forRequest(true).refreshed(CREATED);
            json = codec.encodeRecord(cookie, meta, codec.encodeData(data));
        }

        DecodedRecord<SessionData> decode() throws RecordReader.UnreadableRecordException {
            return path.equals("fast") ? codec.decode(json) : jackson.decode(json);
        }
    }

    /** A date and its text. */
    @State(Scope.Thread)
    public static class Dates {
        /** {@code fast} or {@code library}. */
        @Param({"fast", "library"})
        public String path;

        Instant at = CREATED;
        String text = "2026-11-30T16:35:50.123Z";

        /** {@code IsoInstant.read}, or the same through {@code Instant.parse} alone. */
        Instant read() {
            if (path.equals("fast")) {
                return IsoInstant.read(text);
            }
            Instant parsed;
            try {
                parsed = Instant.parse(text);
            } catch (DateTimeException e) {
                return null;
            }
            return IsoInstant.inRange(parsed) ? parsed : null;
        }

        String write() {
            return path.equals("fast") ? IsoInstant.write(at) : JS_ISO.format(at);
        }
    }

    /** A browser's Cookie header with a session cookie, and the reader of it. */
    @State(Scope.Thread)
    public static class CookieHeaders {
        /** {@code fast} (read in place) or {@code library} (URL-decoded first). */
        @Param({"fast", "library"})
        public String path;

        SignedCookie cookie;
        CookieSigner signer;
        List<String> header;
        String id;

        /** Signs a session id and makes the header. */
        @Setup
        public void setUp() {
            signer = CookieSigner.of(Fixtures.SECRET);
            cookie = new SignedCookie("connect.sid", signer);
            id = UUID.randomUUID().toString();
            header = List.of(Fixtures.OTHER_COOKIES + "; connect.sid="
                    + Cookies.encodeUriComponent("s:" + signer.sign(id)));
        }

        /** {@code SignedCookie.read}, or what it does for a value that is not read in place. */
        String read() {
            if (path.equals("fast")) {
                return cookie.read(header);
            }
            String value = Cookies.find(header, "connect.sid");
            if (value == null || value.length() > SignedCookie.MAX_VALUE_LENGTH || !value.startsWith("s:")) {
                return null;
            }
            return signer.unsign(value.substring(2)).filter(v -> !v.isEmpty()).orElse(null);
        }
    }

    /** A session manager over the Caffeine store, one signed-in session in it, and its cookie. */
    @State(Scope.Thread)
    public static class Requests {
        SessionManager<SessionData> manager;
        String cookieHeader;

        /** Creates the session, as a sign-in would. */
        @Setup
        public void setUp() {
            manager = SessionManager.create(SessionConfig.builder()
                    .store(CaffeineSessionStore.create())
                    .secret(Fixtures.SECRET)
                    .cookie(CookieOptions.builder().maxAge(Duration.ofDays(1)).build())
                    .build());
            InMemoryExchange first = new InMemoryExchange();
            SessionContext<SessionData> context = manager.open(first);
            try {
                Session<SessionData> session = context.session();
                signedIn(session.data());
                session.principal("u-100042");
                session.label("Firefox on Linux");
                session.save();
                context.commit();
            } finally {
                context.close();
            }
            String setCookie = first.setCookie();
            cookieHeader = Fixtures.OTHER_COOKIES + "; " + setCookie.substring(0, setCookie.indexOf(';'));
        }
    }

    /**
     * Decodes a stored record, as a load does.
     *
     * @param s the record
     * @return the decoded record
     * @throws RecordReader.UnreadableRecordException never: the record is valid
     */
    @Benchmark
    public DecodedRecord<SessionData> readRecord(Records s) throws RecordReader.UnreadableRecordException {
        return s.decode();
    }

    /**
     * Reads a record's date.
     *
     * @param s the date
     * @return the instant
     */
    @Benchmark
    public Instant parseDate(Dates s) {
        return s.read();
    }

    /**
     * Writes a record's date.
     *
     * @param s the date
     * @return its text
     */
    @Benchmark
    public String formatDate(Dates s) {
        return s.write();
    }

    /**
     * Reads the session id from the Cookie header.
     *
     * @param s the header
     * @return the id
     */
    @Benchmark
    public String readCookie(CookieHeaders s) {
        return s.read();
    }

    /**
     * A request that reads its session, as {@code RequestBenchmark.readOnly}, over the {@code signedIn} session.
     *
     * @param s the manager and cookie
     * @return the page
     */
    @Benchmark
    public String readOnly(Requests s) {
        InMemoryExchange exchange = new InMemoryExchange().cookie(s.cookieHeader);
        SessionContext<SessionData> context = s.manager.open(exchange);
        try {
            Session<SessionData> session = context.session();
            String page = "views " + session.data().getLong("views").orElse(0);
            context.commit();
            return page;
        } finally {
            context.close();
        }
    }
}
