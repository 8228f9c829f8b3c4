package dev.sessionkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionDataTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void getLong_integerLongAndWholeDouble_converted() {
        SessionData data = new SessionData().put("i", 3).put("l", 5_000_000_000L).put("d", 7.0);

        assertThat(data.getLong("i")).hasValue(3);
        assertThat(data.getLong("l")).hasValue(5_000_000_000L);
        assertThat(data.getLong("d")).hasValue(7);
    }

    @Test
    void getLong_fractionalDouble_empty() {
        SessionData data = new SessionData().put("d", 1.5);

        assertThat(data.getLong("d")).isEmpty();
    }

    @Test
    void getLong_string_empty() {
        SessionData data = new SessionData().put("s", "x");

        assertThat(data.getLong("s")).isEmpty();
    }

    @Test
    void getLong_hugeOrBigNumbers_emptyUnlessTheyFit() throws Exception {
        SessionData data = new com.fasterxml.jackson.databind.ObjectMapper().readValue(
                "{\"big\":123456789012345678901234567890,\"fits\":12345678901234,\"huge\":1e300}",
                SessionData.class);

        assertThat(data.getLong("big")).isEmpty();
        assertThat(data.getLong("fits")).hasValue(12_345_678_901_234L);
        assertThat(data.getLong("huge")).isEmpty();
        assertThat(data.getDouble("huge")).hasValue(1e300);
    }

    @Test
    void typedGetters_foreignValuesFromAnotherService_emptyNeverAnException() throws Exception {
        // What a Node service may store where this application expects a string, a number or a flag.
        SessionData data = new com.fasterxml.jackson.databind.ObjectMapper().readValue(
                "{\"user\":[\"a\",\"b\"],\"views\":{\"n\":1},\"admin\":\"yes\",\"ratio\":[1]}", SessionData.class);

        assertThat(data.getString("user")).isEmpty();
        assertThat(data.getLong("views")).isEmpty();
        assertThat(data.getBoolean("admin")).isEmpty();
        assertThat(data.getDouble("ratio")).isEmpty();
        assertThat(data.get("user")).isEqualTo(java.util.List.of("a", "b"));
    }

    @Test
    void typedGetters_absentOrNull_empty() {
        SessionData data = new SessionData().put("n", null);

        assertThat(data.getLong("n")).isEmpty();
        assertThat(data.getLong("missing")).isEmpty();
        assertThat(data.getString("n")).isEmpty();
        assertThat(data.getBoolean("missing")).isEmpty();
        assertThat(data.getDouble("missing")).isEmpty();
        assertThat(data.containsKey("n")).isTrue();
        assertThat(data.containsKey("missing")).isFalse();
    }

    @Test
    void getString_string_returned() {
        assertThat(new SessionData().put("s", "v").getString("s")).contains("v");
    }

    @Test
    void getString_number_empty() {
        SessionData data = new SessionData().put("n", 1);

        assertThat(data.getString("n")).isEmpty();
    }

    @Test
    void getBoolean_boolean_returned() {
        assertThat(new SessionData().put("b", true).getBoolean("b")).contains(true);
    }

    @Test
    void getBoolean_string_empty() {
        SessionData data = new SessionData().put("b", "true");

        assertThat(data.getBoolean("b")).isEmpty();
    }

    @Test
    void getDouble_anyNumber_converted() {
        SessionData data = new SessionData().put("i", 2).put("l", 3L).put("d", 1.5);

        assertThat(data.getDouble("i")).hasValue(2.0);
        assertThat(data.getDouble("l")).hasValue(3.0);
        assertThat(data.getDouble("d")).hasValue(1.5);
    }

    @Test
    void getDouble_string_empty() {
        SessionData data = new SessionData().put("s", "1.5");

        assertThat(data.getDouble("s")).isEmpty();
    }

    @Test
    void put_cookieKey_throwsIllegalArgument() {
        SessionData data = new SessionData();

        assertThatThrownBy(() -> data.put("cookie", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cookie");
        assertThat(data.isEmpty()).isTrue();
    }

    @Test
    void put_nullKey_throwsNullPointerNamingKey() {
        assertThatThrownBy(() -> new SessionData().put(null, 1))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("key");
    }

    @Test
    void keys_severalPuts_insertionOrder() {
        SessionData data = new SessionData().put("zeta", 1).put("alpha", 2).put("mid", 3).put("zeta", 4);

        assertThat(data.keys()).containsExactly("zeta", "alpha", "mid");
        assertThat(data.get("zeta")).isEqualTo(4);
        assertThat(data.size()).isEqualTo(3);
    }

    @Test
    void removeAndClear_removeKeys() {
        SessionData data = new SessionData().put("a", 1).put("b", 2);

        assertThat(data.remove("a")).isEqualTo(1);
        assertThat(data.keys()).containsExactly("b");
        data.clear();
        assertThat(data.isEmpty()).isTrue();
    }

    @Test
    void views_modification_refused() {
        SessionData data = new SessionData().put("a", 1);

        assertThatThrownBy(() -> data.keys().remove("a")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> data.asMap().put("cookie", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void jackson_roundTrip_keepsOrderAndTypes() throws Exception {
        SessionData data = new SessionData()
                .put("zeta", "z")
                .put("int", 42)
                .put("long", 5_000_000_000L)
                .put("double", 1.5)
                .put("bool", false)
                .put("nothing", null)
                .put("list", List.of(1, "two"))
                .put("map", Map.of("k", "v"))
                .put("alpha", "h\u00e9llo \uD83D\uDE00");

        String json = mapper.writeValueAsString(data);
        SessionData back = mapper.readValue(json, SessionData.class);

        assertThat(json).startsWith("{\"zeta\":\"z\",\"int\":42,\"long\":5000000000,\"double\":1.5,\"bool\":false,"
                + "\"nothing\":null,");
        assertThat(back).isEqualTo(data);
        assertThat(back.keys()).containsExactly("zeta", "int", "long", "double", "bool", "nothing", "list", "map",
                "alpha");
        assertThat(back.get("int")).isInstanceOf(Integer.class);
        assertThat(back.get("long")).isInstanceOf(Long.class);
        assertThat(back.get("double")).isInstanceOf(Double.class);
        assertThat(back.get("bool")).isInstanceOf(Boolean.class);
        assertThat(back.get("list")).isEqualTo(List.of(1, "two"));
        assertThat(back.get("map")).isEqualTo(Map.of("k", "v"));
        assertThat(back.getString("alpha")).contains("h\u00e9llo \uD83D\uDE00");
    }

    @Test
    void jackson_emptyData_emptyObject() throws Exception {
        assertThat(mapper.writeValueAsString(new SessionData())).isEqualTo("{}");
        assertThat(mapper.readValue("{}", SessionData.class).isEmpty()).isTrue();
    }

    @Test
    void equals_sameEntries_equalWithSameHashCode() {
        SessionData a = new SessionData().put("x", 1);
        SessionData b = new SessionData().put("x", 1);

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(new SessionData().put("x", 2));
    }

    @Test
    void toString_values_showsKeysOnly() {
        SessionData data = new SessionData().put("user", "alice-secret-value").put("token", "tok-123");

        assertThat(data.toString()).contains("user").contains("token")
                .doesNotContain("alice-secret-value").doesNotContain("tok-123");
    }
}
