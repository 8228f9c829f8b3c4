package dev.sessionkit.benchmarks.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Accounts for the difference between two async-profiler profiles (collapsed stacks, threads included with
 * {@code -t}) of a baseline server and a session server, per request: which kinds of frames the session server spends
 * its extra CPU (or allocation, or lock wait) in.
 *
 * <pre>{@code java -cp benchmarks.jar dev.sessionkit.benchmarks.profile.ProfileAccount EVENT UNIT_PER_SAMPLE \
 *     BASELINE.collapsed BASELINE_REQUESTS CANDIDATE.collapsed CANDIDATE_REQUESTS OUTPUT_FILE}</pre>
 *
 * <p>{@code EVENT} is {@code cpu} (each sample is {@code UNIT_PER_SAMPLE} nanoseconds: the sampling interval),
 * {@code alloc} (counts are bytes, {@code --total}) or {@code lock} (counts are nanoseconds waited, {@code --total});
 * use {@code 1} as the unit for the last two. Writes a Markdown table: each category's cost per request in the
 * baseline and the candidate, the difference, and its share of the total difference; then the frames (the innermost
 * SessionKit frame, or the leaf) that make most of the difference. A stack belongs to the first category it matches.
 */
public final class ProfileAccount {

    /** A kind of frames, matched on a stack (frames joined with ';', the thread's name first). */
    record Category(String name, Predicate<String> matches) {
    }

    /** The mark of a stack whose cost is SessionKit's: what follows it runs from the innermost SessionKit frame. */
    static final String OWN = "[sessionkit];";

    /**
     * The categories, in order. The thread ones match the whole stack; the SessionKit ones match what runs from the
     * innermost SessionKit frame on, and only when no framework frame comes after it (a filter that calls the rest of
     * the chain is not SessionKit's cost: the chain is); the last two match the rest.
     */
    static final List<Category> CATEGORIES = List.of(
            new Category("JIT compiler threads", s -> s.startsWith("[C1 CompilerThread") || s.startsWith("[C2 "
                    + "CompilerThread") || s.contains("CompileBroker")),
            new Category("GC and VM threads", s -> s.startsWith("[G1 ") || s.startsWith("[GC Thread")
                    || s.startsWith("[VM Thread") || s.startsWith("[VM Periodic") || s.contains("G1ConcurrentRefine")),
            new Category("SessionKit: cookie signature (HMAC-SHA256)", s -> s.startsWith(OWN)
                    && (s.contains("javax.crypto.Mac") || s.contains("CookieSigner") || s.contains("SignedCookie")
                            || s.contains("SignedValueInPlace"))),
            new Category("SessionKit: session ids (SecureRandom, UUID)", s -> s.startsWith(OWN)
                    && (s.contains("SecureRandom") || s.contains("java.util.UUID"))),
            new Category("SessionKit: record JSON (Jackson, readers)", s -> s.startsWith(OWN)
                    && (s.contains("com.fasterxml.jackson") || s.contains("RecordCodec") || s.contains("RecordReader")
                            || s.contains("JsonCursor"))),
            new Category("SessionKit: Caffeine store", s -> s.startsWith(OWN)
                    && (s.contains("com.github.benmanes.caffeine") || s.contains("dev.sessionkit.store.caffeine"))),
            new Category("SessionKit: Redis store (Jedis, sockets)", s -> s.startsWith(OWN)
                    && (s.contains("redis.clients.jedis") || s.contains("dev.sessionkit.store.redis"))),
            new Category("SessionKit: cookie header (parse, Set-Cookie)", s -> s.startsWith(OWN)
                    && (s.contains("Cookies.") || s.contains("CookieAttributes") || s.contains("addSetCookie")
                            || s.contains("requestHeaders"))),
            new Category("SessionKit: other", s -> s.startsWith(OWN)),
            new Category("kernel (system calls, network, scheduling)", s -> s.endsWith("_[k]")),
            new Category("rest (framework, JDK, native)", s -> true));

    /** Frames of the frameworks and the harness's servers: what a request costs without SessionKit. */
    static boolean framework(String frame) {
        return frame.startsWith("org.eclipse.jetty") || frame.startsWith("io.javalin") || frame.startsWith("io.micronaut")
                || frame.startsWith("io.netty") || frame.startsWith("harness.") || frame.startsWith("jakarta.servlet");
    }

    /**
     * The stack as the categories see it: the thread's stack as it is, or, when a SessionKit frame is the innermost
     * of SessionKit's and the frameworks' frames, {@link #OWN} and the frames from it on.
     */
    static String view(String stack) {
        String[] frames = stack.split(";");
        int own = -1;
        int other = -1;
        for (int i = 0; i < frames.length; i++) {
            if (frames[i].startsWith("dev.sessionkit.")) {
                own = i;
            } else if (framework(frames[i])) {
                other = i;
            }
        }
        if (own >= 0 && own > other) {
            return OWN + String.join(";", java.util.Arrays.copyOfRange(frames, own, frames.length));
        }
        return stack;
    }

