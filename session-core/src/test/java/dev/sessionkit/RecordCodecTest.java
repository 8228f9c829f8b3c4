package dev.sessionkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionkit.RecordReader.UnreadableRecordException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordCodecTest {

    private static final String NON_ASCII = "h\u00e9llo \u2713 \u4e16\u754c \uD83D\uDE00";

    private final ObjectMapper mapper = new ObjectMapper();
    private final RecordCodec<SessionData> codec =
            new RecordCodec<>(mapper, mapper.constructType(SessionData.class));

    /** A typed session-data class; public fields so Jackson maps it without annotations. */
    static final class Profile {
        public String name;
        public int visits;
    }

    private static CookieAttributes defaultCookie() {
        return CookieOptions.defaults().forRequest(false);
    }

    private CookieAttributes fullCookie() {
        CookieOptions options = CookieOptions.builder()
                .maxAge(Duration.ofDays(1))
                .domain("example.com")
                .sameSite(SameSite.LAX)
                .priority(CookiePriority.HIGH)
                .partitioned(true)
                .build();
        return options.forRequest(false).refreshed(Instant.parse("2030-01-01T03:04:05Z"));
    }

    // ---- encoding ---------------------------------------------------------------------------------------------

    @Test
    void encodeRecord_defaultCookieAndEmptyData_expressShape() {
        String json = codec.encodeRecord(defaultCookie(), codec.encodeData(new SessionData()));

        assertThat(json).isEqualTo(
                "{\"cookie\":{\"originalMaxAge\":null,\"expires\":null,\"secure\":true,\"httpOnly\":true,\"path\":\"/\","
                        + "\"sameSite\":\"lax\"}}");
    }

    @Test
    void encodeRecord_everyCookieField_expressFieldOrder() {
        CookieAttributes cookie = fullCookie();
        assertThat(cookie.expires()).isEqualTo(Instant.parse("2030-01-02T03:04:05Z"));

        String json = codec.encodeRecord(cookie, codec.encodeData(new SessionData()));

        assertThat(json).isEqualTo("{\"cookie\":{\"originalMaxAge\":86400000,\"partitioned\":true,"
                + "\"priority\":\"high\",\"expires\":\"2030-01-02T03:04:05.000Z\",\"secure\":true,\"httpOnly\":true,"
                + "\"domain\":\"example.com\",\"path\":\"/\",\"sameSite\":\"lax\"}}");
    }

    @Test
    void encodeRecord_expiresWithSubMillis_threeFractionDigits() {
        CookieAttributes cookie = defaultCookie().withExpires(Instant.parse("2030-01-02T03:04:05.123456789Z"));

        String json = codec.encodeRecord(cookie, "{}");

        assertThat(json).contains("\"expires\":\"2030-01-02T03:04:05.123Z\"");
    }

    @Test
    void encodeRecord_userData_followsCookieInInsertionOrder() {
        SessionData data = new SessionData().put("zeta", 1).put("alpha", "a").put("mid", true);

        String json = codec.encodeRecord(defaultCookie(), codec.encodeData(data));

        assertThat(json).isEqualTo("{\"cookie\":{\"originalMaxAge\":null,\"expires\":null,\"secure\":true,"
                + "\"httpOnly\":true,\"path\":\"/\",\"sameSite\":\"lax\"},\"zeta\":1,\"alpha\":\"a\",\"mid\":true}");
    }

    @Test
    void encodeRecord_nonAsciiData_writtenUnescaped() {
        String json = codec.encodeRecord(defaultCookie(), codec.encodeData(new SessionData().put("name", NON_ASCII)));

        assertThat(json).endsWith(",\"name\":\"" + NON_ASCII + "\"}").doesNotContain("\\u");
    }

    @Test
    void encodeData_typeWrittenAsNonObject_throwsIllegalState() {
        RecordCodec<String> strings = new RecordCodec<>(mapper, mapper.constructType(String.class));

        assertThatThrownBy(() -> strings.encodeData("just a string"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("java.lang.String")
                .hasMessageContaining("JSON object");
    }

    // ---- decoding ---------------------------------------------------------------------------------------------

    @Test
    void decode_expressRecord_dataWithoutCookie() throws Exception {
        String json = "{\"cookie\":{\"originalMaxAge\":86400000,\"expires\":\"2030-01-02T03:04:05.000Z\","
                + "\"secure\":true,\"httpOnly\":true,\"path\":\"/\",\"sameSite\":\"lax\"},\"user\":\"alice\","
                + "\"n\":1,\"name\":\"" + NON_ASCII + "\"}";

        DecodedRecord<SessionData> decoded = codec.decode(json);

        assertThat(decoded.data().keys()).containsExactly("user", "n", "name");
        assertThat(decoded.data().containsKey("cookie")).isFalse();
        assertThat(decoded.data().getString("user")).contains("alice");
        assertThat(decoded.data().getLong("n")).hasValue(1);
        assertThat(decoded.data().getString("name")).contains(NON_ASCII);
        assertThat(decoded.lifetime()).isEqualTo(new StoredLifetime(Duration.ofDays(1),
                Instant.parse("2030-01-02T03:04:05Z")));
    }

    @Test
    void decode_h3SessionRecordWithoutCookie_readsDataAndReportsNoCookie() throws Exception {
        DecodedRecord<SessionData> decoded = codec.decode("{\"user\":\"bob\",\"count\":2}");

        assertThat(decoded.lifetime()).isNull();
        assertThat(decoded.data().keys()).containsExactly("user", "count");
        assertThat(decoded.data().getLong("count")).hasValue(2);
    }

    @Test
    void decode_nullCookie_reportsNoCookie() throws Exception {
        DecodedRecord<SessionData> decoded = codec.decode("{\"cookie\":null,\"a\":1}");

        assertThat(decoded.lifetime()).isNull();
        assertThat(decoded.data().keys()).containsExactly("a");
    }

    @Test
    void encodeThenDecode_sessionData_roundTrips() throws Exception {
        SessionData data = new SessionData().put("user", "alice").put("n", 3).put("name", NON_ASCII);

        DecodedRecord<SessionData> decoded =
                codec.decode(codec.encodeRecord(fullCookie(), codec.encodeData(data)));

        assertThat(decoded.data()).isEqualTo(data);
        assertThat(decoded.data().keys()).containsExactly("user", "n", "name");
    }

    @Test
    void encodeThenDecode_pojoType_roundTrips() throws Exception {
        RecordCodec<Profile> profiles = new RecordCodec<>(mapper, mapper.constructType(Profile.class));
        Profile profile = new Profile();
        profile.name = NON_ASCII;
        profile.visits = 7;

        String json = profiles.encodeRecord(defaultCookie(), profiles.encodeData(profile));
        DecodedRecord<Profile> decoded = profiles.decode(json);

        assertThat(json).endsWith(",\"name\":\"" + NON_ASCII + "\",\"visits\":7}");
        assertThat(decoded.data().name).isEqualTo(NON_ASCII);
        assertThat(decoded.data().visits).isEqualTo(7);
        assertThat(decoded.lifetime()).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "leak-me-7f3a not json",
        "{\"leak-me-7f3a\":",
        "[\"leak-me-7f3a\"]",
        "\"leak-me-7f3a\"",
        "",
        "null",
        "{\"cookie\":5,\"x\":\"leak-me-7f3a\"}",
        "{\"cookie\":\"leak-me-7f3a\"}",
        "{\"cookie\":[],\"x\":\"leak-me-7f3a\"}"})
    void decode_unreadableRecord_throwsWithoutRecordText(String json) {
        assertThatThrownBy(() -> codec.decode(json))
                .isInstanceOf(UnreadableRecordException.class)
                .hasMessageNotContaining("leak-me-7f3a");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"name\":\"leak-me-7f3a\",\"visits\":\"leak-me-many\"}",
        "{\"name\":\"leak-me-7f3a\",\"visits\":[1]}",
        "{\"name\":{\"leak-me-7f3a\":1},\"visits\":1}",
        "{\"name\":\"x\",\"leak-me-7f3a\":1}"})
    void decode_dataNotFittingPojo_throwsWithoutRecordText(String json) {
        RecordCodec<Profile> profiles = new RecordCodec<>(mapper, mapper.constructType(Profile.class));

        assertThatThrownBy(() -> profiles.decode(json))
                .isInstanceOf(UnreadableRecordException.class)
                .hasMessageContaining("Profile")
                .hasMessageNotContaining("leak-me");
    }

    // ---- stored cookie: only its lifetime ------------------------------------------------------------------------

    private CookieAttributes applied(String cookieJson, CookieOptions options, boolean requestSecure)
            throws Exception {
        StoredLifetime stored = codec.decode("{\"cookie\":" + cookieJson + "}").lifetime();
        return stored.over(options.forRequest(requestSecure));
    }

    @Test
    void storedCookie_expressCookie_lifetimeTakenAttributesFromTheConfiguration() throws Exception {
        CookieAttributes cookie = applied("{\"originalMaxAge\":86400000,\"partitioned\":true,\"priority\":\"high\","
                + "\"expires\":\"2030-01-02T03:04:05.000Z\",\"secure\":false,\"httpOnly\":false,"
                + "\"domain\":\"example.com\",\"path\":\"/app\",\"sameSite\":\"none\"}", CookieOptions.defaults(), false);

        assertThat(cookie).isEqualTo(new CookieAttributes("/", null, true, true, Duration.ofDays(1),
                Instant.parse("2030-01-02T03:04:05Z"), SameSite.LAX, false, null));
    }

    @Test
    void storedCookie_weakerThanTheConfiguration_neverWeakensIt() throws Exception {
        CookieOptions hardened = CookieOptions.builder().sameSite(SameSite.STRICT).priority(CookiePriority.HIGH)
                .build();

        CookieAttributes cookie = applied("{\"secure\":false,\"httpOnly\":false,\"sameSite\":\"none\","
                + "\"domain\":\"evil.example\",\"path\":\"/x\",\"priority\":\"low\"}", hardened, true);

        assertThat(cookie).isEqualTo(hardened.forRequest(true));
    }

    @Test
    void storedCookie_nullMaxAgeAndExpires_browserSessionCookie() throws Exception {
        CookieAttributes cookie = applied("{\"originalMaxAge\":null,\"expires\":null,\"httpOnly\":true,"
                + "\"path\":\"/\"}", CookieOptions.builder().maxAge(Duration.ofHours(1)).build(), false);

        assertThat(cookie.maxAge()).isNull();
        assertThat(cookie.expires()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"path\":\"/leak-me-7f3a;x\"}",
        "{\"domain\":\"leak-me-7f3a domain\"}",
        "{\"sameSite\":\"leak-me-7f3a\"}",
        "{\"priority\":\"leak-me-7f3a\"}",
        "{\"secure\":\"leak-me-7f3a\"}",
        "{\"sameSite\":true}"})
    void storedCookie_invalidSecurityAttribute_isIgnored(String cookieJson) throws Exception {
        assertThat(applied(cookieJson, CookieOptions.defaults(), false)).isEqualTo(CookieOptions.defaults().forRequest(false));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"expires\":\"leak-me-7f3a\"}",
        "{\"expires\":12345}",
        "{\"expires\":\"+275760-09-13T00:00:00.000Z\"}",
        "{\"expires\":\"1960-01-01T00:00:00.000Z\"}",
        "{\"originalMaxAge\":\"leak-me-7f3a\"}",
        "{\"originalMaxAge\":500}",
        "{\"originalMaxAge\":0}",
        "{\"originalMaxAge\":-86400000}",
        "{\"originalMaxAge\":1e300}",
        "{\"originalMaxAge\":true}"})
    void storedCookie_lifetimeOutOfRange_isUnreadableWithoutRecordText(String cookieJson) {
        assertThatThrownBy(() -> codec.decode("{\"cookie\":" + cookieJson + "}"))
                .isInstanceOf(UnreadableRecordException.class)
                .hasMessageNotContaining("leak-me-7f3a");
    }

    @Test
    void encodeRecord_sameSite_writtenAsExpressReadsIt() {
        CookieAttributes noneWhenSecure = defaultCookie().withSameSite(SameSite.NONE_WHEN_SECURE);

        assertThat(codec.encodeRecord(noneWhenSecure, "{}")).contains("\"sameSite\":\"none\"");
        assertThat(codec.encodeRecord(noneWhenSecure.withSecure(false), "{}")).contains("\"sameSite\":\"lax\"");
        assertThat(codec.encodeRecord(defaultCookie().withSameSite(SameSite.OFF), "{}")).doesNotContain("sameSite");
    }

    @Test
    void read_absentOrUnreadable_isNull_readable_isDecoded() {
        assertThat(codec.read(Optional.empty())).isNull();
        assertThat(codec.read(Optional.of("{\"cookie\":5}"))).isNull();
        assertThat(codec.read(Optional.of("{\"a\":1}")).data().getLong("a")).hasValue(1);
    }

    /** Found by RecordFuzzTest: 1e400 read as an infinity was saved back as the string "Infinity". */
    @Test
    void read_numberBeyondADouble_isUnreadable_notSavedBackAsAString() {
        assertThat(codec.read(Optional.of("{\"big\":1e400}"))).isNull();
        assertThat(codec.read(Optional.of("{\"list\":[1,{\"x\":-1e309}]}"))).isNull();
        assertThat(codec.read(Optional.of("{\"fine\":1.7976931348623157e308,\"tiny\":4.9e-324}"))).isNotNull();
    }

    /** Issue 25, finding 11: a map-typed data class could carry the record's reserved keys and forge its metadata. */
    @Test
    void encodeData_mapWithAReservedTopLevelKey_isRefusedNamingTheKey_notItsValue() {
        RecordCodec<java.util.Map> maps = new RecordCodec<>(mapper, mapper.constructType(java.util.Map.class));

        for (String reserved : java.util.List.of("__sessionkit", "cookie")) {
            java.util.Map<String, Object> forged = new java.util.LinkedHashMap<>();
            forged.put("user", "mallory");
            forged.put(reserved, java.util.Map.of("principal", "victim-secret-value"));
            assertThatThrownBy(() -> maps.encodeData(forged)).as(reserved)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + reserved + "'")
                    .hasMessageNotContaining("victim-secret-value");
        }
        assertThat(maps.encodeData(java.util.Map.of("prefs", java.util.Map.of("cookie", true))))
                .as("a nested key of the same name is data").contains("\"cookie\":true");
    }

    /**
     * Issue 25, finding 9: a record nested deeper than Jackson's limit (1,000 levels), which JSON.parse reads, is no
     * session for SessionKit: documented as a difference from express-session, and never an exception.
     */
    @Test
    void read_recordNestedDeeperThanJacksonsLimit_isUnreadable_notAnException() {
        String deep = "[".repeat(1_001) + "]".repeat(1_001);
        String shallow = "[".repeat(900) + "]".repeat(900);

        assertThat(codec.read(Optional.of("{\"cookie\":{\"path\":\"/\"},\"deep\":" + deep + "}"))).isNull();
        assertThat(codec.read(Optional.of("{\"cookie\":{\"path\":\"/\"},\"deep\":" + shallow + "}"))).isNotNull();
    }
}
