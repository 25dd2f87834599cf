package io.swarmcast.campaign;

import static io.swarmcast.campaign.TestNodes.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swarmcast.campaign.node.CampaignNode;
import io.swarmcast.campaign.runner.TickMetrics;
import io.swarmcast.core.input.TimedInput;
import io.swarmcast.core.scene.Scene;
import io.swarmcast.engine.BackendKind;
import io.swarmcast.engine.Backends;
import io.swarmcast.engine.Simulation;
import io.swarmcast.persistence.DatabaseSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.Test;

/**
 * Kills a node's JVM with SIGKILL mid-run and restarts on the same database: the campaign comes back
 * by itself (remember-entities), no acknowledged input is lost, and the world at every tick observed
 * before and after the crash equals an uninterrupted run of the scene and the journaled inputs.
 */
abstract class CrashRecoveryTest {
    static final int PARTICLES = 20_000;

    abstract DatabaseSettings database() throws Exception;

    abstract List<String> childDatabaseArgs(DatabaseSettings db);

    @Test
    void killedNodeRecoversBitIdentical() throws Exception {
        DatabaseSettings db = database();
        String id = "crash";
        Scene scene = TestNodes.scene(PARTICLES);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-modules", "jdk.incubator.vector", "-Xmx1g", "-cp", System.getProperty("java.class.path"),
            RecoveryChild.class.getName()));
        cmd.addAll(childDatabaseArgs(db));
        cmd.addAll(List.of(id, Integer.toString(PARTICLES)));
        Process child = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        TreeMap<Integer, long[]> acked = new TreeMap<>();
        TreeMap<Long, Long> seenBefore = new TreeMap<>();
        boolean snapshot = false;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
            String line;
            while ((line = out.readLine()) != null) {
                String[] f = line.split(" ");
                switch (f[0]) {
                    case "ACK" -> acked.put(Integer.parseInt(f[1]), new long[] {Long.parseLong(f[2]), Long.parseLong(f[3])});
                    case "STATUS" -> seenBefore.put(Long.parseLong(f[1]), Long.parseLong(f[2]));
                    case "SNAPSHOT" -> snapshot = true;
                    default -> { }
                }
                if (snapshot && acked.size() >= 20) {
                    break;
                }
            }
            assertTrue(snapshot && acked.size() >= 20, "the child ran: " + acked.size() + " inputs acknowledged");
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no final snapshot
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        } finally {
            child.destroyForcibly();
        }

        try (CampaignNode node = CampaignNode.start(TestNodes.overrides(0, ""), db)) {
            // the campaign restarts without being asked: wait for its runner to tick
            TickMetrics m = TickMetrics.of(id);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            long ticksAtStart = m.ticks.get();
            while (m.ticks.get() < ticksAtStart + 30) {
                assertTrue(System.nanoTime() < until, "the campaign did not come back by itself");
                Thread.sleep(50);
            }
            Campaigns campaigns = node.campaigns();
            assertEquals(Lifecycle.PAUSED, ((CampaignReply.Done) await(campaigns.pause(id))).state());
            CampaignStatus after = ((CampaignReply.Status) await(campaigns.status(id))).status();

            List<CampaignEvent.InputApplied> journal = await(PersistenceQuery.get(Adapter.toClassic(node.system()))
                .getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier())
                .currentEventsByPersistenceId(CampaignEntity.persistenceId(id).id(), 0, Long.MAX_VALUE)
                .map(e -> e.event())
                .filter(e -> e instanceof CampaignEvent.InputApplied)
                .map(e -> (CampaignEvent.InputApplied) e)
                .runWith(Sink.seq(), Materializer.matFromSystem(node.system())));
            // nothing acknowledged is lost, and the journal holds exactly the script's inputs in order
            assertTrue(journal.size() >= acked.size(), journal.size() + " journaled, " + acked.size() + " acknowledged");
            for (int k = 0; k < journal.size(); k++) {
                CampaignEvent.InputApplied e = journal.get(k);
                assertEquals(TestNodes.input(k), e.input().input(), "input " + k);
                assertEquals(k + 1, e.seq());
                long[] ack = acked.get(k);
                if (ack != null) {
                    assertEquals(ack[0], e.input().tick(), "acknowledged tick of input " + k);
                }
            }
            // an uninterrupted run of the scene and the journaled inputs passes through every observed state
            TreeMap<Long, Long> expected = new TreeMap<>(seenBefore);
            expected.put(after.tick(), after.checksum());
            try (Simulation ref = Simulation.create(scene, Backends.create(BackendKind.JAVA, scene))) {
                journal.forEach(e -> ref.submit(e.input()));
                for (var e : expected.entrySet()) {
                    while (ref.tick() < e.getKey()) {
                        ref.step();
                    }
                    assertEquals(e.getValue(), ref.checksum(), "checksum at tick " + e.getKey()
                        + (e.getKey() == after.tick() ? " after recovery" : " before the crash"));
                }
            }
            assertTrue(after.tick() >= seenBefore.lastKey() - 5,
                "recovery caught up to the journaled tick: " + after.tick() + " vs " + seenBefore.lastKey());
        }
    }
}
