package io.swarmcast.campaign.replay;

import io.swarmcast.campaign.CampaignEntity;
import io.swarmcast.campaign.CampaignEvent;
import io.swarmcast.campaign.CampaignEvent.SeqInput;
import io.swarmcast.campaign.CampaignState;
import io.swarmcast.core.sim.ParticleState;
import io.swarmcast.engine.BackendKind;
import io.swarmcast.engine.Backends;
import io.swarmcast.engine.Simulation;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotProtocol;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Rebuilds a campaign's world at any tick from the database alone, without touching the live entity:
 * the newest snapshot whose tick is at or before the target, the journal's events after it, then the
 * deterministic engine stepped to the tick. Because the engine is bit-exact, the checksum equals the
 * one the live campaign had at that tick.
 */
public final class Replayer {
    /** Refuse replays that would step more than this from their base (about 4.6 hours at 60 Hz). */
    public static final long MAX_STEPS = 1_000_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final ActorSystem<?> system;
    private final BackendKind backend;

    public Replayer(ActorSystem<?> system, BackendKind backend) {
        this.system = system;
        this.backend = backend;
    }

    /** The world of campaign {@code id} at {@code tick}. */
    public CompletionStage<ReplayResult> replay(String id, long tick) {
        if (tick < 0) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("tick must be 0 or more, was " + tick));
        }
        String pid = CampaignEntity.persistenceId(id).id();
        return baseFor(pid, tick, Long.MAX_VALUE).thenCompose(base -> {
            CampaignState start = base == null ? CampaignState.empty(id) : (CampaignState) base.snapshot();
            long from = base == null ? 0 : base.metadata().sequenceNr() + 1;
            JdbcReadJournal journal = PersistenceQuery.get(Adapter.toClassic(system))
                .getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
            return journal.currentEventsByPersistenceId(pid, from, Long.MAX_VALUE)
                .runWith(Sink.fold(start, (s, env) -> s.apply((CampaignEvent) env.event())),
                    Materializer.matFromSystem(system))
                .thenApply(state -> run(id, state, tick, base == null ? -1 : base.metadata().sequenceNr()));
        });
    }

    /** The newest snapshot of campaign {@code id} as stored (null if it has none), with its sequence number. */
    public CompletionStage<SelectedSnapshot> latestSnapshot(String id) {
        return baseFor(CampaignEntity.persistenceId(id).id(), Long.MAX_VALUE, Long.MAX_VALUE);
    }

    /** The newest snapshot at or before {@code tick}, looking no later than {@code maxSeq}; null if none. */
    private CompletionStage<SelectedSnapshot> baseFor(String pid, long tick, long maxSeq) {
        if (maxSeq < 1) {
            return CompletableFuture.completedFuture(null);
        }
        var store = Persistence.get(Adapter.toClassic(system)).snapshotStoreFor("", com.typesafe.config.ConfigFactory.empty());
        var load = new SnapshotProtocol.LoadSnapshot(pid, SnapshotSelectionCriteria.create(maxSeq, Long.MAX_VALUE), Long.MAX_VALUE);
        return Patterns.ask(store, load, TIMEOUT).thenCompose(reply -> {
            if (reply instanceof SnapshotProtocol.LoadSnapshotFailed f) {
                throw new IllegalStateException("cannot load snapshot of " + pid, f.cause());
            }
            var result = (SnapshotProtocol.LoadSnapshotResult) reply;
            if (result.snapshot().isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            SelectedSnapshot s = result.snapshot().get();
            CampaignState state = (CampaignState) s.snapshot();
            if (state.baseTick() <= tick) {
                return CompletableFuture.completedFuture(s);
            }
            return baseFor(pid, tick, s.metadata().sequenceNr() - 1);
        });
    }

    private ReplayResult run(String id, CampaignState state, long tick, long snapshotSeq) {
        if (!state.exists()) {
            throw new IllegalArgumentException("no campaign '" + id + "'");
        }
        if (tick < state.baseTick()) {
            throw new IllegalArgumentException("tick " + tick + " is before the earliest state kept (tick "
                + state.baseTick() + ")");
        }
        if (tick - state.baseTick() > MAX_STEPS) {
            throw new IllegalArgumentException("tick " + tick + " is more than " + MAX_STEPS + " steps after the "
                + "nearest snapshot (tick " + state.baseTick() + ")");
        }
        long started = System.nanoTime();
        try (Simulation sim = state.baseParticles() == null
            ? Simulation.create(state.baseScene(), Backends.create(backend, state.baseScene()))
            : Simulation.restore(state.baseScene(), state.baseTick(), state.baseParticles(),
                Backends.create(backend, state.baseScene()))) {
            int inputs = 0;
            for (SeqInput in : state.inputsToReplay()) {
                if (in.input().tick() < tick) {
                    sim.submit(in.input());
                    inputs++;
                }
            }
            while (sim.tick() < tick) {
                sim.step();
            }
            ParticleState particles = sim.snapshot();
            return new ReplayResult(id, tick, sim.checksum(), sim.scene(), particles, state.baseTick(), snapshotSeq,
                inputs, state.lastTick(), (System.nanoTime() - started) / 1_000_000);
        }
    }
}
