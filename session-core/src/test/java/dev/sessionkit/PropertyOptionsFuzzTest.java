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

        String message = build(properties);
        if (message == null || secret.contains("env:")) {
            return; // built; or names a variable, whose name a message may show
        }
        assertThat(message).isNotBlank();
        for (String item : secret.split(",", -1)) {
            String one = item.strip();
            if (one.length() >= 12 && message.contains(one)) {
                // The same options with this secret replaced: if the message still contains it, it is the
                // message's own wording (a secret such as "allowShortSecrets"), not the secret.
                Map<String, String> other = new LinkedHashMap<>(properties);
                other.put("secret", secret.replace(one, "#".repeat(one.length())));
                assertThat(build(other)).as("a secret in an error message: " + message).contains(one);
            }
        }
    }

    /** Builds a configuration; returns the message of the refusal, or {@code null} when it built. */
    private static String build(Map<String, String> properties) {
        try {
            SessionConfig<SessionData> config = SessionConfig.builder().store(new FakeStore(new TestClock()))
                    .properties(properties).build();
            assertThat(config).isNotNull();
            return null;
        } catch (IllegalArgumentException | IllegalStateException refused) {
            return String.valueOf(refused.getMessage());
        }
    }
}
