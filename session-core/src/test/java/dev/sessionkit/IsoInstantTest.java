package dev.sessionkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The record's dates, read and written by hand exactly as {@code Instant.parse} and the JDK's formatter would. */
class IsoInstantTest {

    private static final DateTimeFormatter JS_ISO =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    @Test
    void isoInstant_javaScriptForm_sameAsInstantParse() {
        SplittableRandom random = new SplittableRandom(20261130);
        long latest = IsoInstant.LATEST.toEpochMilli();
        for (int i = 0; i < 100_000; i++) {
            Instant at = Instant.ofEpochMilli(random.nextLong(latest + 1));
            String text = JS_ISO.format(at);
            assertThat(IsoInstant.parse(text)).as(text).isEqualTo(at).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void isoInstantFormat_sameAsTheFormatter_forEveryYearItWrites() {
        SplittableRandom random = new SplittableRandom(30112026);
        long earliest = Instant.parse("0000-01-01T00:00:00Z").toEpochMilli();
        long latest = IsoInstant.LATEST.toEpochMilli();
        for (int i = 0; i < 100_000; i++) {
            Instant at = Instant.ofEpochMilli(earliest + random.nextLong(latest - earliest + 1))
                    .plusNanos(random.nextInt(1_000_000));
            assertThat(IsoInstant.format(at)).isEqualTo(JS_ISO.format(at));
        }
        for (String edge : new String[] {"0000-01-01T00:00:00.000Z", "1969-12-31T23:59:59.999Z",
            "1970-01-01T00:00:00.000Z", "2000-02-29T12:00:00.000Z", "9999-12-31T23:59:59.999Z"}) {
            assertThat(IsoInstant.format(Instant.parse(edge))).isEqualTo(edge);
        }
        assertThat(IsoInstant.format(Instant.parse("+10000-01-01T00:00:00Z"))).isNull();
        assertThat(IsoInstant.format(Instant.parse("-0001-12-31T23:59:59Z"))).isNull();
        assertThat(IsoInstant.format(Instant.MAX)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1970-01-01T00:00:00.000Z", "2000-02-29T23:59:59.999Z", "2024-02-29T12:00:00.000Z",
        "9999-12-31T23:59:59.999Z", "2026-11-30T16:35:50.123Z", "2100-03-01T00:00:00.000Z"})
    void isoInstant_edgesOfTheCalendar_sameAsInstantParse(String text) {
        assertThat(IsoInstant.parse(text)).isEqualTo(Instant.parse(text));
    }

    /** Not the fast form, or not a date: left to Instant.parse, which reads or refuses it. */
    @ParameterizedTest
    @ValueSource(strings = {"2023-02-29T00:00:00.000Z", "2100-02-29T00:00:00.000Z", "2026-13-01T00:00:00.000Z",
        "2026-00-10T00:00:00.000Z", "2026-04-31T00:00:00.000Z", "2026-01-01T24:00:00.000Z",
        "2026-01-01T23:60:00.000Z", "2026-12-31T23:59:60.000Z", "2026-01-01T00:00:00.00Z", "2026-01-01T00:00:00Z",
        "2026-01-01T00:00:00.0000Z", "2026-01-01 00:00:00.000Z", "2026-01-01T00:00:00.000+", "+2026-01-01T00:00:00.00Z",
        "2026-0a-01T00:00:00.000Z", "2026-01-01T00:00:00.-00Z", "２０２６-01-01T00:00:00.000Z"})
    void isoInstant_otherForms_leftToInstantParse(String text) {
        assertThat(IsoInstant.parse(text)).isNull();
        Instant parsed;
        try {
            parsed = Instant.parse(text);
        } catch (DateTimeException e) {
            parsed = null;
        }
        Instant bounded = parsed == null || parsed.isBefore(Instant.EPOCH) || parsed.isAfter(IsoInstant.LATEST)
                ? null : parsed;
        assertThat(IsoInstant.read(text)).isEqualTo(bounded);
    }

    /** Fewer than 24 characters from the index, or an index before the text: no date, and no exception. */
    @Test
    void parseInPlace_boundsChecked() {
        String quoted = "\"2026-11-30T16:35:50.123Z\"";
        assertThat(IsoInstant.parse(quoted, 1)).isEqualTo(Instant.parse("2026-11-30T16:35:50.123Z"));
        assertThat(IsoInstant.parse(quoted, 3)).isNull();
        assertThat(IsoInstant.parse(quoted.substring(0, 24), 1)).isNull();
        assertThat(IsoInstant.parse(quoted, -1)).isNull();
    }

    /** Years the hand-written form leaves out are the formatter's; nanoseconds are cut to milliseconds, as JS has. */
    @Test
    void write_yearsTheHandFormLeavesOut_asTheFormatterWrites() {
        for (String text : new String[] {"+10000-01-01T00:00:00Z", "-0001-12-31T23:59:59Z",
            "-1000000-06-01T00:00:00Z"}) {
            Instant at = Instant.parse(text);
            assertThat(IsoInstant.write(at)).isEqualTo(JS_ISO.format(at));
        }
        assertThat(IsoInstant.write(Instant.parse("2026-11-30T16:35:50.123456Z")))
                .isEqualTo("2026-11-30T16:35:50.123Z");
    }
}
