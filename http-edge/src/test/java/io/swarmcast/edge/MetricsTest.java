package io.swarmcast.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swarmcast.edge.security.Role;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Prometheus (Kamon) exposes the per-campaign, per-tier, input, persistence, HTTP and JVM metrics. */
class MetricsTest {
    @Test
    void metricsAreScrapable() throws Exception {
        TestServer t = TestServer.shared();
        assertEquals(201, t.createCampaign("metrics-a", "default", true, 3000).status());
        String player = t.token(Role.PLAYER, "default");
        try (WsClient c = WsClient.connect(t.http, "ws://127.0.0.1:" + t.server.port() + "/ws/campaigns/metrics-a?access_token=" + player)) {
            c.send(WsClient.subscribe(1, 1));
            for (int i = 0; i < 20; i++) {
                c.next(0x10, 10);
            }
            c.send(WsClient.input(1, -1, "{\"type\":\"moveField\",\"id\":\"left\",\"position\":[0,0,0]}"));
            c.next(0x20, 10);
            c.send(WsClient.input(2, -1, "{\"type\":\"moveField\",\"id\":\"nope\",\"position\":[0,0,0]}"));
            c.next(0x7F, 10);
            Thread.sleep(4500); // two metric ticks, with the viewer still connected
            String m = t.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + TestServer.METRICS_PORT + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
            String c1 = "campaign=\"metrics-a\"";
            for (String needle : new String[] {
                "swarmcast_tick_time_seconds_count{" + c1,
                "swarmcast_tick_overruns_total{" + c1,
                "swarmcast_particles{" + c1,
                "swarmcast_viewers{" + c1 + ",tier=\"1/4\"} 1.0",
                "swarmcast_frames_sent_total{" + c1 + ",tier=\"1/4\"}",
                "swarmcast_bytes_sent",
                "swarmcast_frames_conflated_total{" + c1,
                "swarmcast_frames_encoded_total{" + c1 + ",tier=\"1/4\"}",
                "swarmcast_inputs_total{" + c1 + ",result=\"accepted\"}",
                "swarmcast_inputs_total{" + c1 + ",result=\"rejected\"}",
                "swarmcast_persistence_latency_seconds_count{" + c1,
                "swarmcast_http_requests_total{",
                "jvm_memory"}) {
                assertTrue(m.contains(needle), "metrics lack " + needle + "\n" + names(m));
            }
        }
    }

    private static String names(String metrics) {
        StringBuilder sb = new StringBuilder();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("# TYPE")) {
                sb.append(line).append('\n');
            }
        }
        return sb.toString();
    }
}
