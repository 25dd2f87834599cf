package io.swarmcast.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.swarmcast.edge.security.Role;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Viewers on one node watch a campaign that runs on another: frames cross the cluster. */
class TwoNodeEdgeTest {
    @Test
    void framesOfACampaignOnAnotherNodeReachThisNodesViewers() throws Exception {
        Path data = TestServer.tempDir();
        int portA = TestServer.freePort();
        int portB = TestServer.freePort();
        String seed = "pekko://swarmcast@127.0.0.1:" + portA;
        var quiet = Map.<String, Object>of("swarmcast.demo.enabled", false);
        TestServer a = TestServer.start(data, ConfigFactory.parseMap(Map.of("swarmcast.cluster.port", portA,
            "swarmcast.cluster.seed-nodes", List.of(seed))).withFallback(ConfigFactory.parseMap(quiet)));
        TestServer b = TestServer.start(data, ConfigFactory.parseMap(Map.of("swarmcast.cluster.port", portB,
            "swarmcast.cluster.seed-nodes", List.of(seed))).withFallback(ConfigFactory.parseMap(quiet)));
        try {
            long deadline = System.currentTimeMillis() + 30_000;
            while (org.apache.pekko.cluster.typed.Cluster.get(a.server.node().system()).state().getMembers()
                .spliterator().estimateSize() < 2 && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            String admin = a.token(Role.ADMIN, "default");
            // shards spread over both nodes: find a campaign hosted on A, watch it through B
            String onA = null;
            for (int i = 0; i < 12 && onA == null; i++) {
                String id = "two-" + i;
                assertEquals(201, a.createCampaign(id, "default", true, 2000).status());
                String node = a.call("GET", "/api/campaigns/" + id, admin, null).json().get("node").asText();
                if (node.endsWith(":" + portA)) {
                    onA = id;
                }
            }
            assertTrue(onA != null, "some campaign landed on node A");
            try (WsClient c = WsClient.connect(b.http, "ws://127.0.0.1:" + b.server.port() + "/ws/campaigns/" + onA)) {
                c.next(0x01, 20);
                c.send(WsClient.subscribe(1, 0));
                long last = -1;
                for (int i = 0; i < 20; i++) {
                    ByteBuffer f = c.next(0x10, 20);
                    assertEquals(2000, f.getInt(20));
                    assertTrue(f.getLong(4) > last);
                    last = f.getLong(4);
                }
            }
            assertNotEquals(a.server.port(), b.server.port());
        } finally {
            b.server.close();
            a.server.close();
        }
    }
}
