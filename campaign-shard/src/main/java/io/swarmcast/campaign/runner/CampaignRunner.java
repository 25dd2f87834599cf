package io.swarmcast.campaign.runner;

import io.swarmcast.campaign.CampaignCommand;
import io.swarmcast.campaign.CampaignCommand.AcceptedInput;
import io.swarmcast.campaign.CampaignCommand.SubscribeReply;
import io.swarmcast.campaign.CampaignEvent;
import io.swarmcast.campaign.CampaignEvent.SeqInput;
import io.swarmcast.campaign.CampaignReply;
import io.swarmcast.campaign.CampaignSettings;
import io.swarmcast.campaign.CampaignState;
import io.swarmcast.campaign.CampaignStatus;
import io.swarmcast.campaign.Lifecycle;
import io.swarmcast.campaign.frames.FrameHub;
import io.swarmcast.core.input.Input;
import io.swarmcast.core.input.InputApplier;
import io.swarmcast.core.input.TimedInput;
import io.swarmcast.core.scene.InvalidSceneException;
import io.swarmcast.core.scene.Scene;
import io.swarmcast.core.sim.ParticleState;
import io.swarmcast.engine.Backend;
import io.swarmcast.engine.Backends;
import io.swarmcast.engine.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.StreamRefs;

/**
 * The live world of one campaign: owns its {@link Simulation}, steps it on a drift-free 60 Hz clock
 * and never waits for anything else. Inputs are checked and queued here, then handed in batches to the
 * entity to persist (group commit: while one batch is being written, the next one gathers); the
 * entity acknowledges them once written. Checkpoints are taken at tick boundaries, only when every
 * accepted input is persisted, so a snapshot never contains an input the journal lacks.
 *
 * <p>Deadlines are {@code start + k * period} for whole k; a tick that starts after its successor's
 * deadline skips the missed slots (counted as overruns) instead of running them as a backlog.
 */
public final class CampaignRunner extends AbstractBehavior<CampaignRunner.Msg> {

    public sealed interface Msg {
    }

    /** Timer message; stale ones (from before a pause) carry an old generation and are ignored. */
    record Tick(long generation) implements Msg {
    }

    record CatchUp() implements Msg {
    }

    public record Accept(long tick, Input input, ActorRef<CampaignReply> replyTo) implements Msg {
    }

    /** The entity has persisted the batch it was given. */
    public record BatchPersisted() implements Msg {
    }

    public record SetRunning(boolean running) implements Msg {
    }

    public record TakeCheckpoint(ActorRef<CampaignReply> replyTo, boolean stopping) implements Msg {
    }

    public record GetStatus(Lifecycle lifecycle, io.swarmcast.campaign.CampaignMeta meta, ActorRef<CampaignReply> replyTo) implements Msg {
    }

    public record Subscribe(ActorRef<SubscribeReply> replyTo) implements Msg {
    }

    private static final Object TICK = "tick";
    /** Campaigns started on this node take phases 0, 7, 14, 5, ... sixteenths of the period apart. */
    private static final java.util.concurrent.atomic.AtomicInteger PHASES = new java.util.concurrent.atomic.AtomicInteger();
    private static final int CATCH_UP_SLICE_NANOS = 20_000_000;

    private final String id;
    private final ActorRef<CampaignCommand> entity;
    private final TimerScheduler<Msg> timers;
    private final Simulation sim;
    private final FrameHub hub;
    private final TickMetrics metrics;
    private final long checkpointEvery;
    private final long periodNanos;
    private final long catchUpTo;
    private final List<SeqInput> submitted = new ArrayList<>();
    private final List<AcceptedInput> unpersisted = new ArrayList<>();
    private final List<TakeCheckpoint> checkpointRequests = new ArrayList<>();
    private boolean batchInFlight;
    private boolean running;
    private boolean catchingUp;
    private boolean stopping;
    private long lastSeq;
    private long nextCheckpoint;
    private long generation;
    private long clockStart;
    private long slot;
    private long accepted;
    private long rejected;

    private final long entityStarted;

