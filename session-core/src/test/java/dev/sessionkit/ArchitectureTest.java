package dev.sessionkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shape of session-core, checked on its sources and compiled classes: it imports no framework, no class of the
 * request path calls back into one that calls it, and every class stays small enough to read in one sitting.
 * (The build's enforcer rules check the dependencies of the modules; this checks the code.)
 */
class ArchitectureTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/sessionkit");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)", Pattern.MULTILINE);
    private static final List<String> ALLOWED_IMPORTS =
            List.of("java.", "javax.crypto.", "com.fasterxml.jackson.", "org.slf4j.", "dev.sessionkit.");
    private static final int MAX_LINES = 350;
    private static final Pattern NESTED_TYPE = Pattern.compile(
            "^    (?:public |private |protected |static |final |abstract )*(?:class|interface|enum|record) (\\w+)");

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    /** The public types of each package, by audience; everything else in core is package-private. */
    private static final Map<String, Set<String>> PUBLIC_TYPES = Map.of(
            // the application API and the adapter contract
            "dev.sessionkit", Set.of("ConflictPolicy", "CookieOptions", "CookiePriority", "CookieSigner",
                    "FailureResponse", "HttpExchange", "SameSite", "Session", "SessionConfig",
                    "SessionConflictException", "SessionContext", "SessionCookie", "SessionData", "SessionException",
                    "SessionLimitException", "SessionLimitPolicy", "SessionManager", "SessionSummary"),
            // the store SPI
            "dev.sessionkit.store", Set.of("PrincipalIndex", "SessionEnumeration", "SessionRecord", "SessionStore",
                    "SessionStoreException", "StoreFacets"),
            // the listener SPI
            "dev.sessionkit.event", Set.of("SessionEvent", "SessionListener", "StoreCall", "StoreOperation"));
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern PUBLIC_TYPE = Pattern.compile(
            "^public (?:final |abstract |sealed |non-sealed )*(?:class|interface|enum|record|@interface) (\\w+)",
            Pattern.MULTILINE);

    /**
     * Each package has the public types of its audience and no more: a type made public so that another package
     * could reach it fails here, and the implementation stays package-private.
     */
    @Test
    void publicTypes_areExactlyEachAudiencesApi() throws IOException {
        Map<String, Set<String>> found = new TreeMap<>();
        for (Path source : sources()) {
            String text = Files.readString(source);
            Matcher pkg = PACKAGE.matcher(text);
            if (!pkg.find()) {
                continue; // package-info without a package would not compile anyway
            }
            found.computeIfAbsent(pkg.group(1), k -> new TreeSet<>());
            Matcher type = PUBLIC_TYPE.matcher(text);
            if (type.find()) {
                found.get(pkg.group(1)).add(type.group(1));
            }
        }

        assertThat(found).isEqualTo(PUBLIC_TYPES.entrySet().stream().collect(
                java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> new TreeSet<>(e.getValue()))));
    }

    /** The SPI packages stand apart from core's implementation: they name only core's public exception. */
    @Test
    void spiPackages_importFromTheRootPackageOnlyItsException() throws IOException {
        Map<String, List<String>> reaching = new TreeMap<>();
        for (Path source : sources()) {
            String text = Files.readString(source);
            Matcher pkg = PACKAGE.matcher(text);
            if (!pkg.find() || pkg.group(1).equals("dev.sessionkit")) {
                continue;
            }
            Matcher m = IMPORT.matcher(text);
            while (m.find()) {
                String imported = m.group(2);
                if (imported.matches("dev\\.sessionkit\\.[A-Z]\\w*") && !imported.equals("dev.sessionkit.SessionException")) {
                    reaching.computeIfAbsent(source.getFileName().toString(), k -> new ArrayList<>()).add(imported);
                }
            }
        }

        assertThat(sources()).anyMatch(p -> p.toString().contains("/store/"))
                .anyMatch(p -> p.toString().contains("/event/"));
        assertThat(reaching).isEmpty();
    }

    @Test
    void imports_onlyTheJdkJacksonAndSlf4j() throws IOException {
        Map<String, List<String>> foreign = new TreeMap<>();
        for (Path source : sources()) {
            Matcher m = IMPORT.matcher(Files.readString(source));
            while (m.find()) {
                String imported = m.group(2);
                if (ALLOWED_IMPORTS.stream().noneMatch(imported::startsWith)) {
                    foreign.computeIfAbsent(source.getFileName().toString(), k -> new ArrayList<>()).add(imported);
                }
            }
        }

        assertThat(sources()).hasSizeGreaterThan(20);
        assertThat(foreign).as("imports outside " + ALLOWED_IMPORTS).isEmpty();
    }

    /**
     * No class is over 350 lines, Javadoc included; a nested class (such as an options builder) counts apart from its
     * outer class, whose count leaves it out.
     */
    @Test
    void classes_atMost350Lines() throws IOException {
        Map<String, Integer> tooLong = new TreeMap<>();
        for (Path source : sources()) {
            List<String> lines = Files.readAllLines(source);
            String file = source.getFileName().toString().replace(".java", "");
            int nested = 0;
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = NESTED_TYPE.matcher(lines.get(i));
                if (m.find()) {
                    int start = javadocStart(lines, i);
                    int end = closingLine(lines, i);
                    nested += end - start + 1;
                    check(tooLong, file + "." + m.group(1), end - start + 1);
                    i = end;
                }
            }
            check(tooLong, file, lines.size() - nested);
        }

        assertThat(tooLong).as("classes over " + MAX_LINES + " lines").isEmpty();
    }


    private static void check(Map<String, Integer> tooLong, String name, int lines) {
        if (lines > MAX_LINES) {
            tooLong.put(name, lines);
        }
    }

    /** The first line of the Javadoc above a declaration, or the declaration's own line. */
    private static int javadocStart(List<String> lines, int declaration) {
        int i = declaration - 1;
        while (i >= 0 && (lines.get(i).trim().startsWith("*") || lines.get(i).trim().startsWith("/**")
                || lines.get(i).trim().startsWith("@"))) {
            i--;
        }
        return i + 1;
    }

    /** The line holding the brace that closes the type declared on {@code declaration}. */
    private static int closingLine(List<String> lines, int declaration) {
        int depth = 0;
        for (int i = declaration; i < lines.size(); i++) {
            String code = lines.get(i).replaceAll("\"(\\\\.|[^\"\\\\])*\"|'(\\\\.|[^'\\\\])'", "\"\"");
            for (char c : code.toCharArray()) {
                depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            }
            if (depth == 0 && code.contains("}")) {
                return i;
            }
        }
        return lines.size() - 1;
    }

    /**
     * No cycle among core's classes (nested classes count as their outer class), measured on the bytecode with the
     * JDK's {@code jdeps}: a read of the request path (context, signed cookie, store, codec, session, Set-Cookie)
     * never returns to a class it has left. The one cycle allowed is the options builder and its list of options
     * given as strings, which sets the builder it is called from.
     */
    @Test
    void classDependencies_haveNoCycle_butTheBuilderAndItsStringOptions() throws Exception {
        Map<String, Set<String>> graph = dependencies();

        assertThat(graph).containsKeys("SessionContext", "DefaultSession", "SignedCookie", "RecordCodec");
        assertThat(graph.get("DefaultSession")).doesNotContain("SessionContext");
        assertThat(graph.get("EditableCookie")).doesNotContain("DefaultSession");
        assertThat(graph.get("RecordCodec")).doesNotContain("EditableCookie", "DefaultSession");
        assertThat(cycles(graph)).containsExactly(Set.of("PropertyOptions", "SessionConfig"));
    }

    /** Class-level dependencies within the package, from {@code jdeps -verbose:class}. */
    private static Map<String, Set<String>> dependencies() throws URISyntaxException {
        Path classes = Path.of(SessionConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        int status = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:class", "-filter:none",
                classes.toString());
        assertThat(status).as(out.toString()).isZero();
        Pattern edge = Pattern.compile("^\\s+dev\\.sessionkit\\.([\\w$]+)\\s+->\\s+dev\\.sessionkit\\.([\\w$]+)\\s",
                Pattern.MULTILINE);
        Map<String, Set<String>> graph = new TreeMap<>();
        Matcher m = edge.matcher(out.toString());
        while (m.find()) {
            String from = m.group(1).split("\\$")[0];
            String to = m.group(2).split("\\$")[0];
            graph.computeIfAbsent(from, k -> new TreeSet<>());
            graph.computeIfAbsent(to, k -> new TreeSet<>());
            if (!from.equals(to)) {
                graph.get(from).add(to);
            }
        }
        return graph;
    }

    /** The strongly connected components of more than one class (Tarjan). */
    private static List<Set<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        List<Set<String>> found = new ArrayList<>();
        for (String node : graph.keySet()) {
            if (!index.containsKey(node)) {
                connect(node, graph, index, low, stack, found);
            }
        }
        return found;
    }

    private static void connect(String node, Map<String, Set<String>> graph, Map<String, Integer> index,
                                Map<String, Integer> low, Deque<String> stack, List<Set<String>> found) {
        index.put(node, index.size());
        low.put(node, index.get(node));
        stack.push(node);
        for (String next : graph.get(node)) {
            if (!index.containsKey(next)) {
                connect(next, graph, index, low, stack, found);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (stack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            Set<String> component = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                component.add(member);
            } while (!member.equals(node));
            if (component.size() > 1) {
                found.add(component);
            }
        }
    }
}
