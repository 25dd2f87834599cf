package io.swarmcast.campaign;

import static io.swarmcast.campaign.TestNodes.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.swarmcast.campaign.CampaignReply.Codes;
import io.swarmcast.campaign.frames.Frame;
import io.swarmcast.campaign.node.CampaignNode;
import io.swarmcast.campaign.replay.ReplayResult;
import io.swarmcast.campaign.replay.Replayer;
import io.swarmcast.core.input.Input;
import io.swarmcast.core.input.TimedInput;
import io.swarmcast.core.scene.Scene;
import io.swarmcast.engine.BackendKind;
import io.swarmcast.engine.Backends;
import io.swarmcast.engine.Simulation;
import io.swarmcast.persistence.DatabaseSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The campaign entity on one node, against a real database (H2 and PostgreSQL subclasses). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CampaignEntityTest {
    CampaignNode node;
    Campaigns campaigns;

    abstract DatabaseSettings database();

    @BeforeAll
    void start() {
        node = TestNodes.node(database());
        campaigns = node.campaigns();
    }

    @AfterAll
    void stop() {
        node.close();
    }

    CampaignReply call(CompletionStage<CampaignReply> s) {
        return await(s);
    }

    CampaignStatus status(String id) {
        return assertInstanceOf(CampaignReply.Status.class, call(campaigns.status(id))).status();
    }

    void waitForTick(String id, long tick) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (status(id).tick() < tick) {
            assertTrue(System.nanoTime() < deadline, "campaign " + id + " never reached tick " + tick);
            Thread.sleep(20);
        }
    }

    @Test
    void liveChecksumEqualsReplayAndAnIndependentRun() throws Exception {
        String id = "replay-" + System.nanoTime() % 100000;
        Scene scene = TestNodes.scene(4000);
        assertEquals(new CampaignReply.Done(id, Lifecycle.CREATED), call(campaigns.create(id, scene, false)));
        List<TimedInput> sent = new ArrayList<>();
        for (int k = 0; k < 12; k++) {
            TimedInput in = new TimedInput(10 + 15L * k, TestNodes.input(k));
            CampaignReply r = call(campaigns.input(id, in.tick(), in.input()));
            assertEquals(in.tick(), assertInstanceOf(CampaignReply.InputAccepted.class, r).tick());
            sent.add(in);
        }
        assertEquals(Lifecycle.RUNNING, ((CampaignReply.Done) call(campaigns.start(id))).state());
        waitForTick(id, 150);
        // a snapshot mid-run, so that replay starts from it, and inputs after it
        assertInstanceOf(CampaignReply.Done.class, call(campaigns.snapshot(id)));
        for (int k = 12; k < 20; k++) {
            CampaignReply r = call(campaigns.input(id, -1, TestNodes.input(k)));
            long at = assertInstanceOf(CampaignReply.InputAccepted.class, r).tick();
            sent.add(new TimedInput(at, TestNodes.input(k)));
        }
        waitForTick(id, 260);
        assertEquals(Lifecycle.PAUSED, ((CampaignReply.Done) call(campaigns.pause(id))).state());
        CampaignStatus live = status(id);
        assertEquals(Lifecycle.PAUSED, live.state());
        Thread.sleep(100);
        assertEquals(live.tick(), status(id).tick(), "a paused campaign does not move");

        ReplayResult replayed = await(new Replayer(node.system(), BackendKind.JAVA).replay(id, live.tick()));
        assertEquals(live.checksum(), replayed.checksum(), "replay at tick " + live.tick());
        assertTrue(replayed.fromTick() > 0, "replay started from the mid-run snapshot, not tick 0");

        try (Simulation ref = Simulation.create(scene, Backends.create(BackendKind.JAVA_SCALAR, scene))) {
            sent.forEach(ref::submit);
            while (ref.tick() < live.tick()) {
                ref.step();
            }
            assertEquals(ref.checksum(), live.checksum(), "an uninterrupted run from the scene and inputs");
        }
        // earlier ticks too: replay from tick 0 where no snapshot is old enough
        ReplayResult early = await(new Replayer(node.system(), BackendKind.JAVA).replay(id, 40));
        assertEquals(-1, early.snapshotSequenceNr());
        try (Simulation ref = Simulation.create(scene, Backends.create(BackendKind.JAVA, scene))) {
            sent.stream().filter(t -> t.tick() < 40).forEach(ref::submit);
            while (ref.tick() < 40) {
                ref.step();
            }
            assertEquals(ref.checksum(), early.checksum());
        }
    }

    @Test
    void onlyTheNewestSnapshotsAreKept() throws Exception {
        String id = "kept-" + System.nanoTime() % 100000;
        call(campaigns.create(id, TestNodes.scene(1000), true));
        for (int i = 0; i < 6; i++) {
            assertInstanceOf(CampaignReply.Done.class, call(campaigns.snapshot(id)));
        }
        DatabaseSettings db = node.database();
        boolean h2 = db.kind() == DatabaseSettings.Kind.H2;
        String q = h2 ? "SELECT COUNT(*) FROM \"snapshot\" WHERE \"persistence_id\" = ?"
            : "SELECT COUNT(*) FROM snapshot WHERE persistence_id = ?";
        long until = System.nanoTime() + 10_000_000_000L;
        long rows;
        do {
            Thread.sleep(100);
            try (var conn = java.sql.DriverManager.getConnection(db.url(), db.user(), db.password());
                 var ps = conn.prepareStatement(q)) {
                ps.setString(1, CampaignEntity.persistenceId(id).id());
                var rs = ps.executeQuery();
                rs.next();
                rows = rs.getLong(1);
            }
        } while (rows != 3 && System.nanoTime() < until);
        assertEquals(3, rows, "snapshots-kept = 3 of 6 taken");
        call(campaigns.stop(id));
    }

    @Test
    void badCommandsAreRejectedClearlyAndChangeNothing() throws Exception {
        String id = "bad-" + System.nanoTime() % 100000;
        CampaignReply.Rejected unknown = assertInstanceOf(CampaignReply.Rejected.class, call(campaigns.start("nobody-here")));
        assertEquals(Codes.UNKNOWN_CAMPAIGN, unknown.code());
        assertEquals(Codes.UNKNOWN_CAMPAIGN, ((CampaignReply.Rejected) call(campaigns.status("Bad Id!"))).code());

        Scene bad = TestNodes.scene(1000).withParticles(-5);
        CampaignReply.Rejected invalid = assertInstanceOf(CampaignReply.Rejected.class, call(campaigns.create(id, bad, true)));
        assertEquals(Codes.INVALID, invalid.code());
        assertTrue(invalid.field().contains("particles"), invalid.field());

        call(campaigns.create(id, TestNodes.scene(1000), false));
        assertEquals(Codes.ALREADY_EXISTS, ((CampaignReply.Rejected) call(campaigns.create(id, TestNodes.scene(1000), true))).code());
        CampaignReply.Rejected illegal = (CampaignReply.Rejected) call(campaigns.pause(id));
        assertEquals(Codes.ILLEGAL_STATE, illegal.code());
        assertTrue(illegal.message().contains("created"), illegal.message());
        assertEquals(Codes.ILLEGAL_STATE, ((CampaignReply.Rejected) call(campaigns.resume(id))).code());

        call(campaigns.start(id));
        assertEquals(Codes.ILLEGAL_STATE, ((CampaignReply.Rejected) call(campaigns.start(id))).code());
        waitForTick(id, 30);
        CampaignReply.Rejected past = (CampaignReply.Rejected) call(campaigns.input(id, 3, TestNodes.input(0)));
        assertEquals(Codes.PAST_TICK, past.code());
        assertEquals("tick", past.field());

        var nan = JsonNodeFactory.instance.objectNode().put("strength", Double.NaN);
        CampaignReply.Rejected badParam = (CampaignReply.Rejected) call(campaigns.ask(id,
            r -> new CampaignCommand.UpdateParameters("left", nan, r)));
        assertEquals(Codes.INVALID, badParam.code());
        assertTrue(badParam.field().contains("strength"), badParam.field() + ": " + badParam.message());
        CampaignReply.Rejected noField = (CampaignReply.Rejected) call(campaigns.input(id, -1,
            new Input.MoveField("no-such-field", new io.swarmcast.core.scene.Vec3(0, 0, 0))));
        assertEquals(Codes.INVALID, noField.code());

        CampaignStatus before = status(id);
        assertEquals(Lifecycle.RUNNING, before.state());
        assertEquals(3, before.inputsRejected(), "past tick, NaN, missing field, and nothing else");
        waitForTick(id, before.tick() + 10);

        assertEquals(Lifecycle.STOPPED, ((CampaignReply.Done) call(campaigns.stop(id))).state());
        CampaignStatus stopped = status(id);
        assertEquals(Lifecycle.STOPPED, stopped.state());
        assertNotEquals(0, stopped.checksum());
        assertEquals(Codes.ILLEGAL_STATE, ((CampaignReply.Rejected) call(campaigns.input(id, -1, TestNodes.input(1)))).code());
        // a stopped campaign starts again from its final snapshot
        assertEquals(Lifecycle.RUNNING, ((CampaignReply.Done) call(campaigns.start(id))).state());
        CampaignStatus restarted = status(id);
        assertEquals(stopped.tick(), restarted.tick(), 3);
        call(campaigns.stop(id));
    }

    @Test
    void tenCampaignsTickAtOnceAndSlowOrCrashedSubscribersDoNotHoldThemBack() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String id = "many-" + i + "-" + System.nanoTime() % 10000;
            ids.add(id);
            call(campaigns.create(id, TestNodes.scene(2000), true));
        }
        String watched = ids.get(0);
        Materializer mat = Materializer.matFromSystem(node.system());
        // a stalled subscriber (never reads) and one that crashes after two frames
        var stalled = await(campaigns.frames(watched)).runWith(Sink.queue(), mat);
        var crashing = await(campaigns.frames(watched)).take(2).map(f -> {
            if (f.tick() > 0) {
                throw new IllegalStateException("viewer crashed");
            }
            return f;
        }).runWith(Sink.ignore(), mat);
        List<Frame> got = await(await(campaigns.frames(watched)).take(30).runWith(Sink.seq(), mat));
        for (int i = 1; i < got.size(); i++) {
            assertTrue(got.get(i).tick() > got.get(i - 1).tick(), "frames arrive in tick order");
        }
        assertEquals(2000, got.get(0).count());
        long t0 = status(watched).tick();
        Thread.sleep(1000);
        for (String id : ids) {
            CampaignStatus s = status(id);
            assertEquals(Lifecycle.RUNNING, s.state());
            assertTrue(s.tick() > 40, id + " ticked " + s.tick());
        }
        long advanced = status(watched).tick() - t0;
        assertTrue(advanced >= 45 && advanced <= 75, "60 Hz with a stalled subscriber: " + advanced + " ticks in ~1 s");
        assertTrue(crashing.toCompletableFuture().isCompletedExceptionally() || crashing.toCompletableFuture().isDone());
        stalled.cancel();
        for (String id : ids) {
            call(campaigns.stop(id));
        }
    }
}