    /** {@code entityStarted}: System.nanoTime() when the entity began recovering, for recovery timings. */
    public static Behavior<Msg> create(String id, CampaignState state, boolean running, CampaignSettings settings,
                                       ActorRef<CampaignCommand> entity, long entityStarted) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
            new CampaignRunner(ctx, timers, id, state, running, settings, entity, entityStarted)));
    }

    private CampaignRunner(ActorContext<Msg> ctx, TimerScheduler<Msg> timers, String id, CampaignState state,
                           boolean running, CampaignSettings settings, ActorRef<CampaignCommand> entity,
                           long entityStarted) {
        super(ctx);
        this.entityStarted = entityStarted;
        this.id = id;
        this.entity = entity;
        this.timers = timers;
        this.metrics = TickMetrics.of(id);
        Scene scene = state.baseScene();
        metrics.particles = scene.particles();
        Backend backend = Backends.fromConfig(settings.root(), scene);
        this.sim = state.baseParticles() == null
            ? Simulation.create(scene, backend)
            : Simulation.restore(scene, state.baseTick(), state.baseParticles(), backend);
        for (SeqInput in : state.inputsToReplay()) {
            sim.submit(in.input());
            submitted.add(in);
        }
        sim.onRejected((in, e) -> {
            rejected++;
            ctx.getLog().debug("campaign {}: input for tick {} no longer applies: {}", id, in.tick(), e.getMessage());
        });
        this.lastSeq = state.lastSeq();
        this.periodNanos = 1_000_000_000L / scene.tickRate();
        this.checkpointEvery = settings.snapshotEveryTicks(scene.tickRate());
        this.nextCheckpoint = sim.tick() + checkpointEvery;
        this.catchUpTo = settings.catchUp() ? state.lastTick() : sim.tick();
        this.hub = new FrameHub(id, scene.particles(), Materializer.createMaterializer(ctx.getSystem()));
        this.running = running;
        ctx.getLog().info("campaign {}: world at tick {} ({} particles, backend {} on {}), {} inputs queued",
            id, sim.tick(), scene.particles(), backend.name(), backend.device(), submitted.size());
        metrics.restoredNanos = System.nanoTime() - entityStarted;
        if (sim.tick() < catchUpTo) {
            catchingUp = true;
            ctx.getSelf().tell(new CatchUp());
        } else {
            metrics.readyNanos = System.nanoTime() - entityStarted;
            if (running) {
                startClock();
            }
        }
    }

    @Override
    public Receive<Msg> createReceive() {
        return newReceiveBuilder()
            .onMessage(Tick.class, this::onTick)
            .onMessage(CatchUp.class, m -> onCatchUp())
            .onMessage(Accept.class, this::onAccept)
            .onMessage(BatchPersisted.class, m -> onBatchPersisted())
            .onMessage(SetRunning.class, this::onSetRunning)
            .onMessage(TakeCheckpoint.class, this::onTakeCheckpoint)
            .onMessage(GetStatus.class, this::onStatus)
            .onMessage(Subscribe.class, this::onSubscribe)
            .onSignal(PostStop.class, s -> {
                hub.close();
                sim.close();
                return this;
            })
            .build();
    }

    // ---- the clock ----

    private void startClock() {
        generation++;
        long now = System.nanoTime();
        // stagger campaigns across the period so that they do not all step at the same instant
        long phase = Math.floorMod(PHASES.getAndIncrement() * 7, 16) * (periodNanos / 16);
        clockStart = now - Math.floorMod(now, periodNanos) + phase;
        if (clockStart < now) {
            clockStart += periodNanos;
        }
        slot = 0;
        schedule(now);
    }

    private long deadline(long k) {
        return clockStart + k * periodNanos;
    }

    private void schedule(long now) {
        TickClock.get().at(deadline(slot), getContext().getSelf(), new Tick(generation));
    }

    private Behavior<Msg> onTick(Tick t) {
        if (t.generation() != generation || !running || catchingUp) {
            return this;
        }
        long start = System.nanoTime();
        metrics.lateness.recordValue(Math.max(0, start - deadline(slot)));
        step();
        long end = System.nanoTime();
        metrics.stepTime.recordValue(end - start);
        metrics.ticks.incrementAndGet();
        if (hub.wanted()) {
            hub.offer(sim.tick(), sim.scene().bounds(), this::readState);
        }
        slot++;
        long now = System.nanoTime();
        if (now > deadline(slot)) {
            long missed = (now - deadline(slot)) / periodNanos + 1;
            metrics.overruns.addAndGet(missed);
            slot += missed;
        }
        schedule(now);
        return this;
    }

    private void readState(ParticleState into) {
        sim.backend().read(into);
    }

    private void step() {
        sim.step();
        if (stopping) {
            return;
        }
        if (sim.tick() >= nextCheckpoint || !checkpointRequests.isEmpty()) {
            tryCheckpoint();
        }
    }

    private Behavior<Msg> onCatchUp() {
        long until = System.nanoTime() + CATCH_UP_SLICE_NANOS;
        while (sim.tick() < catchUpTo && System.nanoTime() < until) {
            sim.step();
        }
        if (sim.tick() < catchUpTo) {
            getContext().getSelf().tell(new CatchUp());
            return this;
        }
        catchingUp = false;
        metrics.readyNanos = System.nanoTime() - entityStarted;
        getContext().getLog().info("campaign {}: caught up to tick {}; restored in {} ms, ready in {} ms", id,
            sim.tick(), metrics.restoredNanos / 1_000_000, metrics.readyNanos / 1_000_000);
        if (!checkpointRequests.isEmpty()) {
            tryCheckpoint();
        }
        if (running) {
            startClock();
        }
        return this;
    }

    private Behavior<Msg> onSetRunning(SetRunning m) {
        if (m.running() && !running) {
            running = true;
            if (!catchingUp) {
                startClock();
            }
        } else if (!m.running() && running) {
            running = false;
            generation++;
            timers.cancel(TICK);
        }
        return this;
    }

    // ---- inputs ----

    private Behavior<Msg> onAccept(Accept a) {
        if (stopping) {
            a.replyTo().tell(new CampaignReply.Rejected(id, CampaignReply.Codes.ILLEGAL_STATE, null,
                "the campaign is stopping"));
            return this;
        }
        long now = sim.tick();
        long tick = a.tick() < 0 ? now : a.tick();
        if (tick < now) {
            rejected++;
            a.replyTo().tell(new CampaignReply.Rejected(id, CampaignReply.Codes.PAST_TICK, "tick",
                "input for tick " + tick + " arrived at tick " + now + "; inputs must be for tick " + now + " or later"));
            return this;
        }
        TimedInput timed = new TimedInput(tick, a.input());
        String problem = check(timed);
        if (problem != null) {
            rejected++;
            int colon = problem.indexOf('\u0000');
            a.replyTo().tell(new CampaignReply.Rejected(id, CampaignReply.Codes.INVALID, problem.substring(0, colon),
                problem.substring(colon + 1)));
            return this;
        }
        sim.submit(timed);
        accepted++;
        long seq = ++lastSeq;
        submitted.add(new SeqInput(seq, timed));
        unpersisted.add(new AcceptedInput(seq, timed, now, a.replyTo()));
        flushBatch();
        return this;
    }

    /**
     * Whether the input applies to the scene as it is now, or as it will be once the inputs already
     * queued have applied. Null if it does; else "field\0reason".
     */
    private String check(TimedInput timed) {
        try {
            InputApplier.apply(sim.scene(), timed);
            return null;
        } catch (InvalidSceneException first) {
            Scene projected = sim.scene();
            for (TimedInput q : sim.pendingInputs()) {
                try {
                    projected = InputApplier.apply(projected, q);
                } catch (InvalidSceneException ignored) {
                    // it will be refused at its tick too
                }
            }
            try {
                InputApplier.apply(projected, timed);
                return null;
            } catch (InvalidSceneException e) {
                return first.field() + '\u0000' + first.getMessage();
            }
        } catch (RuntimeException e) {
            return "input\u0000" + e.getMessage();
        }
    }

    private void flushBatch() {
        if (!batchInFlight && !unpersisted.isEmpty()) {
            batchInFlight = true;
            entity.tell(new CampaignCommand.InputsAccepted(List.copyOf(unpersisted)));
            unpersisted.clear();
        }
    }

    private Behavior<Msg> onBatchPersisted() {
        batchInFlight = false;
        flushBatch();
        if (!checkpointRequests.isEmpty() && (!running || catchingUp)) {
            tryCheckpoint();
        }
        return this;
    }

    // ---- checkpoints ----

    private Behavior<Msg> onTakeCheckpoint(TakeCheckpoint m) {
        checkpointRequests.add(m);
        if (!running && !catchingUp) {
            tryCheckpoint();
        }
        return this;
    }

    /** Captures the world if every accepted input is persisted; otherwise the next tick tries again. */
    private void tryCheckpoint() {
        if (batchInFlight || !unpersisted.isEmpty() || catchingUp) {
            return;
        }
        long tick = sim.tick();
        submitted.removeIf(s -> s.input().tick() < tick);
        boolean stop = checkpointRequests.stream().anyMatch(TakeCheckpoint::stopping);
        CampaignEvent.Checkpointed cp = new CampaignEvent.Checkpointed(tick, sim.scene(), List.copyOf(submitted),
            lastSeq, sim.snapshot());
        ActorRef<CampaignReply> replyTo = checkpointRequests.isEmpty() ? null : checkpointRequests.get(0).replyTo();
        for (int i = 1; i < checkpointRequests.size(); i++) {
            checkpointRequests.get(i).replyTo().tell(new CampaignReply.Done(id, null));
        }
        checkpointRequests.clear();
        nextCheckpoint = tick + checkpointEvery;
        if (stop) {
            stopping = true;
            running = false;
            generation++;
            timers.cancel(TICK);
        }
        entity.tell(new CampaignCommand.CheckpointTaken(cp, replyTo, stop));
    }

    // ---- status and frames ----

    private Behavior<Msg> onStatus(GetStatus m) {
        Scene scene = sim.scene();
        m.replyTo().tell(new CampaignReply.Status(new CampaignStatus(id, m.lifecycle(), sim.tick(), scene.particles(),
            sim.checksum(), sim.backend().name(), sim.backend().device(), hub.subscribers(),
            metrics.overruns.get(), accepted, rejected, Cluster.get(getContext().getSystem()).selfMember().address()
                .toString(), scene.name(), m.meta(), scene.tickRate())));
        return this;
    }

    private Behavior<Msg> onSubscribe(Subscribe m) {
        var ref = hub.subscribe().runWith(StreamRefs.sourceRef(),
            Materializer.matFromSystem(getContext().getSystem()));
        m.replyTo().tell(new SubscribeReply(ref, null));
        return this;
    }
}
