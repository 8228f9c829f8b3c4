package dev.sessionkit.testsupport.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium driven over the DevTools protocol with nothing but the JDK's HTTP client and WebSocket: no
 * WebDriver, no browser download. Chromium comes from Debian's {@code chromium} package. Each instance is its own
 * browser with its own profile (its own cookie jar): two instances are two devices of one person.
 *
 * <p>Shared by the demos' browser tests (Javalin, Spring Boot); test scope only, never published.
 */
public final class Chromium implements AutoCloseable {

    /** Debian's Chromium, which {@code .ci/run} installs when it is missing. */
    public static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ObjectMapper json = new ObjectMapper();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final Process process;
    private final Path profile;
    private final WebSocket socket;

    private Chromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /**
     * Makes the calling test fail under CI ({@code CI} set) when Chromium is missing, and skip, loudly, elsewhere.
     * Call it first in a browser test's set-up.
     */
    public static void requireOrSkip() {
        if (!Files.isExecutable(BINARY)) {
            String message = BINARY + " is missing: apt-get install chromium (.ci/run does)";
            if (System.getenv("CI") != null) {
                throw new IllegalStateException(message);
            }
            System.err.println("SKIPPING a browser test of a demo: " + message);
            Assumptions.abort(message);
        }
    }

    /**
     * Starts a headless Chromium with a fresh profile, showing {@code about:blank}.
     *
     * @return the browser, to close
     * @throws Exception when it does not start within 20 seconds
     */
    public static Chromium launch() throws Exception {
        Path profile = Files.createTempDirectory("sessionkit-chromium");
        Process process = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-quic", "--user-data-dir=" + profile, "--remote-debugging-port=0", "about:blank")
                .redirectErrorStream(true)
                .redirectOutput(profile.resolveSibling(profile.getFileName() + ".log").toFile())
                .start();
        try {
            Path portFile = profile.resolve("DevToolsActivePort");
            await(() -> Files.exists(portFile) && size(portFile) > 0, "Chromium to write DevToolsActivePort");
            int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
            HttpClient http = HttpClient.newHttpClient();
            String pageSocket = null;
            Instant deadline = Instant.now().plus(WAIT);
            while (pageSocket == null && Instant.now().isBefore(deadline)) {
                String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                        .build(), HttpResponse.BodyHandlers.ofString()).body();
                for (JsonNode target : new ObjectMapper().readTree(list)) {
                    if (target.path("type").asText().equals("page")) {
                        pageSocket = target.path("webSocketDebuggerUrl").asText();
                    }
                }
            }
            if (pageSocket == null) {
                throw new IllegalStateException("Chromium showed no page target");
            }
            Chromium[] self = new Chromium[1];
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), new WebSocket.Listener() {
                private final StringBuilder message = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                    message.append(data);
                    if (last) {
                        self[0].receive(message.toString());
                        message.setLength(0);
                    }
                    webSocket.request(1);
                    return null;
                }
            }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            self[0] = new Chromium(process, profile, socket);
            return self[0];
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private void receive(String text) {
        try {
            JsonNode message = json.readTree(text);
            CompletableFuture<JsonNode> reply = message.has("id") ? pending.remove(message.get("id").asInt()) : null;
            if (reply != null) {
                if (message.has("error")) {
                    reply.completeExceptionally(new IllegalStateException(message.get("error").toString()));
                } else {
                    reply.complete(message.path("result"));
                }
            }
        } catch (IOException e) {
            pending.values().forEach(f -> f.completeExceptionally(e));
        }
    }

    /**
     * Sends a DevTools command to the page and waits for its answer.
     *
     * @param method the command, for example {@code Page.reload}
     * @param params its parameters
     * @return its result
     * @throws Exception when it fails or takes longer than 20 seconds
     */
    public JsonNode send(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        ObjectNode message = json.createObjectNode().put("id", id).put("method", method);
        message.set("params", json.valueToTree(params));
        socket.sendText(json.writeValueAsString(message), true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return reply.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * Evaluates a JavaScript expression in the page.
     *
     * @param expression the expression
     * @return its value
     * @throws Exception when the script throws, or the browser does not answer
     */
    public JsonNode eval(String expression) throws Exception {
        JsonNode result = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("page script failed: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /**
     * Loads a URL in the page (without waiting for it: {@link #waitFor(String)} does).
     *
     * @param url the address
     * @throws Exception when the browser does not answer
     */
    public void navigate(String url) throws Exception {
        send("Page.navigate", Map.of("url", url));
    }

    /**
     * Waits, polling the page for at most 20 seconds, until a JavaScript condition holds once the page is loaded.
     *
     * @param condition a JavaScript expression
     * @throws Exception when the browser does not answer
     * @throws AssertionError when the condition never held, with the page's text
     */
    public void waitFor(String condition) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (eval("document.readyState === 'complete' && !!(" + condition + ")").asBoolean()) {
                    return;
                }
            } catch (IllegalStateException navigating) {
                // the page is being replaced: ask again
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new AssertionError("page never showed: " + condition + "; it shows: "
                + eval("document.body ? document.body.innerText : '(no body)'").asText());
    }

    /**
     * Saves the page as a 900 by 640 PNG.
     *
     * @param file where
     * @throws Exception when the browser does not answer or the file cannot be written
     */
    public void screenshot(Path file) throws Exception {
        send("Emulation.setDeviceMetricsOverride",
                Map.of("width", 900, "height", 640, "deviceScaleFactor", 1, "mobile", false));
        String png = send("Page.captureScreenshot", Map.of("format", "png")).path("data").asText();
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(png));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    @Override
    public void close() throws Exception {
        socket.abort();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.walk(profile)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException | UncheckedIOException ignored) {
            // Chromium's helper processes may still be writing or removing their own files (the walk then meets a
            // file that is gone): the temp directory is cleaned by the OS later
        }
    }
}
