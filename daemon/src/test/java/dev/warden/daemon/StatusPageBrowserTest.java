package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 item 10, in a real browser (headless Chromium): a person approves a pending rollback on the
 * status page at {@code /} and it runs; another site's page, open in the same browser, cannot approve one.
 */
class StatusPageBrowserTest {
    private static final Duration BOUND = Duration.ofSeconds(90);

    @Test
    void shouldApproveAPendingRollbackFromTheStatusPageWithTheToken(@TempDir Path work) throws Exception {
        String token = "page-token";
        try (PendingApproval scene = PendingApproval.start("status-page", token);
             HeadlessChromium browser = HeadlessChromium.open(work, scene.baseUrl() + "/")) {
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(scene.baseUrl() + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString()
                    .startsWith("default-src 'none'; script-src 'sha256-").contains("connect-src 'self'")
                    .contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");

            await().atMost(BOUND).until(() -> browser.text("document.getElementById('message').textContent"),
                    m -> m.contains("Enter the API token"));
            browser.evaluate("document.getElementById('token').value = '" + token + "';"
                    + " document.getElementById('save-token').click()");
            String approve = "document.querySelector('button[data-rollback=\"" + scene.rollbackId + "\"]')";
            await().atMost(BOUND).until(() -> browser.evaluate(approve + " !== null"), Boolean.TRUE::equals);
            assertThat(browser.text("document.getElementById('targets').textContent")).contains("shop")
                    .contains("snapshot " + scene.snapshotId + " (clone)").contains("data_corruption/critical");
            assertThat(browser.text("sessionStorage.getItem('warden-token')")).isEqualTo(token);
            assertThat(browser.text("document.cookie + location.href")).doesNotContain(token);

            browser.evaluate(approve + ".click()");

            await().atMost(BOUND).until(() -> browser.text("document.getElementById('message').textContent"),
                    m -> m.startsWith("rollback " + scene.rollbackId + ": "));
            assertThat(browser.text("document.getElementById('message').textContent"))
                    .startsWith("rollback " + scene.rollbackId + ": succeeded - ");
            assertThat(scene.rollback().getString("status")).as("through the API").isEqualTo("succeeded");
            assertThat(scene.shop.queryColumn("SHOW default_transaction_read_only")).as("read_only ran").containsExactly("on");
            String shown = "document.querySelector('#rollbacks td[data-rollback=\"" + scene.rollbackId + "\"]').textContent";
            await().atMost(BOUND).until(() -> browser.text(shown), "succeeded"::equals);
            assertThat(browser.text("document.getElementById('approvals').textContent")).contains("nothing awaits approval");
        }
    }

    /**
     * Without a token, writes are open on loopback: a page from another site, open in the browser of
     * someone on this machine, sends the approve as a no-cors fetch and as a form, or addresses it by a
     * name of its own pointed at 127.0.0.1. Warden refuses all three, and takes it from its own page.
     */
    @Test
    void shouldNotLetAnotherSitesPageApproveWhenNoTokenIsSet(@TempDir Path work) throws Exception {
        try (PendingApproval scene = PendingApproval.start("status-page-cross-site", "")) {
            String approve = scene.baseUrl() + "/api/rollbacks/" + scene.rollbackId + "/approve";
            HttpServer attacker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            byte[] html = """
                    <!DOCTYPE html><html><body>
                    <form id="form" method="POST" action="%1$s" target="sink" enctype="text/plain">
                      <input name='{"a":"' value='"}'></form>
                    <iframe name="sink" id="sink"></iframe>
                    <script>
                    fetch("%1$s", {method: "POST", mode: "no-cors", body: "{}"})
                      .then(() => {
                        document.getElementById("sink").addEventListener("load", () => { document.title = "both sent"; });
                        document.getElementById("form").submit();
                      })
                      .catch(e => { document.title = "fetch failed: " + e; });
                    </script></body></html>
                    """.formatted(approve).getBytes(StandardCharsets.UTF_8);
            attacker.createContext("/", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, html.length);
                exchange.getResponseBody().write(html);
                exchange.close();
            });
            attacker.start();
            // localhost against Warden's 127.0.0.1: another site, as far as the browser is concerned.
            try (HeadlessChromium browser = HeadlessChromium.open(work, "http://localhost:"
                    + attacker.getAddress().getPort() + "/")) {
                await().atMost(BOUND).until(() -> browser.text("document.title"), t -> !t.isEmpty());
                assertThat(browser.text("document.title")).as("both requests reached Warden").isEqualTo("both sent");
            } finally {
                attacker.stop(0);
            }
            assertThat(scene.rollback().getString("status")).as("the browser's requests approved nothing")
                    .isEqualTo("planned");
            // A site whose name was pointed at 127.0.0.1 (DNS rebinding) is same-origin with itself.
            String rebound = "rebound.example:" + URI.create(scene.baseUrl()).getPort();
            assertThat(approveAddressedTo(scene, rebound, "http://" + rebound)).startsWith("HTTP/1.1 403");
            assertThat(scene.rollback().getString("status")).as("nor did the rebound one").isEqualTo("planned");
            assertThat(scene.shop.queryColumn("SHOW default_transaction_read_only")).containsExactly("off");

            // The same request from Warden's own page, addressed by its loopback name, goes through.
            String own = "127.0.0.1:" + URI.create(scene.baseUrl()).getPort();
            assertThat(approveAddressedTo(scene, own, "http://" + own)).startsWith("HTTP/1.1 200");
            assertThat(scene.rollback().getString("status")).isEqualTo("succeeded");
        }
    }

    /** The status line Warden answers a browser-like approve addressed to {@code host} (Java's client cannot set Host). */
    private static String approveAddressedTo(PendingApproval scene, String host, String origin) throws Exception {
        URI base = URI.create(scene.baseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST /api/rollbacks/" + scene.rollbackId + "/approve HTTP/1.1\r\n"
                    + "Host: " + host + "\r\nOrigin: " + origin + "\r\nSec-Fetch-Site: same-origin\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
                    .getBytes(StandardCharsets.US_ASCII));
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }
}
