package dev.sessionkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast reader reads what the writers write, as Jackson does, and leaves anything else to Jackson. */
class FastRecordReaderTest {

    /** Records SessionKit, express-session and h3-session write: read fast, and as Jackson reads them. */
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"cookie\":{\"originalMaxAge\":86400000,\"expires\":\"2030-01-02T03:04:05.678Z\",\"secure\":true,"
            + "\"httpOnly\":true,\"path\":\"/\",\"sameSite\":\"lax\"},\"__sessionkit\":{\"created\":"
            + "\"2026-11-30T10:00:00.000Z\",\"principal\":\"alice\",\"label\":\"Firefox on Linux\"},\"user\":\"alice\","
            + "\"views\":3,\"big\":12345678901,\"huge\":123456789012345678901234567890,\"ratio\":0.25,"
            + "\"exp\":1e3,\"neg\":-0,\"t\":true,\"f\":false,\"z\":null,\"list\":[1,\"two\",[3],{\"four\":4}],"
            + "\"esc\":\"a\\\"b\\\\c\\/d\\n\\u00e9\\uD83D\\uDE00\",\"unicode\":\"h\u00e9llo \u4e16\u754c\"}",
        "{\"cookie\":{\"originalMaxAge\":null,\"expires\":null,\"secure\":false,\"httpOnly\":true,\"path\":\"/\"},"
            + "\"views\":1}",
        "{\"views\":7,\"name\":\"h3\"}",
        " { \"cookie\" : null , \"a\" : [ ] , \"b\" : { } } \n",
        "{}"})
    void writersRecords_readFast_sameAsJackson(String json) {
        assertThat(FastRecordFuzzTest.check(json)).as("read by the fast reader").isNotNull();
    }

    /** Not an ordinary record: the fast reader gives up, Jackson decides (and may still read it). */
    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{\"a\":1,}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":1e400}",
        "{\"a\":\"\u0001\"}", "{\"a\\u0062\":1}", "{\"a\":tru}", "{\"a\":1} x", "{\"a\":1}{}", "{'a':1}",
        "{\"a\":NaN}", "{\"a\":\"\\x\"}", "{\"cookie\":{\"expires\":\"2030-01-02T03:04:05Z\"}}",
        "{\"cookie\":{\"originalMaxAge\":999}}", "{\"__sessionkit\":{\"principal\":\"x\"}}",
        "{\"__sessionkit\":{\"created\":\"2026-11-30T10:00:00.000Z\",\"principal\":null}}",
        "{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
            + "]]]]]]]]]]]]]]]]]]]]]]]]]]]]}"})
    void unusualRecords_leftToJackson(String json) {
        assertThat(FastRecordFuzzTest.check(json)).isNull();
    }

    /** A mapper changed after the configuration was built: its settings count, so Jackson reads every record. */
    @Test
    void builderMapperReconfigured_jacksonReadsAgain() {
        SessionConfig<SessionData> config = SessionConfig.builder()
                .store(new FakeStore(java.time.Clock.systemUTC()))
                .secret("a secret of at least thirty-two characters").build();
        RecordCodec<SessionData> codec = SessionRuntime.of(config).codec();
        assertThat(codec.read(Optional.of("{\"f\":1.5}")).data().get("f")).isEqualTo(1.5);

        config.objectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

        assertThat(codec.read(Optional.of("{\"f\":1.5}")).data().get("f")).isEqualTo(new BigDecimal("1.5"));
    }

    /**
     * Every prefix of a writer's record ends the text at a new place: the reader gives up there (Jackson refuses it
     * too), and no read goes past the end.
     */
    @Test
    void truncatedAnywhere_givesUpWithoutAnException() {
        String json = "{\"cookie\":{\"originalMaxAge\":86400000,\"expires\":\"2030-01-02T03:04:05.678Z\",\"secure\":true},"
                + "\"__sessionkit\":{\"created\":\"2026-11-30T10:00:00.000Z\",\"principal\":\"alice\"},\"s\":\"a\\u00e9\\n\","
                + "\"n\":-12.5e3,\"t\":true,\"f\":false,\"z\":null,\"l\":[1,{\"k\":[]}]}";
        assertThat(FastRecordFuzzTest.check(json)).as("the whole record").isNotNull();
        for (int length = 0; length < json.length(); length++) {
            assertThat(FastRecordFuzzTest.check(json.substring(0, length))).as("%d characters", length).isNull();
        }
    }
}
