package io.swarmcast.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/** https and wss by configuration, with a key store made by the JDK's keytool. */
class TlsTest {
    @Test
    void httpsAndWssWork() throws Exception {
        Path dir = TestServer.tempDir();
        Path ks = dir.resolve("server.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-genkeypair", "-alias", "swarmcast", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
            "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
            "-keystore", ks.toString(), "-storepass", "changeit", "-keypass", "changeit").inheritIO().start();
        assertEquals(0, p.waitFor());
        TestServer t = TestServer.start(dir, ConfigFactory.parseMap(Map.of("swarmcast.http.tls.enabled", true,
            "swarmcast.http.tls.keystore", ks.toString(), "swarmcast.http.tls.password", "changeit")));
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(ks)) {
                trust.load(in, "changeit".toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            HttpClient client = HttpClient.newBuilder().sslContext(ctx).build();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(t.base() + "/api/campaigns/demo")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            try (WsClient ws = WsClient.connect(client, "wss://127.0.0.1:" + t.server.port() + "/ws/campaigns/demo")) {
                ws.next(0x01, 10);
                ws.send(WsClient.subscribe(1, 2));
                ws.next(0x10, 10);
            }
        } finally {
            t.server.close();
        }
    }
}
