package dev.sessionkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The documents and what they cite: no text file of the repository names a document or links to a file or heading
 * that the repository does not have ({@link DocReferences}), and the documents that name tests name tests that exist,
 * so a rename cannot leave a claim without proof.
 */
class DocsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static final Path DOCS = Path.of("..", "docs");
    /** A link to a test's source, its text the class name, then the method in backticks: a proof in the tables. */
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

    // ---- references to documents ------------------------------------------------------------------------------

    @Test
    void repository_everyDocumentATextFileCites_exists() {
        List<String> files = DocReferences.repositoryFiles(ROOT);
        Function<String, String> read = path -> read(ROOT.resolve(path));
        DocReferences references = new DocReferences(files, read);
        List<DocReferences.Dangling> dangling = new ArrayList<>();
        int checked = 0;
        for (String path : files) {
            if (DocReferences.isText(path, read)) {
                dangling.addAll(references.check(path, read.apply(path)));
                checked++;
            }
        }

        assertThat(files).as("the repository's files, found from " + ROOT).contains("README.md", "pom.xml");
        assertThat(checked).as("text files checked").isGreaterThan(200);
        assertThat(dangling).as("references to documents, files or headings the repository does not have")
                .isEmpty();
    }

    /** A file as UTF-8 text; a file that is not UTF-8 reads as empty (it cites nothing a reader could follow). */
    private static String read(Path file) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The checker on a repository of three files, so that the tests below say what it refuses and what it lets by. */
    private static DocReferences checker() {
        Map<String, String> repository = Map.of(
                "README.md", "# Title\n\n## Getting started\n",
                "docs/" + md("GUIDE"), "# Guide\n\n```\n# not a heading\n```\n## Step one\n",
                "core/src/Main.java", "class Main {}\n");
        return new DocReferences(repository.keySet(), repository::get);
    }

    // This file is checked too: the references below are built from parts, so that it cites nothing itself.

    /** A Markdown file name. */
    private static String md(String name) {
        return name + '.' + "md";
    }

    /** A Markdown link. */
    private static String link(String text, String target) {
        return '[' + text + ']' + '(' + target + ')';
    }

    /** A link as a dangling reference quotes it: without its closing parenthesis. */
    private static String opening(String link) {
        return link.substring(0, link.length() - 1);
    }

    @Test
    void check_linkToFileThatDoesNotExist_isDangling() {
        String text = "See " + link("the spec", md("SPEC")) + " and " + link("code", "../core/src/Gone.java") + ".\n";

        List<DocReferences.Dangling> dangling = checker().check("docs/" + md("GUIDE"), text);

        assertThat(dangling).extracting(DocReferences.Dangling::reference)
                .containsExactly(opening(link("the spec", md("SPEC"))), opening(link("code", "../core/src/Gone.java")));
        assertThat(dangling).allSatisfy(d -> assertThat(d.line()).isEqualTo(1));
    }

    @Test
    void check_markdownNameFoundNowhere_isDangling() {
        String text = "class A {}\n// the rules are in " + md("HOUSE_RULES") + ", section 2\n";

        List<DocReferences.Dangling> dangling = checker().check("core/src/A.java", text);

        assertThat(dangling).singleElement().satisfies(d -> {
            assertThat(d.reference()).isEqualTo(md("HOUSE_RULES"));
            assertThat(d.line()).isEqualTo(2);
        });
    }

    @Test
    void check_pathToExistingNameInAnotherFolder_isDangling() {
        String text = "as ../elsewhere/reference/" + md("GUIDE") + " says\n";

        assertThat(checker().check("core/src/Main.java", text)).extracting(DocReferences.Dangling::reference)
                .containsExactly("../elsewhere/reference/" + md("GUIDE"));
    }

    @Test
    void check_anchorThatNoHeadingHas_isDangling() {
        String text = link("a", ".." + "/README.md#installing") + link("b", "#step-two") + link("c", "#not-a-heading");

        assertThat(checker().check("docs/" + md("GUIDE"), text)).extracting(DocReferences.Dangling::reference)
                .containsExactly(opening(link("a", ".." + "/README.md#installing")), opening(link("b", "#step-two")),
                        opening(link("c", "#not-a-heading")));
    }

    @Test
    void check_existingTargetsUrlsAndFilesMadeAtRunTime_nothingDangling() {
        String text = link("readme", ".." + "/README.md#getting-started") + link("one", "#step-one")
                + link("src", "../core/src") + link("top", "/README.md") + "\n"
                + "docs/" + md("GUIDE") + " and " + md("GUIDE") + " and README.md, "
                + link("npm", "https://example.com/x/" + md("NOPE")) + " https://example.com/" + md("NOPE") + "\n"
                + "tee \"$OUT/" + md("table") + "\"; table=\"$OUT/$" + md("variant") + "\"\n";

        assertThat(checker().check("docs/" + md("GUIDE"), text)).isEmpty();
    }

    @Test
    void slug_headingWithPunctuationAndCode_isGithubsAnchor() {
        assertThat(DocReferences.slug("Lifetimes and a user's sessions")).isEqualTo("lifetimes-and-a-users-sessions");
        assertThat(DocReferences.slug("Under attack and failure (issue 14)")).isEqualTo(
                "under-attack-and-failure-issue-14");
        assertThat(DocReferences.slug("The `__sessionkit` key")).isEqualTo("the-__sessionkit-key");
        assertThat(DocReferences.anchors("# A\n## A\n")).containsExactlyInAnyOrder("a", "a-1");
    }
}
