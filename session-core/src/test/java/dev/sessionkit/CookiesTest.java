package dev.sessionkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CookiesTest {

    /** No attribute but the path a record always has. */
    private static final CookieAttributes BARE =
            new CookieAttributes("/", null, false, false, null, null, SameSite.OFF, false, null);

    private static final Instant FIXED = Instant.parse("2030-01-02T03:04:05Z");

    // ---- parsing, as jshttp cookie and cookie-es do it (docs/FORMAT.md, "Reading a cookie") ---------------------

    @Test
    void find_semicolonSeparatedPairs_returnsEachValue() {
        String header = "a=1;b=2; c=3";

        assertThat(Cookies.find(header, "a")).isEqualTo("1");
        assertThat(Cookies.find(header, "b")).isEqualTo("2");
        assertThat(Cookies.find(header, "c")).isEqualTo("3");
    }

    @Test
    void find_spacesAndTabsAroundNameAndValue_trimmed() {
        String header = " \ta \t= \tone two\t ; \tb=2\t";

        assertThat(Cookies.find(header, "a")).isEqualTo("one two");
        assertThat(Cookies.find(header, "b")).isEqualTo("2");
    }

    @Test
    void find_segmentWithoutEquals_skipped() {
        String header = "flag; a=1; other; b=2";

        assertThat(Cookies.find(header, "a")).isEqualTo("1");
        assertThat(Cookies.find(header, "b")).isEqualTo("2");
        assertThat(Cookies.find(header, "flag")).isNull();
        assertThat(Cookies.find(header, "other")).isNull();
    }

    @Test
    void find_valueContainingEquals_keepsEverythingAfterFirstEquals() {
        assertThat(Cookies.find("a=b=c; d=e", "a")).isEqualTo("b=c");
    }

    @Test
    void find_comma_isNotASeparator() {
        String header = "a=1, b=2; c=3";

        assertThat(Cookies.find(header, "a")).isEqualTo("1, b=2");
        assertThat(Cookies.find(header, "b")).isNull();
        assertThat(Cookies.find(header, "c")).isEqualTo("3");
    }

    @Test
    void find_duplicateNames_firstWins() {
        assertThat(Cookies.find("connect.sid=first; connect.sid=second", "connect.sid")).isEqualTo("first");
    }

    @Test
    void find_duplicateNamesFirstUnusable_firstStillWins() {
        assertThat(Cookies.find("connect.sid=garbage; connect.sid=s%3Agood.sig", "connect.sid"))
                .isEqualTo("garbage");
    }

    @Test
    void find_duplicateNamesFirstEmpty_returnsEmptyNotSecond() {
        assertThat(Cookies.find("connect.sid=; connect.sid=second", "connect.sid")).isEmpty();
    }

    @Test
    void find_withoutPercent_returnsRawString() {
        assertThat(Cookies.find("a=s:abc.def+/", "a")).isEqualTo("s:abc.def+/");
    }

    @Test
    void find_percentEncoded_decoded() {
        assertThat(Cookies.find("a=s%3Aabc.d%2Bef%2F", "a")).isEqualTo("s:abc.d+ef/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%ZZ", "a%ZZb", "%4", "ab%", "%E2%9C", "%C3%28", "%41%C3", "%ED%A0%80", "x%G1"})
    void find_malformedEscape_returnsRawString(String raw) {
        assertThat(Cookies.find("a=" + raw, "a")).isEqualTo(raw);
    }

    @Test
    void find_plus_isNeverASpace() {
        assertThat(Cookies.find("a=1+2", "a")).isEqualTo("1+2");
        assertThat(Cookies.find("a=1+2%20x", "a")).isEqualTo("1+2 x");
    }

    @Test
    void find_quotedValue_quotesStripped() {
        assertThat(Cookies.find("a=\"hello\"; b=\"s%3Ax\"", "a")).isEqualTo("hello");
        assertThat(Cookies.find("a=\"hello\"; b=\"s%3Ax\"", "b")).isEqualTo("s:x");
    }

    @Test
    void find_loneQuote_kept() {
        assertThat(Cookies.find("a=\"", "a")).isEqualTo("\"");
        assertThat(Cookies.find("a=\"abc", "a")).isEqualTo("\"abc");
    }

    @Test
    void find_multiByteUtf8_decoded() {
        assertThat(Cookies.find("a=%E2%9C%93", "a")).isEqualTo("\u2713");
        assertThat(Cookies.find("a=h%C3%A9llo%20%F0%9F%98%80", "a")).isEqualTo("h\u00e9llo \uD83D\uDE00");
    }

    @Test
    void find_similarNames_doNotMatch() {
        assertThat(Cookies.find("xconnect.sid=1; connect.sid2=2; Connect.sid=3; connect.si=4", "connect.sid"))
                .isNull();
        assertThat(Cookies.find("xconnect.sid=1; connect.sid2=2; connect.sid=3", "connect.sid")).isEqualTo("3");
    }

    @Test
    void find_absentOrEmptyHeader_returnsNull() {
        assertThat(Cookies.find("a=1; b=2", "connect.sid")).isNull();
        assertThat(Cookies.find("", "connect.sid")).isNull();
        assertThat(Cookies.find(";;;", "connect.sid")).isNull();
    }

    @Test
    void find_severalHeaders_searchesEachInOrder() {
        assertThat(Cookies.find(List.of("a=1", "b=2; connect.sid=abc"), "connect.sid")).isEqualTo("abc");
        assertThat(Cookies.find(List.of("a=1", "b=2"), "connect.sid")).isNull();
        assertThat(Cookies.find(List.<String>of(), "connect.sid")).isNull();
    }

    @Test
    void find_severalHeadersWithDuplicates_firstHeaderWins() {
        assertThat(Cookies.find(List.of("connect.sid=first", "connect.sid=second"), "connect.sid"))
                .isEqualTo("first");
        assertThat(Cookies.find(List.of("connect.sid=", "connect.sid=second"), "connect.sid")).isEmpty();
    }

    // ---- encodeURIComponent / decodeURIComponent --------------------------------------------------------------

    @Test
    void encodeUriComponent_unreserved_kept() {
        String unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()";

        assertThat(Cookies.encodeUriComponent(unreserved)).isEqualTo(unreserved);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        ":|%3A", "+|%2B", "/|%2F", "' '|%20", "%|%25", ";|%3B", "=|%3D", ",|%2C", "\"|%22", "?|%3F", "#|%23",
        "&|%26", "@|%40", "$|%24", "[|%5B", "\\|%5C"})
    void encodeUriComponent_reservedAscii_percentEncodedUpperCase(String in, String out) {
        assertThat(Cookies.encodeUriComponent(in)).isEqualTo(out);
    }

    @Test
    void encodeUriComponent_nonAscii_utf8UpperCaseHex() {
        assertThat(Cookies.encodeUriComponent("\u00e9")).isEqualTo("%C3%A9");
        assertThat(Cookies.encodeUriComponent("\u2713")).isEqualTo("%E2%9C%93");
        assertThat(Cookies.encodeUriComponent("\u4e16\u754c")).isEqualTo("%E4%B8%96%E7%95%8C");
        assertThat(Cookies.encodeUriComponent("\u007f")).isEqualTo("%7F");
    }

    @Test
    void encodeUriComponent_surrogatePair_fourUtf8Bytes() {
        assertThat(Cookies.encodeUriComponent("\uD83D\uDE00")).isEqualTo("%F0%9F%98%80");
        assertThat(Cookies.encodeUriComponent("a\uD83D\uDE00b")).isEqualTo("a%F0%9F%98%80b");
    }

    @Test
    void encodeUriComponent_signedCookieValue_matchesExpressWireFormat() {
        assertThat(Cookies.encodeUriComponent("s:id.ab+c/d")).isEqualTo("s%3Aid.ab%2Bc%2Fd");
    }

    @Test
    void decodeUriComponent_randomStrings_roundTripsEncode() {
        Random random = new Random(20300102L);
        for (int n = 0; n < 2000; n++) {
            String s = randomString(random, random.nextInt(24));

            assertThat(Cookies.decodeUriComponent(Cookies.encodeUriComponent(s))).as("round trip of %s", s)
                    .isEqualTo(s);
        }
    }

    private static String randomString(Random random, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int codePoint;
            switch (random.nextInt(4)) {
                case 0:
                    codePoint = 0x20 + random.nextInt(0x5F); // printable ASCII, including % + / : ; = "
                    break;
                case 1:
                    codePoint = 0x80 + random.nextInt(0x780); // two-byte UTF-8
                    break;
                case 2:
                    do {
                        codePoint = 0x800 + random.nextInt(0x10000 - 0x800); // three-byte UTF-8
                    } while (codePoint >= 0xD800 && codePoint <= 0xDFFF);
                    break;
                default:
                    codePoint = 0x10000 + random.nextInt(0x100000); // surrogate pairs
                    break;
            }
            out.appendCodePoint(codePoint);
        }
        return out.toString();
    }

    @Test
    void decodeUriComponent_nonAsciiDigitsInEscape_leaveRawString() {
        // Arabic-Indic three and fullwidth A: Character.digit accepts them as hex digits, decodeURIComponent does not.
        assertThat(Cookies.decodeUriComponent("s%\u0663A")).isEqualTo("s%\u0663A");
        assertThat(Cookies.decodeUriComponent("s%3\uFF21")).isEqualTo("s%3\uFF21");
    }

    @Test
    void decodeUriComponent_asciiAndMultiByteGroups_decodeTogether() {
        assertThat(Cookies.decodeUriComponent("%3A%E2%9C%93x%2F%C3%A9%2B")).isEqualTo(":\u2713x/\u00e9+");
        assertThat(Cookies.decodeUriComponent("%2F%E2%9C")).as("truncated sequence").isEqualTo("%2F%E2%9C");
    }

    @Test
    void decodeUriComponent_lowerCaseHex_decoded() {
        assertThat(Cookies.decodeUriComponent("s%3aa%2fb%e2%9c%93")).isEqualTo("s:a/b\u2713");
    }

    /**
     * A megabyte of segments without {@code =}: parsing is linear (the old parser looked for {@code =} afresh in
     * every segment, scanning the rest of the header each time: about 94 ms for 64 KiB, minutes for 1 MiB). The
     * timeout only catches a quadratic parser; CookieBenchmark.parseHostileHeader measures the time.
     */
    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void find_megabyteOfSegmentsWithoutEquals_isLinear() {
        String hostile = "a;".repeat(512 * 1024);

        assertThat(Cookies.find(hostile, "connect.sid")).isNull();
        assertThat(Cookies.find(hostile + "connect.sid=s%3Aid.sig", "connect.sid")).isEqualTo("s:id.sig");
        assertThat(Cookies.find("x=1;" + hostile + "connect.sid=v", "connect.sid")).isEqualTo("v");
    }

    // ---- Set-Cookie, in jshttp cookie's attribute order (docs/FORMAT.md, "Set-Cookie") -------------------------

    @Test
    void serialize_everyAttribute_inCookieLibraryOrder() {
        String header = Cookies.serialize("connect.sid", "s:abc.d+e/f", new CookieAttributes("/app", "example.com",
                true, true, Duration.ofDays(1), FIXED, SameSite.LAX, true, CookiePriority.HIGH), false);

        assertThat(header).isEqualTo("connect.sid=s%3Aabc.d%2Be%2Ff; Max-Age=86400; Domain=example.com; Path=/app; "
                + "Expires=Wed, 02 Jan 2030 03:04:05 GMT; HttpOnly; Secure; Partitioned; Priority=High; SameSite=Lax");
    }

    @Test
    void serialize_omittedAttributes_absent() {
        String header = Cookies.serialize("a", "b", BARE, false);

        assertThat(header).isEqualTo("a=b; Path=/");
    }

    @Test
    void serialize_zeroMaxAgeAndEpoch_clearCookieShape() {
        String header = Cookies.serialize("a", "", BARE.withHttpOnly(true).withSameSite(SameSite.STRICT).expired(),
                false);

        assertThat(header).isEqualTo("a=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; "
                + "SameSite=Strict");
    }

    @Test
    void serialize_someAttributes_keepRelativeOrder() {
        String header = Cookies.serialize("a", "b", BARE.withExpires(FIXED).withSecure(true)
                .withSameSite(SameSite.NONE), false);

        assertThat(header).isEqualTo("a=b; Path=/; Expires=Wed, 02 Jan 2030 03:04:05 GMT; Secure; SameSite=None");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2030-01-02T03:04:05Z|Wed, 02 Jan 2030 03:04:05 GMT",
        "2031-11-09T23:59:59Z|Sun, 09 Nov 2031 23:59:59 GMT",
        "2029-07-05T00:00:00.999Z|Thu, 05 Jul 2029 00:00:00 GMT",
        "2030-12-25T13:14:15Z|Wed, 25 Dec 2030 13:14:15 GMT"})
    void httpDate_instant_zeroPaddedUsEnglishGmt(String instant, String expected) {
        assertThat(Cookies.httpDate(Instant.parse(instant))).isEqualTo(expected);
        assertThat(Cookies.serialize("a", "b", BARE.withExpires(Instant.parse(instant)), false))
                .isEqualTo("a=b; Path=/; Expires=" + expected);
    }

    // ---- argument checks --------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"bad name", "a;b", "a=b", "a,b", "a\"b", "a(b)", "", "tab\tname", "caf\u00e9"})
    void checkName_invalid_throwsNamingValue(String name) {
        assertThatThrownBy(() -> CookieChecks.checkName(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + name + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"connect.sid", "__Host-sid", "sid_1", "a!#$%&'*+-.^`|~"})
    void checkName_valid_returnsName(String name) {
        assertThat(CookieChecks.checkName(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a;b", "/\u00e9", "/a\nb", "", "app", " /app", "/app "})
    void checkPath_invalid_throwsNamingValue(String path) {
        assertThatThrownBy(() -> CookieChecks.checkPath(path))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + path + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/app", "/a b/c=d", "/app/"})
    void checkPath_valid_returnsPath(String path) {
        assertThat(CookieChecks.checkPath(path)).isEqualTo(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad domain", "example.com;x", "-example.com", "exa_mple.com", "example..com"})
    void checkDomain_invalid_throwsNamingValue(String domain) {
        assertThatThrownBy(() -> CookieChecks.checkDomain(domain))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + domain + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "localhost", "sub-1.EXAMPLE.org"})
    void checkDomain_valid_returnsDomain(String domain) {
        assertThat(CookieChecks.checkDomain(domain)).isEqualTo(domain);
    }

    @Test
    void checkMaxAge_underOneSecond_throwsNamingValue() {
        assertThatThrownBy(() -> CookieChecks.checkMaxAge(Duration.ofMillis(500)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT0.5S");
        assertThatThrownBy(() -> CookieChecks.checkMaxAge(Duration.ofSeconds(-5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT-5S");
    }

    @Test
    void checkMaxAge_oneSecondOrMore_accepted() {
        assertThatCode(() -> CookieChecks.checkMaxAge(Duration.ofSeconds(1))).doesNotThrowAnyException();
        assertThat(CookieChecks.checkMaxAge(Duration.ofDays(7))).isEqualTo(Duration.ofDays(7));
    }

    /** Found by SetCookieFuzzTest's strict parser: RFC 6265's Domain grammar has no leading dot; browsers drop it. */
    @Test
    void checkDomain_leadingDot_isDropped() {
        assertThat(CookieChecks.checkDomain(".example.com")).isEqualTo("example.com");
    }
}
