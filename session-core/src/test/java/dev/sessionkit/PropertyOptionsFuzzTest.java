package dev.sessionkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Any options as strings (web.xml, {@code application.yml}): a configuration, or an {@link IllegalArgumentException}
 * whose message names the key and never contains a secret; never another exception.
 */
class PropertyOptionsFuzzTest {

    private static final String[] KEYS = PropertyOptions.ALL.stream().map(PropertyOptions.Option::key)
            .toArray(String[]::new);

    @FuzzTest
    void properties(FuzzedDataProvider data) {
        Map<String, String> properties = new LinkedHashMap<>();
        String secret = data.consumeString(64);
        properties.put("secret", secret);
        int count = data.consumeInt(0, 8);
        for (int i = 0; i < count; i++) {
            String key = data.consumeBoolean() ? data.pickValue(KEYS) : data.consumeString(24);
            if (data.consumeBoolean()) {
                key = key.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT); // kebab case
            }
            properties.put(key, data.consumeString(48));
        }

        try {
            SessionConfig<SessionData> config = SessionConfig.builder().store(new FakeStore(new TestClock()))
                    .properties(properties).build();
            assertThat(config).isNotNull();
        } catch (IllegalArgumentException | IllegalStateException refused) {
            String message = refused.getMessage();
            assertThat(message).isNotBlank();
            boolean namesVariables = secret.contains("env:"); // a message may show a variable's name
            for (String item : secret.split(",", -1)) {
                String one = item.strip();
                if (namesVariables) {
                    break;
                }
                boolean elsewhere = properties.entrySet().stream()
                        .anyMatch(p -> !p.getKey().equals("secret") && (p.getKey() + p.getValue()).contains(one));
                if (one.length() >= 12 && !elsewhere) {
                    assertThat(message).as("a secret in an error message").doesNotContain(one);
                }
            }
        }
    }
}
