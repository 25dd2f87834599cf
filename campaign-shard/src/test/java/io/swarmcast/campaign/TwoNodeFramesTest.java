package io.swarmcast.campaign;

import static io.swarmcast.campaign.TestNodes.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swarmcast.campaign.frames.Frame;
import io.swarmcast.campaign.node.CampaignNode;
import io.swarmcast.persistence.DatabaseSettings;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.Test;

/**
 * Two cluster nodes on loopback: a viewer-facing node subscribes to the frames of a campaign that
 * lives on the other node, through a stream reference, and receives them in tick order.
 */
class TwoNodeFramesTest {

    @Test
    void framesCrossNodes() throws Exception {
        DatabaseSettings db = DatabaseSettings.h2(Files.createTempDirectory(Path.of("target"), "h2-two"));
        int portA;
        try (ServerSocket s = new ServerSocket(0)) {
            portA = s.getLocalPort();
        }
        String seed = "\"pekko://swarmcast@127.0.0.1:" + portA + "\"";
        try (CampaignNode a = CampaignNode.start(TestNodes.overrides(portA, seed), db);
             CampaignNode b = CampaignNode.start(TestNodes.overrides(0, seed), db)) {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (countUp(a) < 2 || countUp(b) < 2) {
                assertTrue(System.nanoTime() < until, "the two nodes did not form a cluster");
                Thread.sleep(100);
            }
            // create campaigns until one lands on node A, then watch it from node B
            String hosted = null;
            String addressA = Cluster.get(a.system()).selfMember().address().toString();
            for (int i = 0; i < 20 && hosted == null; i++) {
                String id = "far-" + i;
                await(a.campaigns().create(id, TestNodes.scene(3000), true));
                CampaignStatus st = ((CampaignReply.Status) await(b.campaigns().status(id))).status();
                if (st.node().equals(addressA)) {
                    hosted = id;
                }
            }
            assertTrue(hosted != null, "no campaign was placed on node A");
            List<Frame> frames = await(await(b.campaigns().frames(hosted)).take(20)
                .runWith(Sink.seq(), Materializer.matFromSystem(b.system())));
            assertEquals(20, frames.size());
            for (int i = 1; i < frames.size(); i++) {
                assertTrue(frames.get(i).tick() > frames.get(i - 1).tick());
            }
            Frame f = frames.get(frames.size() - 1);
            assertEquals(hosted, f.campaign());
            assertEquals(3000, f.count());
            assertEquals(3000 * Frame.BYTES_PER_PARTICLE, f.payload().length);
            int distinct = 0;
            for (int i = 1; i < f.count(); i++) {
                if (f.x(i) != f.x(0)) {
                    distinct++;
                }
            }
            assertTrue(distinct > 2000, "positions are real data, not zeros");
            assertNotEquals(0, f.serverMicros());
            long ageMicros = System.currentTimeMillis() * 1000 - f.serverMicros();
            assertTrue(ageMicros >= 0 && ageMicros < 5_000_000, "server timestamp is the capture time: " + ageMicros);
        }
    }

    private static long countUp(CampaignNode n) {
        var members = Cluster.get(n.system()).state().getMembers();
        long up = 0;
        for (var m : members) {
            if (m.status() == MemberStatus.up()) {
                up++;
            }
        }
        return up;
    }
}
