package dev.sessionkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionkit.RecordReader.UnreadableRecordException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one-pass record reader: what it must read exactly as a tree of the record would, and the dates it reads fast. */
class RecordReaderTest {

    private static final DateTimeFormatter JS_ISO =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final ObjectMapper mapper = new ObjectMapper();
    private final RecordReader<SessionData> reader = new RecordReader<>(mapper, mapper.constructType(SessionData.class));

    @Test
    void isoInstant_javaScriptForm_sameAsInstantParse() {
        SplittableRandom random = new SplittableRandom(20261130);
        long latest = RecordReader.LATEST.toEpochMilli();
        for (int i = 0; i < 100_000; i++) {
            Instant at = Instant.ofEpochMilli(random.nextLong(latest + 1));
            String text = JS_ISO.format(at);
            assertThat(RecordReader.IsoInstant.parse(text)).as(text).isEqualTo(at).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void isoInstantFormat_sameAsTheFormatter_forEveryYearItWrites() {
        SplittableRandom random = new SplittableRandom(30112026);
        long earliest = Instant.parse("0000-01-01T00:00:00Z").toEpochMilli();
        long latest = RecordReader.LATEST.toEpochMilli();
        for (int i = 0; i < 100_000; i++) {
            Instant at = Instant.ofEpochMilli(earliest + random.nextLong(latest - earliest + 1))
                    .plusNanos(random.nextInt(1_000_000));
            assertThat(RecordReader.IsoInstant.format(at)).isEqualTo(JS_ISO.format(at));
        }
        for (String edge : new String[] {"0000-01-01T00:00:00.000Z", "1969-12-31T23:59:59.999Z",
            "1970-01-01T00:00:00.000Z", "2000-02-29T12:00:00.000Z", "9999-12-31T23:59:59.999Z"}) {
            assertThat(RecordReader.IsoInstant.format(Instant.parse(edge))).isEqualTo(edge);
        }
        assertThat(RecordReader.IsoInstant.format(Instant.parse("+10000-01-01T00:00:00Z"))).isNull();
        assertThat(RecordReader.IsoInstant.format(Instant.parse("-0001-12-31T23:59:59Z"))).isNull();
        assertThat(RecordReader.IsoInstant.format(Instant.MAX)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1970-01-01T00:00:00.000Z", "2000-02-29T23:59:59.999Z", "2024-02-29T12:00:00.000Z",
        "9999-12-31T23:59:59.999Z", "2026-11-30T16:35:50.123Z", "2100-03-01T00:00:00.000Z"})
    void isoInstant_edgesOfTheCalendar_sameAsInstantParse(String text) {
        assertThat(RecordReader.IsoInstant.parse(text)).isEqualTo(Instant.parse(text));
    }

    /** Not the fast form, or not a date: left to Instant.parse, which reads or refuses it. */
    @ParameterizedTest
    @ValueSource(strings = {"2023-02-29T00:00:00.000Z", "2100-02-29T00:00:00.000Z", "2026-13-01T00:00:00.000Z",
        "2026-00-10T00:00:00.000Z", "2026-04-31T00:00:00.000Z", "2026-01-01T24:00:00.000Z",
        "2026-01-01T23:60:00.000Z", "2026-12-31T23:59:60.000Z", "2026-01-01T00:00:00.00Z", "2026-01-01T00:00:00Z",
        "2026-01-01T00:00:00.0000Z", "2026-01-01 00:00:00.000Z", "2026-01-01T00:00:00.000+", "+2026-01-01T00:00:00.00Z",
        "2026-0a-01T00:00:00.000Z", "2026-01-01T00:00:00.-00Z", "２０２６-01-01T00:00:00.000Z"})
    void isoInstant_otherForms_leftToInstantParse(String text) {
        assertThat(RecordReader.IsoInstant.parse(text)).isNull();
        Instant parsed;
        try {
            parsed = Instant.parse(text);
        } catch (DateTimeException e) {
            parsed = null;
        }
        Instant bounded = parsed == null || parsed.isBefore(Instant.EPOCH) || parsed.isAfter(RecordReader.LATEST)
                ? null : parsed;
        assertThat(RecordReader.instant(text)).isEqualTo(bounded);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1} {\"b\":2}", "{\"a\":1} x", "{\"a\":1}]", "{\"a\":1"})
    void decode_moreAfterTheObjectOrTruncated_isUnreadable(String json) {
        assertThatThrownBy(() -> reader.decode(json)).isInstanceOf(UnreadableRecordException.class);
    }

    /** As JavaScript's JSON.parse (and a tree of the record): the last of a key counts, at the first one's place. */
    @Test
    void decode_duplicateKeys_lastWins() throws Exception {
        RecordReader.Decoded<SessionData> decoded = reader.decode("{\"cookie\":{\"originalMaxAge\":5000},"
                + "\"a\":1,\"b\":2,\"a\":3,\"cookie\":{\"originalMaxAge\":9000},"
                + "\"__sessionkit\":{\"created\":\"2026-01-01T00:00:00.000Z\",\"principal\":\"x\",\"principal\":\"y\"}}");

        assertThat(decoded.data().asMap()).containsExactly(java.util.Map.entry("a", 3), java.util.Map.entry("b", 2));
        assertThat(decoded.lifetime().maxAge()).isEqualTo(Duration.ofMillis(9000));
        assertThat(decoded.meta().principal()).isEqualTo("y");
    }

    /** Nested data, of every JSON kind, reaches the data type as a tree of the record would give it. */
    @Test
    void decode_nestedData_sameAsReadingTheDataAlone() throws Exception {
        String data = "{\"s\":\"x\",\"n\":-12,\"big\":123456789012345678901234567890,\"f\":1.5,\"t\":true,"
                + "\"z\":null,\"list\":[1,[2,{\"deep\":[{}]}],\"y\"],\"obj\":{\"k\":{\"k\":[]}}}";
        String record = "{\"cookie\":{\"originalMaxAge\":null,\"expires\":null,\"x\":{\"ignored\":[1,2]}},"
                + data.substring(1, data.length() - 1) + "}";

        RecordReader.Decoded<SessionData> decoded = reader.decode(record);

        assertThat(decoded.data().asMap()).isEqualTo(mapper.readValue(data, SessionData.class).asMap());
        assertThat(decoded.json()).isSameAs(record);
    }

    /** A number beyond a double anywhere, even in a part that is skipped, makes the record unreadable. */
    @ParameterizedTest
    @ValueSource(strings = {"{\"cookie\":{\"x\":1e400}}", "{\"__sessionkit\":{\"created\":\"2026-01-01T00:00:00.000Z\","
        + "\"other\":[-1e999]}}", "{\"a\":{\"b\":[1e400]}}"})
    void decode_numberBeyondADoubleAnywhere_isUnreadable(String json) {
        assertThatThrownBy(() -> reader.decode(json)).isInstanceOf(UnreadableRecordException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"__sessionkit\":{\"created\":\"2026-01-01T00:00:00.000Z\",\"principal\":null}}",
        "{\"__sessionkit\":{\"created\":\"2026-01-01T00:00:00.000Z\",\"label\":5}}",
        "{\"__sessionkit\":{\"principal\":\"x\"}}", "{\"__sessionkit\":\"2026-01-01T00:00:00.000Z\"}",
        "{\"__sessionkit\":{\"created\":\"1969-12-31T23:59:59.999Z\"}}",
        "{\"cookie\":{\"originalMaxAge\":\"1000\"}}", "{\"cookie\":{\"originalMaxAge\":999}}",
        "{\"cookie\":{\"expires\":1000}}", "{\"cookie\":{\"expires\":\"+10000-01-01T00:00:00Z\"}}"})
    void decode_metadataOrLifetimeNotAsWritten_isUnreadable(String json) {
        assertThatThrownBy(() -> reader.decode(json)).isInstanceOf(UnreadableRecordException.class);
    }
}