    private ProfileAccount() {
    }

    /** Cost per category of one profile, in the event's unit per request. */
    static Map<String, Double> account(List<String> lines, double unitPerSample, long requests,
                                       Map<String, Double> frames) {
        Map<String, Double> costs = new LinkedHashMap<>();
        CATEGORIES.forEach(c -> costs.put(c.name(), 0.0));
        for (String line : lines) {
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            // The harness's own servers live in dev.sessionkit.benchmarks: not SessionKit's code.
            String stack = line.substring(0, space).replace('/', '.').replace("dev.sessionkit.benchmarks.",
                    "harness.");
            double cost = Long.parseLong(line.substring(space + 1).trim()) * unitPerSample / requests;
            String seen = view(stack);
            for (Category category : CATEGORIES) {
                if (category.matches().test(seen)) {
                    costs.merge(category.name(), cost, Double::sum);
                    break;
                }
            }
            frames.merge(frameOf(stack), cost, Double::sum);
        }
        return costs;
    }

    /** The innermost SessionKit frame of a stack, else its leaf. */
    static String frameOf(String stack) {
        String[] frames = stack.split(";");
        for (int i = frames.length - 1; i >= 0; i--) {
            if (frames[i].contains("dev.sessionkit")) {
                return frames[i].replaceAll("_\\[[a-z0-9]\\]$", "");
            }
        }
        return frames[frames.length - 1].replaceAll("_\\[[a-z0-9]\\]$", "");
    }

    private static void add(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args));
    }

    /**
     * Writes the accounting, in Markdown, to the file given last.
     *
     * @param args event, unit per sample, baseline file, baseline requests, candidate file, candidate requests,
     *     output file
     * @throws IOException when a file cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 7) {
            throw new IllegalArgumentException("usage: ProfileAccount cpu|alloc|lock UNIT_PER_SAMPLE BASE.collapsed "
                    + "BASE_REQUESTS CANDIDATE.collapsed CANDIDATE_REQUESTS OUTPUT_FILE");
        }
        StringBuilder out = new StringBuilder();
        String event = args[0];
        double unit = Double.parseDouble(args[1]);
        Map<String, Double> baseFrames = new TreeMap<>();
        Map<String, Double> candidateFrames = new TreeMap<>();
        Map<String, Double> base = account(Files.readAllLines(Path.of(args[2])), unit, Long.parseLong(args[3]),
                baseFrames);
        Map<String, Double> candidate = account(Files.readAllLines(Path.of(args[4])), unit, Long.parseLong(args[5]),
                candidateFrames);
        String unitName = switch (event) {
            case "cpu" -> "µs";
            case "alloc" -> "bytes";
            default -> "µs waited";
        };
        double scale = event.equals("alloc") ? 1 : 1e-3; // ns to µs
        double totalBase = base.values().stream().mapToDouble(Double::doubleValue).sum() * scale;
        double totalCandidate = candidate.values().stream().mapToDouble(Double::doubleValue).sum() * scale;
        double difference = totalCandidate - totalBase;
        add(out, "| %s per request | baseline | candidate | difference | share of the "
                + "difference |%n|---|---:|---:|---:|---:|%n", unitName);
        for (Category category : CATEGORIES) {
            double b = base.get(category.name()) * scale;
            double c = candidate.get(category.name()) * scale;
            add(out, "| %s | %.1f | %.1f | %+.1f | %s |%n", category.name(), b, c, c - b,
                    difference == 0 ? "–" : String.format(Locale.ROOT, "%.0f %%", 100 * (c - b) / difference));
        }
        add(out, "| **total** | %.1f | %.1f | %+.1f | |%n%n", totalBase, totalCandidate,
                difference);
        List<Map.Entry<String, Double>> frames = new ArrayList<>();
        candidateFrames.forEach((frame, cost) -> frames.add(Map.entry(frame,
                (cost - baseFrames.getOrDefault(frame, 0.0)) * scale)));
        frames.sort((x, y) -> Double.compare(y.getValue(), x.getValue()));
        add(out, "Frames adding most (innermost SessionKit frame, else the leaf), %s per request:%n%n",
                unitName);
        out.append("| frame | added |\n|---|---:|\n");
        frames.stream().limit(12).forEach(f -> add(out, "| `%s` | %+.2f |%n", f.getKey(), f.getValue()));
        Files.writeString(Path.of(args[6]), out);
    }
}
