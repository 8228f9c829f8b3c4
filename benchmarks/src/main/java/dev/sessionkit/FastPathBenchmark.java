package dev.sessionkit;

import dev.sessionkit.benchmarks.Fixtures;
import dev.sessionkit.store.caffeine.CaffeineSessionStore;
import dev.sessionkit.testkit.InMemoryExchange;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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
 * Each hand-written fast path of core against the library path it replaces, in the same run (issue 24 item 5), and
 * the read-only request with each path switched: {@code path=fast} is the code as it is, {@code path=library} the
 * same work through Jackson, {@code java.time} or decode-first verification. The switches are core's temporary
 * {@link FastPathSwitch}, set by each state's setup (JMH runs every benchmark and parameter in its own fork).
 *
 * <ul>
 *   <li>{@link #readRecord}: {@code RecordCodec.decode} of a record as SessionKit writes it, {@code express}
 *       (a browser-session cookie, the creation time, a user name and a counter: {@code RequestBenchmark}'s record)
 *       or {@code signedIn} (a one-day cookie with its expiry, a principal and label, six data keys), with the fast
 *       reader or Jackson alone.</li>
 *   <li>{@link #parseDate} / {@link #formatDate}: a {@code toISOString} date read and written by hand or by
 *       {@code Instant.parse} and a {@code DateTimeFormatter} with milliseconds.</li>
 *   <li>{@link #readCookie}: the session id from a browser's {@code Cookie} header (three other cookies, the
 *       session cookie as express-session encodes it, {@code s%3A…}): read in place, or URL-decoded first
 *       ({@code decodeURIComponent}) and then verified.</li>
 *   <li>{@link #verifySignature}: {@code CookieSigner.unsign} of a signed id: the presented signature compared as
 *       text with the base64 of the MAC in place, or ({@code library}) the MAC computed, base64-encoded and compared
 *       with {@code MessageDigest.isEqual}; {@code decodeBase64} decodes the presented signature instead and
 *       compares the MACs, with the checks that keep non-canonical spellings refused (measured here only).</li>
 *   <li>{@link #readOnly} / {@link #readWrite}: {@code RequestBenchmark}'s requests over the {@code signedIn}
 *       session, with {@code library=none} (the code as it is), one path switched to its library, or {@code all}.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class FastPathBenchmark {

    static final Instant CREATED = Instant.parse("2026-11-30T16:35:50.123Z");

    /** The data of a signed-in session, as {@code SessionMemory} makes it. */
    static void signedIn(SessionData data) {
        data.put("userId", "u-100042");
        data.put("name", "User Number 42");
        data.put("roles", List.of("user", "editor"));
        data.put("csrf", UUID.nameUUIDFromBytes(new byte[] {42}).toString().replace("-", "") + "0123456789a");
        data.put("views", 17L);
        data.put("cart", Map.of("items", 3));
    }

    static void switches(boolean record, boolean dates, boolean cookie, boolean compare) {
        FastPathSwitch.fastRecordReader = record;
        FastPathSwitch.handDates = dates;
        FastPathSwitch.inPlaceCookie = cookie;
        FastPathSwitch.inPlaceCompare = compare;
    }

    /** A stored record and the codec that reads it. */
    @State(Scope.Thread)
    public static class Records {
        /** {@code fast} or {@code library}. */
        @Param({"fast", "library"})
        public String path;

        /** {@code express} or {@code signedIn}: see the class comment. */
        @Param({"express", "signedIn"})
        public String record;

        RecordCodec<SessionData> codec;
        String json;

        /** Sets the switch and writes the record as a save does. */
        @Setup
        public void setUp() {
            switches(path.equals("fast"), true, true, true);
            SessionConfig.Builder<SessionData> builder = SessionConfig.builder()
                    .store(CaffeineSessionStore.create())
                    .secret(Fixtures.SECRET);
            SessionData data = new SessionData();
            RecordReader.Meta meta;
            if (record.equals("signedIn")) {
                builder.cookie(CookieOptions.builder().maxAge(Duration.ofDays(1)).secure(true).build());
                signedIn(data);
                meta = new RecordReader.Meta(CREATED, "u-100042", "Firefox on Linux");
            } else {
                data.put("user", "alice");
                data.put("views", 0L);
                meta = new RecordReader.Meta(CREATED, null, null);
            }
            SessionConfig<SessionData> config = builder.build();
            codec = SessionRuntime.of(config).codec();
            CookieAttributes cookie = config.cookie().forRequest(true).refreshed(CREATED);
            json = codec.encodeRecord(cookie, meta, codec.encodeData(data));
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

        /** Sets the switch. */
        @Setup
        public void setUp() {
            switches(true, path.equals("fast"), true, true);
        }
    }

    /** A browser's Cookie header with a session cookie, and the reader of it. */
    @State(Scope.Thread)
    public static class CookieHeaders {
        /** {@code fast} (read in place) or {@code library} (URL-decoded first). */
        @Param({"fast", "library"})
        public String path;

        SignedCookie cookie;
        List<String> header;
        String id;

        /** Sets the switch, signs a session id and makes the header. */
        @Setup
        public void setUp() {
            switches(true, true, path.equals("fast"), true);
            CookieSigner signer = CookieSigner.of(Fixtures.SECRET);
            cookie = new SignedCookie("connect.sid", signer);
            id = UUID.randomUUID().toString();
            header = List.of(Fixtures.OTHER_COOKIES + "; connect.sid="
                    + Cookies.encodeUriComponent("s:" + signer.sign(id)));
        }
    }

    /** A signed session id, and the signer that verifies it. */
    @State(Scope.Thread)
    public static class Signatures {
        /** {@code fast} (compared in place), {@code library} or {@code decodeBase64}: see the class comment. */
        @Param({"fast", "library", "decodeBase64"})
        public String path;

        CookieSigner signer;
        String signed;
        Mac mac;

        /** Sets the switch and signs a session id. */
        @Setup
        public void setUp() throws GeneralSecurityException {
            switches(true, true, true, !path.equals("library"));
            signer = CookieSigner.of(Fixtures.SECRET);
            signed = signer.sign(UUID.randomUUID().toString());
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Fixtures.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        }

        /**
         * The value by decoding the presented signature: its 43 characters of standard base64 decoded (the last
         * one's unused bits zero, so that no other spelling verifies), compared with the MAC.
         */
        String decodeBase64() {
            int dot = signed.lastIndexOf('.');
            if (dot < 0 || signed.length() - dot - 1 != 43
                    || "AEIMQUYcgkosw048".indexOf(signed.charAt(signed.length() - 1)) < 0) {
                return null;
            }
            byte[] presented;
            try {
                presented = Base64.getDecoder().decode(signed.substring(dot + 1));
            } catch (IllegalArgumentException e) {
                return null;
            }
            String value = signed.substring(0, dot);
            byte[] expected = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(expected, presented) ? value : null;
        }
    }

    /** A session manager over the Caffeine store, one signed-in session in it, and its cookie. */
    @State(Scope.Thread)
    public static class Requests {
        /**
         * The path switched to its library: {@code none}, {@code record}, {@code dates}, {@code cookie} (the value
         * URL-decoded first, its signature still compared in place), {@code signature} (decoded first and compared
         * by {@code MessageDigest}), {@code all}.
         */
        @Param({"none", "record", "dates", "cookie", "signature", "all"})
        public String library;

        SessionManager<SessionData> manager;
        String cookieHeader;

        /** Sets the switches and creates the session, as a sign-in would. */
        @Setup
        public void setUp() {
            boolean all = library.equals("all");
            if (!List.of("none", "record", "dates", "cookie", "signature", "all").contains(library)) {
                throw new IllegalArgumentException("library: none, record, dates, cookie, signature or all, not "
                        + library);
            }
            boolean signature = all || library.equals("signature");
            switches(!all && !library.equals("record"), !all && !library.equals("dates"),
                    !signature && !library.equals("cookie"), !signature);
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
    public RecordReader.Decoded<SessionData> readRecord(Records s) throws RecordReader.UnreadableRecordException {
        return s.codec.decode(s.json);
    }

    /**
     * Reads a record's date.
     *
     * @param s the date
     * @return the instant
     */
    @Benchmark
    public Instant parseDate(Dates s) {
        return RecordReader.instant(s.text);
    }

    /**
     * Writes a record's date.
     *
     * @param s the date
     * @return its text
     */
    @Benchmark
    public String formatDate(Dates s) {
        return RecordCodec.iso(s.at);
    }

    /**
     * Reads the session id from the Cookie header.
     *
     * @param s the header
     * @return the id
     */
    @Benchmark
    public String readCookie(CookieHeaders s) {
        return s.cookie.read(s.header);
    }

    /**
     * Verifies a signed session id.
     *
     * @param s the signed id
     * @return the id
     */
    @Benchmark
    public String verifySignature(Signatures s) {
        return s.path.equals("decodeBase64") ? s.decodeBase64() : s.signer.unsign(s.signed).orElse(null);
    }

    /**
     * A request that reads its session, as {@code RequestBenchmark.readOnly}.
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

    /**
     * A request that increments its counter and saves, as {@code RequestBenchmark.readWrite}.
     *
     * @param s the manager and cookie
     * @return the page
     */
    @Benchmark
    public String readWrite(Requests s) {
        InMemoryExchange exchange = new InMemoryExchange().cookie(s.cookieHeader);
        SessionContext<SessionData> context = s.manager.open(exchange);
        try {
            Session<SessionData> session = context.session();
            long views = session.data().getLong("views").orElse(0) + 1;
            session.data().put("views", views);
            session.save();
            String page = "views " + views;
            context.commit();
            return page;
        } finally {
            context.close();
        }
    }
}
