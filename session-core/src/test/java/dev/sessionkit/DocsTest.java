package dev.sessionkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The documents that name tests: each test they name exists, so a rename cannot leave a claim without proof. */
class DocsTest {

    private static final Path DOCS = Path.of("..", "docs");
    /** {@code [Name](../path/To.java) `method`}, as the tables write a proof. */
    private static final Pattern PROOF = Pattern.compile("\\[(\\w+)]\\(\\.\\./([^)]+\\.java)\\) `(\\w+)`");
    /** Every requirement of OWASP ASVS 4.0.3, chapter V3. */
    private static final List<String> ASVS_V3 = List.of("3.1.1", "3.2.1", "3.2.2", "3.2.3", "3.2.4", "3.3.1", "3.3.2",
            "3.3.3", "3.3.4", "3.4.1", "3.4.2", "3.4.3", "3.4.4", "3.4.5", "3.5.1", "3.5.2", "3.5.3", "3.6.1", "3.6.2",
            "3.7.1");

    @Test
    void securityMd_hasARowForEveryAsvsV3Requirement_eachWithAStatus() throws IOException {
        List<String> rows = Files.readAllLines(DOCS.resolve("SECURITY.md")).stream()
                .filter(line -> line.matches("\\| 3\\.\\d\\.\\d \\|.*")).toList();

        assertThat(rows).extracting(row -> row.split("\\|")[1].trim()).containsExactlyElementsOf(ASVS_V3);
        for (String row : rows) {
            String status = row.split("\\|")[3].trim();
            assertThat(status).as(row).matches("(Met|Met by the application|Partly met|Not yet|Not applicable)[:,].*");
            boolean proved = PROOF.matcher(row).find();
            assertThat(proved || status.startsWith("Not applicable")).as("a test, or why none applies: " + row)
                    .isTrue();
        }
    }

    @Test
    void securityMd_everyTestItNames_exists() throws IOException {
        List<String> missing = new ArrayList<>();
        Matcher proof = PROOF.matcher(Files.readString(DOCS.resolve("SECURITY.md")));
        int found = 0;
        while (proof.find()) {
            found++;
            Path file = DOCS.resolve("..").resolve(proof.group(2)).normalize();
            boolean exists = Files.isRegularFile(file) && file.getFileName().toString().equals(proof.group(1) + ".java")
                    && Pattern.compile("\\b" + proof.group(3) + "\\(").matcher(Files.readString(file)).find();
            if (!exists) {
                missing.add(proof.group(1) + "#" + proof.group(3));
            }
        }

        assertThat(found).isGreaterThanOrEqualTo(15);
        assertThat(missing).as("tests named in docs/SECURITY.md that do not exist").isEmpty();
    }
}
