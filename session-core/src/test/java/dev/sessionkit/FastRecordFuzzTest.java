package dev.sessionkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;

/**
 * Any string as a record: whatever {@link FastRecordReader} reads, Jackson (through {@link RecordReader}) reads the
 * same, to the type of every number and the order of every key; and what Jackson refuses, the fast reader never
 * reads.
 */
class FastRecordFuzzTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final RecordReader<SessionData> JACKSON =
            new RecordReader<>(MAPPER, MAPPER.constructType(SessionData.class));

    @FuzzTest
    void sameAsJackson(FuzzedDataProvider data) {
        check(new String(data.consumeRemainingAsBytes(), StandardCharsets.UTF_8));
    }

    /** The fast reader's outcome for {@code json} against Jackson's; returns the fast one. */
    static DecodedRecord<SessionData> check(String json) {
        DecodedRecord<SessionData> fast = FastRecordReader.read(json);
        DecodedRecord<SessionData> jackson;
        try {
            jackson = JACKSON.decode(json);
        } catch (RecordReader.UnreadableRecordException e) {
            jackson = null;
        }
        if (fast != null) {
            assertThat(jackson).as("read by the fast reader, refused by Jackson").isNotNull();
            assertThat(fast.data().asMap()).isEqualTo(jackson.data().asMap());
            // Map equality ignores order and number types are told apart by equals; toString shows both orders.
            assertThat(String.valueOf(fast.data().asMap())).isEqualTo(String.valueOf(jackson.data().asMap()));
            assertThat(types(fast.data().asMap())).isEqualTo(types(jackson.data().asMap()));
            assertThat(fast.lifetime()).isEqualTo(jackson.lifetime());
            assertThat(fast.meta()).isEqualTo(jackson.meta());
            assertThat(fast.json()).isSameAs(json);
        }
        return fast;
    }

    /** Every value's class, nested as the value is. */
    private static Object types(Object value) {
        if (value instanceof java.util.Map<?, ?> map) {
            java.util.Map<Object, Object> types = new java.util.LinkedHashMap<>();
            map.forEach((k, v) -> types.put(k, types(v)));
            return types;
        }
        if (value instanceof java.util.List<?> list) {
            return list.stream().map(FastRecordFuzzTest::types).toList();
        }
        return value == null ? "null" : value.getClass().getName();
    }
}
