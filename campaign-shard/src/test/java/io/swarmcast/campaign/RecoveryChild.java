package io.swarmcast.campaign;

import io.swarmcast.campaign.node.CampaignNode;
import io.swarmcast.persistence.DatabaseSettings;
import java.nio.file.Path;

/**
 * The process {@link CrashRecoveryTest} kills: runs a campaign, sends the test's input script and
 * prints what was acknowledged and what the live world looked like, until it is killed with SIGKILL.
 * Arguments: {@code h2 DIR | pg URL}, campaign id, particle count.
 */
public final class RecoveryChild {
    public static void main(String[] args) throws Exception {
        DatabaseSettings db = args[0].equals("h2") ? DatabaseSettings.h2(Path.of(args[1]))
            : DatabaseSettings.postgres(args[1], System.getenv().getOrDefault("SWARMCAST_TEST_PG_USER", "postgres"),
                System.getenv().getOrDefault("SWARMCAST_TEST_PG_PASSWORD", "postgres"));
        String id = args[2];
        int particles = Integer.parseInt(args[3]);
        CampaignNode node = CampaignNode.start(TestNodes.overrides(0, ""), db);
        Campaigns c = node.campaigns();
        TestNodes.await(c.create(id, TestNodes.scene(particles), true));
        System.out.println("CREATED");
        for (int k = 0; ; k++) {
            CampaignReply r = TestNodes.await(c.input(id, -1, TestNodes.input(k)));
            if (r instanceof CampaignReply.InputAccepted a) {
                System.out.println("ACK " + k + " " + a.tick() + " " + a.seq());
            } else {
                System.out.println("REJECTED " + k + " " + r);
            }
            if (k == 8) {
                TestNodes.await(c.snapshot(id));
                System.out.println("SNAPSHOT");
            }
            CampaignStatus s = ((CampaignReply.Status) TestNodes.await(c.status(id))).status();
            System.out.println("STATUS " + s.tick() + " " + s.checksum());
            System.out.flush();
            Thread.sleep(40);
        }
    }
}
