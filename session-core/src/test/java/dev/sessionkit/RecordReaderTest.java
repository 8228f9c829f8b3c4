package dev.sessionkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionkit.RecordReader.UnreadableRecordException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one-pass record reader: what it must read exactly as a tree of the record would. */
class RecordReaderTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final RecordReader<SessionData> reader = new RecordReader<>(mapper, mapper.constructType(SessionData.class));

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1} {\"b\":2}", "{\"a\":1} x", "{\"a\":1}]", "{\"a\":1"})
    void decode_moreAfterTheObjectOrTruncated_isUnreadable(String json) {
        assertThatThrownBy(() -> reader.decode(json)).isInstanceOf(UnreadableRecordException.class);
    }

    /** As JavaScript's JSON.parse (and a tree of the record): the last of a key counts, at the first one's place. */
    @Test
    void decode_duplicateKeys_lastWins() throws Exception {
        DecodedRecord<SessionData> decoded = reader.decode("{\"cookie\":{\"originalMaxAge\":5000},"
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

        DecodedRecord<SessionData> decoded = reader.decode(record);

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
