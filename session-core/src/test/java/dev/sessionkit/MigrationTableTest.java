package dev.sessionkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkit.store.SessionStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's migration table ("From h3-session or express-session, line by line") has a row for every option and
 * method that h3-session's README names, so that removing a row, or adding an option without one, is noticed.
 */
class MigrationTableTest {

    /** What h3-session 0.6.1's README names: the install, its options, the session object, the store and signing. */
    private static final List<String> H3_SESSION_README = List.of(
            "@scayle/h3-session", "useSession", "UnstorageSessionStore", "ttl", "event.context.sessionId",
            "`store`", "`cookie`", "cookie.domain", "cookie.expires", "cookie.httpOnly", "cookie.maxAge", "cookie.path",
            "cookie.sameSite", "cookie.secure", "`name`", "genid", "generate", "saveUninitialized", "secret",
            "event.context.session`", "session.id", "session.data", "save()", "reload()", "destroy()",
            "regenerate()", "session.cookie.maxAge", "setSessionId", "SessionStore", "event.context.sessionStore",
            "SessionDataT", "s:<id>.<signature>");

    private static List<String> firstColumn() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int heading = readme.indexOf("### From h3-session or express-session, line by line");
        assertThat(heading).as("the migration table's heading").isPositive();
        return readme.substring(heading).lines().dropWhile(line -> !line.startsWith("| h3-session |")).skip(2)
                .takeWhile(line -> line.startsWith("|")).map(line -> line.split(" \\| ")[0]).toList();
    }

    @Test
    void readmeMigrationTable_hasARowForEveryNameInH3SessionsReadme() throws IOException {
        List<String> column = firstColumn();

        assertThat(column).hasSizeGreaterThanOrEqualTo(30);
        for (String name : H3_SESSION_README) {
            assertThat(column).as("a row for h3-session's " + name).anyMatch(cell -> cell.contains(name));
        }
    }

    @Test
    void readmeMigrationTable_everyRowHasFourCells() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        List<String> rows = readme.substring(readme.indexOf("### From h3-session or express-session, line by line"))
                .lines().dropWhile(line -> !line.startsWith("| h3-session |")).takeWhile(line -> line.startsWith("|"))
                .toList();

        for (String row : rows) {
            String unescaped = row.replace("\\|", "");
            assertThat(unescaped.chars().filter(c -> c == '|').count()).as(row).isEqualTo(5);
        }
    }
}
