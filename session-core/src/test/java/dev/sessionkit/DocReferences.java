package dev.sessionkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the references to documents in a repository's text files that lead nowhere: a relative Markdown link (to a
 * path, or a path and an anchor) whose file, folder or heading does not exist, and a mention of a Markdown file by
 * name, or by a path that ends in one, that no file of the repository answers. Links with a scheme ({@code https:},
 * {@code mailto:}) and names inside a URL are not checked, nor names a script builds at run time (a path that starts
 * with a shell variable). Not thread-safe.
 */
final class DocReferences {

    /** A reference that leads nowhere: where it is, what it says, and why it does not resolve. */
    record Dangling(String file, int line, String reference, String why) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + reference + " (" + why + ")";
        }
    }

    /** What counts as a text file to check, by extension; files without one count when they start with "#!". */
    private static final Set<String> TEXT = Set.of("md", "java", "xml", "properties", "yml", "yaml", "sh", "js", "mjs",
            "json", "lua", "txt", "cmd", "config", "gitignore", "toml", "html", "css", "sql", "kts");
    /**
     * A Markdown link, up to its target: the target has none of the characters a regular expression in code would
     * put there ({@code [a-z]([a-z0-9-]*)} is not a link), and ends the link, alone or before a title.
     */
    private static final Pattern LINK =
            Pattern.compile("\\[[^\\]\\n]*]\\(\\s*<?([^()\\s<>\\[\\]{}\\\\*^$|\"'`]+)>?(?=\\s*\\)|\\s+\"[^\"]*\"\\s*\\))");
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
    private static final Pattern URL = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://\\S+");
    /** A Markdown file name with the path characters written before it (folders, a shell variable). */
    private static final Pattern MENTION = Pattern.compile("[\\w./${}~-]*?([\\w-]+\\.md)\\b(?![\\w-])");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~)");

    private final Set<String> files = new HashSet<>();
    private final Set<String> folders = new HashSet<>();
    private final Set<String> names = new HashSet<>();
    private final Function<String, String> reader;
    private final Map<String, Set<String>> anchors = new HashMap<>();

    /**
     * @param paths the repository's files, relative to its root, with {@code /} between folders
     * @param reader the text of a file by its path, for the headings a link's anchor must name
     */
    DocReferences(Collection<String> paths, Function<String, String> reader) {
        this.reader = reader;
        for (String path : paths) {
            files.add(path);
            names.add(path.substring(path.lastIndexOf('/') + 1));
            for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
                folders.add(path.substring(0, slash));
            }
        }
        folders.add("");
    }

    /** Whether a file is one whose references are checked: text by its extension, not a fuzzer's input. */
    static boolean isText(String path, Function<String, String> reader) {
        if (path.matches(".*/src/test/resources/.*Inputs/.*")) {
            return false; // fuzz corpora: data, not documents
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        if (dot >= 0) {
            return TEXT.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
        }
        return reader.apply(path).startsWith("#!");
    }

    /** Returns the references in {@code text}, the content of {@code path}, that lead nowhere. */
    List<Dangling> check(String path, String text) {
        List<Dangling> dangling = new ArrayList<>();
        String folder = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
        Matcher link = LINK.matcher(text);
        List<int[]> links = new ArrayList<>();
        while (link.find()) {
            links.add(new int[] {link.start(), link.end()});
            String target = link.group(1);
            if (SCHEME.matcher(target).find()) {
                continue;
            }
            String why = linkProblem(path, folder, target);
            if (why != null) {
                dangling.add(new Dangling(path, line(text, link.start()), link.group(), why));
            }
        }
        String withoutUrls = blankUrls(text);
        Matcher mention = MENTION.matcher(withoutUrls);
        while (mention.find()) {
            String written = mention.group();
            if (written.contains("$")) {
                continue; // a file a script makes at run time
            }
            int at = mention.start();
            if (links.stream().anyMatch(span -> span[0] <= at && at < span[1])) {
                continue; // the link's target, checked above
            }
            String why = mentionProblem(folder, written, mention.group(1));
            if (why != null) {
                dangling.add(new Dangling(path, line(text, mention.start()), written, why));
            }
        }
        return dangling;
    }

    private String linkProblem(String path, String folder, String target) {
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        int query = file.indexOf('?');
        file = query < 0 ? file : file.substring(0, query);
        String resolved = file.isEmpty() ? path : resolve(file.startsWith("/") ? "" : folder, file);
        if (resolved == null || !files.contains(resolved) && !folders.contains(resolved)) {
            return "no such file or folder in the repository";
        }
        if (hash >= 0 && resolved.endsWith(".md") && files.contains(resolved)) {
            String anchor = target.substring(hash + 1);
            if (!anchorsOf(resolved).contains(anchor)) {
                return "no heading '" + anchor + "' in " + resolved;
            }
        }
        return null;
    }

    private String mentionProblem(String folder, String written, String name) {
        if (!names.contains(name)) {
            return "no file of that name in the repository";
        }
        if (written.contains("/")) {
            String fromFolder = resolve(folder, written);
            String fromRoot = resolve("", written);
            if (!files.contains(fromFolder) && !files.contains(fromRoot)) {
                return "no such path from the file's folder or the repository's root";
            }
        }
        return null;
    }

    /** {@code relative} resolved against {@code folder}, or {@code null} when it climbs out of the repository. */
    private static String resolve(String folder, String relative) {
        List<String> parts = new ArrayList<>();
        if (!folder.isEmpty()) {
            parts.addAll(List.of(folder.split("/")));
        }
        for (String part : relative.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.remove(parts.size() - 1);
            } else {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    /** The anchors GitHub gives the headings of a Markdown file. */
    private Set<String> anchorsOf(String path) {
        return anchors.computeIfAbsent(path, p -> anchors(reader.apply(p)));
    }

    static Set<String> anchors(String markdown) {
        Set<String> found = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (String line : markdown.split("\n", -1)) {
            if (FENCE.matcher(line).find()) {
                fenced = !fenced;
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (fenced || !heading.matches()) {
                continue;
            }
            String slug = slug(heading.group(2));
            int count = seen.merge(slug, 1, Integer::sum);
            found.add(count == 1 ? slug : slug + "-" + (count - 1));
        }
        return found;
    }

    /** GitHub's anchor for a heading: the text as rendered, lower case, punctuation dropped, spaces as hyphens. */
    static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1") // a link: its text
                .replaceAll("<[^>]+>", "") // inline HTML
                .toLowerCase(Locale.ROOT);
        StringBuilder slug = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (c == ' ') {
                slug.append('-');
            } else if (Character.isLetterOrDigit(c) || c == '-' || c == '_'
                    || Character.getType(c) == Character.NON_SPACING_MARK) {
                slug.appendCodePoint(c);
            }
        });
        return slug.toString();
    }

    private static String blankUrls(String text) {
        Matcher url = URL.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        while (url.find()) {
            out.append(text, last, url.start()).append(" ".repeat(url.end() - url.start()));
            last = url.end();
        }
        return out.append(text, last, text.length()).toString();
    }

    private static int line(String text, int offset) {
        int line = 1;
        for (int i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
            line++;
        }
        return line;
    }

    // ---- the repository ---------------------------------------------------------------------------------------------

    /**
     * The files of the repository at {@code root}, relative to it: what git tracks or would add (tracked, and new
     * files it does not ignore); without git, every file outside build output, dependencies and editor folders.
     */
    static List<String> repositoryFiles(Path root) {
        List<String> fromGit = gitFiles(root);
        if (fromGit != null) {
            return fromGit.stream().filter(path -> Files.isRegularFile(root.resolve(path))).toList();
        }
        Set<String> skipped = Set.of(".git", "target", "node_modules", ".idea", ".vscode", ".cifuzz-corpus");
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .map(file -> root.relativize(file).toString().replace('\\', '/'))
                    .filter(path -> Stream.of(path.split("/")).noneMatch(skipped::contains))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> gitFiles(Path root) {
        try {
            Process git = new ProcessBuilder("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
                    .directory(root.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = git.getInputStream().readAllBytes();
            if (!git.waitFor(60, TimeUnit.SECONDS) || git.exitValue() != 0) {
                return null;
            }
            return Stream.of(new String(out, StandardCharsets.UTF_8).split("\0")).filter(s -> !s.isEmpty()).sorted()
                    .toList();
        } catch (IOException e) {
            return null; // no git on this machine
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
