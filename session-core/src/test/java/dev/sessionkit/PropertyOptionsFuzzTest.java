package dev.sessionkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Any options as strings (web.xml, {@code application.yml}): a configuration, or an {@link IllegalArgumentException}
 * (or {@link IllegalStateException} for what is missing) with a message; never another exception, and never the
 * secret in the message. To tell the secret from a message's own words, every secret starts with {@value #MARK},
 * which no other option and no message contains.
 */
class PropertyOptionsFuzzTest {

    private static final String MARK = "\u2603";
    private static final String[] KEYS = PropertyOptions.ALL.stream().map(PropertyOptions.Option::key)
            .toArray(String[]::new);

    @FuzzTest
    void properties(FuzzedDataProvider data) {
        boolean marked = data.consumeBoolean(); // unmarked, the secret may use env:NAME, and is not looked for
        String secret = data.consumeString(64);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("secret", marked ? mark(secret) : secret);
        int count = data.consumeInt(0, 8);
        for (int i = 0; i < count; i++) {
            String key = data.consumeBoolean() ? data.pickValue(KEYS) : data.consumeString(24);
            if (data.consumeBoolean()) {
                key = key.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT); // kebab case
            }
            properties.putIfAbsent(key.replace(MARK, ""), data.consumeString(48).replace(MARK, ""));
        }

        try {
            SessionConfig<SessionData> config = SessionConfig.builder().store(new FakeStore(new TestClock()))
                    .properties(properties).build();
            assertThat(config).isNotNull();
        } catch (IllegalArgumentException | IllegalStateException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            if (marked) {
                assertThat(refused.getMessage()).as("a secret in an error message").doesNotContain(MARK);
            }
        }
    }

    /** Marks each comma-separated secret (a blank one stays blank, as the parser's checks need). */
    private static String mark(String secrets) {
        StringBuilder out = new StringBuilder();
        for (String item : secrets.split(",", -1)) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(item.isBlank() ? item : MARK + item);
        }
        return out.toString();
    }
}
