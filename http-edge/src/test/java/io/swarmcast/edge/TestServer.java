package io.swarmcast.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.swarmcast.edge.security.ApiKeys;
import io.swarmcast.edge.security.Role;
import io.swarmcast.edge.server.SwarmcastServer;
import io.swarmcast.persistence.DatabaseSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A real server for the edge tests: H2 in a temporary directory, the Java backend, ephemeral ports, a
 * small demo campaign. {@link #shared()} is started once per test JVM and used by most test classes.
 */
public final class TestServer {
    public static final ObjectMapper JSON = new ObjectMapper();
    /** An API key for an operator of tenant "acme". */
    public static final String ACME_KEY = "sk_test_acme_operator_key_0123456789";
    private static TestServer shared;
    /** Kamon serves Prometheus on one port per JVM: the first server's. */
    public static final int METRICS_PORT = freePort();

    public final SwarmcastServer server;
    public final Path data;
    public final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private TestServer(SwarmcastServer server, Path data) {
        this.server = server;
        this.data = data;
    }

    public static synchronized TestServer shared() {
        if (shared == null) {
            shared = start(tempDir(), ConfigFactory.empty());
            Runtime.getRuntime().addShutdownHook(new Thread(shared.server::close));
        }
        return shared;
    }

    public static Path tempDir() {
        try {
            return Files.createTempDirectory("swarmcast-edge-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TestServer start(Path data, Config extra) {
        Config overrides = extra.withFallback(ConfigFactory.parseMap(Map.of(
            "swarmcast.http.host", "127.0.0.1",
            "swarmcast.http.port", 0,
            "swarmcast.metrics.port", METRICS_PORT,
            "swarmcast.management.port", freePort(),
            "swarmcast.cluster.port", 0,
            "swarmcast.engine.backend", "java",
            "swarmcast.demo.particles", 4000)))
            .withFallback(ConfigFactory.parseString("swarmcast.security.api-keys = [{ name = acme-ci, role = operator, "
                + "tenant = acme, sha256 = \"" + ApiKeys.sha256(ACME_KEY) + "\" }]\n"
                + "swarmcast.http.requests-per-second = 10000\nswarmcast.http.request-burst = 10000"));
        return new TestServer(SwarmcastServer.start(overrides, DatabaseSettings.h2(data), data), data);
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String base() {
        return (server.tls() ? "https" : "http") + "://127.0.0.1:" + server.port();
    }

    public String token(Role role, String tenant) {
        return server.tokens().issue("user-" + role.wireName() + "-" + tenant, role, tenant, null, Duration.ofHours(1));
    }

    /** A response: status and parsed JSON body (null if not JSON). */
    public record Reply(int status, JsonNode json, byte[] bytes, HttpResponse<byte[]> raw) {
        public String code() {
            return json == null || json.get("code") == null ? null : json.get("code").asText();
        }
    }

    public Reply call(String method, String path, String token, String body) {
        return call(method, path, token == null ? Map.of() : Map.of("Authorization", "Bearer " + token), body);
    }

    public Reply call(String method, String path, Map<String, String> headers, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(60));
        headers.forEach(b::header);
        if (body != null && !headers.containsKey("Content-Type")) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode json = null;
            if (r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
                json = JSON.readTree(r.body());
            }
            return new Reply(r.statusCode(), json, r.body(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates a running campaign of {@code particles} from the demo preset as an admin of {@code tenant}. */
    public Reply createCampaign(String id, String tenant, boolean isPublic, int particles) {
        String admin = token(Role.ADMIN, "default");
        return call("POST", "/api/campaigns", admin, "{\"id\":\"" + id + "\",\"preset\":\"demo\",\"particles\":" + particles
            + ",\"tenant\":\"" + tenant + "\",\"public\":" + isPublic + "}");
    }
}
