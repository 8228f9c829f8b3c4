package dev.sessionkit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sessionkit.SessionConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code META-INF/spring-configuration-metadata.json}, which IDEs read to complete and document {@code sessionkit.*}
 * keys, is made from core's option list ({@code SessionConfig.options()}) and the starter's own properties: this test
 * makes it and fails when the committed file differs. Run it with {@code -Dsessionkit.metadata.write=true} to write
 * the file after an option changed.
 */
class ConfigurationMetadataTest {

    private static final Path FILE = Path.of("src/main/resources/META-INF/spring-configuration-metadata.json");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    /** {@code idleTimeout} as Spring Boot writes property names: {@code idle-timeout}. */
    static String kebab(String key) {
        return key.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    static String metadata() throws IOException {
        List<Map<String, Object>> properties = new ArrayList<>();
        List<Map<String, Object>> hints = new ArrayList<>();
        for (SessionKitOptions.StarterProperty property : SessionKitOptions.STARTER_PROPERTIES) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", property.name());
            entry.put("type", property.type() == List.class ? "java.util.List<java.lang.String>"
                    : property.type().getName());
            entry.put("description", property.description());
            entry.put("sourceType", SessionKitAutoConfiguration.class.getName());
            if (property.defaultValue() != null) {
                entry.put("defaultValue", property.defaultValue());
            }
            properties.add(entry);
        }
        for (SessionConfig.Option option : SessionConfig.options()) {
            String name = "sessionkit." + kebab(option.key());
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", name);
            entry.put("type", "java.lang.String");
            entry.put("description", capitalised(plain(option.description())) + ". Values: " + plain(option.values())
                    + ". Default: " + plain(option.defaultValue()) + ".");
            entry.put("sourceType", SessionConfig.class.getName());
            properties.add(entry);
            List<Map<String, Object>> values = new ArrayList<>();
            if (option.values().matches("(`[^`]+`(, )?)+")) { // a closed list of values: offer them
                Matcher m = CODE.matcher(option.values());
                while (m.find()) {
                    values.add(Map.of("value", m.group(1)));
                }
                hints.add(ordered("name", name, "values", values));
            }
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("groups", List.of(ordered("name", "sessionkit", "type", SessionConfig.class.getName(),
                "description", "SessionKit: signed-cookie sessions shared with express-session.")));
        root.put("properties", properties);
        root.put("hints", hints);
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
    }

    /** A map in the order given (Map.of's order changes from one JVM to the next). */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static String plain(String markdown) {
        return markdown.replace("`", "");
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    @Test
    void committedMetadata_isWhatTheOptionListsMake() throws IOException {
        String expected = metadata();
        if (Boolean.getBoolean("sessionkit.metadata.write")) {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, expected, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(FILE, StandardCharsets.UTF_8)).as("%s is stale: run this test with "
                + "-Dsessionkit.metadata.write=true", FILE).isEqualTo(expected);
    }

    private static final Path README = Path.of("README.md");
    private static final String START = "<!-- properties:start -->\n";
    private static final String END = "<!-- properties:end -->";

    /** The README's properties table, from the same lists. */
    static String table() {
        StringBuilder out = new StringBuilder("| property | values | default | what it sets |\n|---|---|---|---|\n");
        for (SessionKitOptions.StarterProperty property : SessionKitOptions.STARTER_PROPERTIES) {
            out.append("| `").append(property.name()).append("` | ").append(property.type() == Boolean.class
                    ? "`true`, `false`" : property.type() == List.class ? "comma-separated" : "a string")
                    .append(" | ").append(property.defaultValue() == null ? "none" : "`" + property.defaultValue()
                            + "`").append(" | ").append(property.description()).append(" |\n");
        }
        for (SessionConfig.Option option : SessionConfig.options()) {
            out.append("| `sessionkit.").append(kebab(option.key())).append("` | ").append(option.values())
                    .append(" | ").append(option.defaultValue()).append(" | ").append(option.description())
                    .append(" |\n");
        }
        return out.toString();
    }

    @Test
    void readmeTable_isWhatTheOptionListsMake() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        int start = readme.indexOf(START) + START.length();
        int end = readme.indexOf(END);
        String expected = readme.substring(0, start) + table() + readme.substring(end);
        if (Boolean.getBoolean("sessionkit.metadata.write")) {
            Files.writeString(README, expected, StandardCharsets.UTF_8);
        }
        assertThat(readme).as("the table in %s is stale: run this test with -Dsessionkit.metadata.write=true", README)
                .isEqualTo(expected);
    }

    @Test
    void everyKeyOfBothLists_isInTheMetadata_inSpringBootsForm() throws IOException {
        String metadata = Files.readString(FILE, StandardCharsets.UTF_8);

        assertThat(SessionConfig.options()).isNotEmpty().allSatisfy(option ->
                assertThat(metadata).contains("\"name\" : \"sessionkit." + kebab(option.key()) + "\""));
        assertThat(metadata).contains("\"name\" : \"sessionkit.idle-timeout\"")
                .contains("\"name\" : \"sessionkit.cookie.max-age\"").contains("\"name\" : \"sessionkit.redis.url\"");
        assertThat(SessionKitOptions.squeeze("cookie.max-age")).isEqualTo(SessionKitOptions.squeeze("cookie.maxAge"));
    }
}
