package io.swarmcast.edge.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.ConfigFactory;
import io.swarmcast.edge.TestServer;
import io.swarmcast.edge.security.Role;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web viewer and control room in a real browser: Debian's Chromium, headless, driven by
 * playwright-core ({@code web/e2e/browser.mjs}), against a real server started here with small
 * particle counts. The script checks, from canvas pixels: the page loads with no console errors,
 * particles are visible and move, the HUD updates, a click creates a force field that visibly pulls
 * particles towards it, pause stops motion, the replay view, errors in words, and the WebGL2 fallback;
 * and it measures input-to-visible latency.
 *
 * <p>Needs {@code /usr/bin/chromium} (or {@code SWARMCAST_CHROMIUM}), node, and the web module built
 * ({@code web/node_modules} and {@code web/target/classes/web}): it fails, never skips, without them.
 */
class BrowserTest {
    private static TestServer server;

    static Path webDir() {
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        return base.resolve("../web").normalize();
    }

    @BeforeAll
    static void start() {
        String chromium = System.getenv().getOrDefault("SWARMCAST_CHROMIUM", "/usr/bin/chromium");
        if (!Files.isExecutable(Path.of(chromium))) {
            fail("The browser tests need Chromium at " + chromium + ": install it with 'apt-get install -y chromium' "
                + "(Debian) or set SWARMCAST_CHROMIUM to a Chromium binary");
        }
        Path web = webDir();
        if (!Files.isDirectory(web.resolve("node_modules/playwright-core"))) {
            fail("web/node_modules/playwright-core is missing: build the web module first (mvn -pl web package, or "
                + "'npm ci' in " + web + ")");
        }
        if (!Files.exists(web.resolve("target/classes/web/index.html"))) {
            fail("the web viewer is not built (" + web.resolve("target/classes/web/index.html") + " is missing): build the "
                + "web module first (mvn -pl web package, or 'npm run build' in " + web + ")");
        }
        server = TestServer.start(TestServer.tempDir(), ConfigFactory.empty());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.server.close();
        }
    }

    @Test
    void viewerAndControlRoomInChromium() throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("node", "e2e/browser.mjs").directory(webDir().toFile()).redirectErrorStream(true);
        pb.environment().put("SWARMCAST_URL", server.base());
        pb.environment().put("SWARMCAST_TOKEN", server.token(Role.OPERATOR, "default"));
        pb.environment().put("SWARMCAST_E2E_LATENCY_INPUTS", "30");
        // the software renderer must not starve the server's tick thread on a small CI machine
        pb.environment().putIfAbsent("SWARMCAST_BROWSER_NICE", "10");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError("cannot run node (the browser tests need Node.js 20 or newer on the PATH): " + e.getMessage(), e);
        }
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    System.out.println("[browser] " + line);
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "browser-test-output");
        reader.start();
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("the browser tests did not finish in 240 s");
        }
        reader.join(5000);
        String result;
        synchronized (lines) {
            result = lines.stream().filter(l -> l.startsWith("E2E-RESULT ")).findFirst().orElse(null);
        }
        assertTrue(result != null, "the browser test script printed no E2E-RESULT line (exit " + p.exitValue() + ")");
        var json = TestServer.JSON.readTree(result.substring("E2E-RESULT ".length()));
        StringBuilder failures = new StringBuilder();
        json.get("results").forEach(r -> {
            if (!r.get("ok").asBoolean()) {
                failures.append("\n  ").append(r.get("name").asText()).append(": ").append(r.path("error").asText());
            }
        });
        assertEquals(0, p.exitValue(), "browser checks failed:" + failures);
        assertTrue(json.get("ok").asBoolean(), "browser checks failed:" + failures);
    }
}
