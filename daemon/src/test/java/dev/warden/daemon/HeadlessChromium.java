package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's Chromium (installed by scripts/install-test-tools), headless, with one page driven through
 * the DevTools protocol: JavaScript evaluated in the page as a person's clicks and typing would act on
 * it. Chromium picks its own debugging port and writes it into its profile folder.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Duration BOUND = Duration.ofSeconds(60);

    private final PeerProcess process;
    private final WebSocket page;
    private final Map<Integer, CompletableFuture<JsonObject>> answers;
    private final AtomicInteger ids = new AtomicInteger();

    private HeadlessChromium(PeerProcess process, WebSocket page, Map<Integer, CompletableFuture<JsonObject>> answers) {
        this.process = process;
        this.page = page;
        this.answers = answers;
    }

    /** Chromium showing {@code url}, loaded, with a fresh profile under {@code work}. */
    static HeadlessChromium open(Path work, String url) throws Exception {
        assertThat(BINARY).as("Chromium is missing: run scripts/install-test-tools").isExecutable();
        Path profile = Files.createDirectories(work.resolve("chromium-profile"));
        PeerProcess process = PeerProcess.start(List.of(BINARY.toString(), "--headless=new", "--no-sandbox",
                "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--remote-debugging-port=0", "--user-data-dir=" + profile, url), work.resolve("chromium.log"));
        try {
            Path portFile = profile.resolve("DevToolsActivePort");
            String port = await().atMost(BOUND).until(() -> Files.exists(portFile)
                    ? Files.readAllLines(portFile).stream().findFirst().orElse("") : "", p -> !p.isEmpty());
            String target = await().atMost(BOUND).until(() -> pageTarget(port), t -> t != null);
            Map<Integer, CompletableFuture<JsonObject>> answers = new ConcurrentHashMap<>();
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create(target), new Listener(answers)).get(30, TimeUnit.SECONDS);
            HeadlessChromium browser = new HeadlessChromium(process, socket, answers);
            String loaded = "location.href === " + new JsonArray().add(url).encode().replaceAll("^\\[|\\]$", "")
                    + " && document.readyState === 'complete'";
            await().atMost(BOUND).until(() -> browser.evaluate(loaded), Boolean.TRUE::equals);
            return browser;
        } catch (Exception | AssertionError e) {
            process.stop();
            throw e;
        }
    }

    /** The page's DevTools WebSocket, once Chromium lists the page it opened. */
    private static String pageTarget(String port) {
        HttpProbe.Response list = HttpProbe.get("http://127.0.0.1:" + port + "/json/list");
        if (list.status() != 200) {
            return null;
        }
        return new JsonArray(list.body()).stream().map(JsonObject.class::cast)
                .filter(t -> "page".equals(t.getString("type")))
                .map(t -> t.getString("webSocketDebuggerUrl")).findFirst().orElse(null);
    }

    /** Evaluates {@code expression} in the page (awaiting a promise) and answers its value. */
    Object evaluate(String expression) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonObject> answer = new CompletableFuture<>();
        answers.put(id, answer);
        page.sendText(new JsonObject().put("id", id).put("method", "Runtime.evaluate").put("params", new JsonObject()
                .put("expression", expression).put("returnByValue", true).put("awaitPromise", true)).encode(), true)
                .get(10, TimeUnit.SECONDS);
        JsonObject result = answer.get(30, TimeUnit.SECONDS);
        assertThat(result.getJsonObject("error")).as(expression).isNull();
        JsonObject evaluated = result.getJsonObject("result");
        assertThat(evaluated.getJsonObject("exceptionDetails")).as(expression + ": " + evaluated.encode()).isNull();
        return evaluated.getJsonObject("result").getValue("value");
    }

    /** A string {@code expression} evaluates to ("" for null). */
    String text(String expression) throws Exception {
        Object value = evaluate(expression);
        return value == null ? "" : String.valueOf(value);
    }

    @Override
    public void close() {
        page.abort();
        process.stop();
    }

    /** Hands each answer to whoever waits for its id; events (no id) are not waited for. */
    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder message = new StringBuilder();
        private final Map<Integer, CompletableFuture<JsonObject>> answers;

        Listener(Map<Integer, CompletableFuture<JsonObject>> answers) {
            this.answers = answers;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                JsonObject received = new JsonObject(message.toString());
                message.setLength(0);
                Integer id = received.getInteger("id");
                if (id != null) {
                    answers.computeIfAbsent(id, k -> new CompletableFuture<>()).complete(received);
                }
            }
            socket.request(1);
            return null;
        }
    }
}
