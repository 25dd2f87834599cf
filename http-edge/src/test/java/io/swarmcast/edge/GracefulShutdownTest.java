package io.swarmcast.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.swarmcast.campaign.CampaignState;
import io.swarmcast.campaign.replay.Replayer;
import io.swarmcast.engine.BackendKind;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.junit.jupiter.api.Test;

/** Coordinated shutdown snapshots running campaigns as they leave, so a restart resumes where it stopped. */
class GracefulShutdownTest {
    @Test
    void shutdownSnapshotsRunningCampaigns() throws Exception {
        Path dir = TestServer.tempDir();
        var quiet = ConfigFactory.parseMap(Map.of("swarmcast.demo.enabled", false, "swarmcast.campaign.snapshot-every", "1h"));
        TestServer a = TestServer.start(dir, quiet);
        long tickAtShutdown;
        try {
            assertEquals(201, a.createCampaign("gs", "default", false, 5000).status());
            Thread.sleep(1500);
            tickAtShutdown = a.call("GET", "/api/campaigns/gs", a.token(io.swarmcast.edge.security.Role.ADMIN, "default"), null)
                .json().get("tick").asLong();
            assertTrue(tickAtShutdown > 30);
        } finally {
            a.server.close();
        }
        TestServer b = TestServer.start(dir, quiet);
        try {
            SelectedSnapshot s = new Replayer(b.server.node().system(), BackendKind.JAVA).latestSnapshot("gs")
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertTrue(s != null, "a snapshot was taken on shutdown (none is due for an hour of simulated time)");
            long snapTick = ((CampaignState) s.snapshot()).baseTick();
            assertTrue(snapTick >= tickAtShutdown, "snapshot at tick " + snapTick + ", status said " + tickAtShutdown);
            // and the campaign came back running
            var status = b.call("GET", "/api/campaigns/gs", b.token(io.swarmcast.edge.security.Role.ADMIN, "default"), null).json();
            assertEquals("running", status.get("state").asText());
        } finally {
            b.server.close();
        }
    }
}
