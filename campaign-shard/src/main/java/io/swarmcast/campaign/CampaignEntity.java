package io.swarmcast.campaign;

import io.swarmcast.campaign.CampaignCommand.AcceptedInput;
import io.swarmcast.campaign.CampaignReply.Codes;
import io.swarmcast.campaign.CampaignReply.Rejected;
import io.swarmcast.campaign.runner.CampaignRunner;
import io.swarmcast.core.input.Input;
import io.swarmcast.core.scene.InvalidSceneException;
import io.swarmcast.core.scene.SceneValidator;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityContext;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.SnapshotProtocol;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One campaign, sharded across the cluster by id and event-sourced. It decides and journals; its
 * child {@link CampaignRunner} owns the live world and the clock, so that persisting never delays a
 * tick. Every reply that acknowledges a change is sent after the change's events are persisted.
 */
public final class CampaignEntity
    extends EventSourcedBehaviorWithEnforcedReplies<CampaignCommand, CampaignEvent, CampaignState> {

    public static final EntityTypeKey<CampaignCommand> TYPE_KEY =
        EntityTypeKey.create(CampaignCommand.class, "Campaign");
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private final String id;
    private final ActorContext<CampaignCommand> ctx;
    private final CampaignSettings settings;
    private final Runnable passivate;
    private final ArrayDeque<Long> snapshots = new ArrayDeque<>();
    private ActorRef<CampaignRunner.Msg> runner;
    private boolean stopping;
    private boolean handingOff;
    private final long started = System.nanoTime();

    /** Whether {@code id} is a legal campaign id: lower-case letters, digits and '-', up to 64. */
    public static boolean validId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    public static Behavior<CampaignCommand> create(EntityContext<CampaignCommand> entity, CampaignSettings settings) {
        return Behaviors.setup(ctx -> new CampaignEntity(entity.getEntityId(), ctx, settings,
            () -> entity.getShard().tell(new ClusterSharding.Passivate<>(ctx.getSelf()))));
    }

    /** An unsharded campaign (tests, tools): {@code passivate} is what to do when it has nothing to do. */
    public static Behavior<CampaignCommand> create(String id, CampaignSettings settings) {
        return Behaviors.setup(ctx -> new CampaignEntity(id, ctx, settings, () -> { }));
    }

    private CampaignEntity(String id, ActorContext<CampaignCommand> ctx, CampaignSettings settings,
                           Runnable passivate) {
        super(persistenceId(id));
        this.id = id;
        this.ctx = ctx;
        this.settings = settings;
        this.passivate = passivate;
    }

    public static PersistenceId persistenceId(String id) {
        return PersistenceId.of(TYPE_KEY.name(), id);
    }

    @Override
    public CampaignState emptyState() {
        return CampaignState.empty(id);
    }

    @Override
    public boolean shouldSnapshot(CampaignState state, CampaignEvent event, long sequenceNr) {
        return event instanceof CampaignEvent.Checkpointed c && c.particles() != null;
    }

    @Override
    public EventHandler<CampaignState, CampaignEvent> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent(CampaignState::apply);
    }

    @Override
    public SignalHandler<CampaignState> signalHandler() {
        return newSignalHandlerBuilder()
            .onSignal(RecoveryCompleted.instance(), state -> {
                if (state.live()) {
                    spawnRunner(state);
                } else if (state.lifecycle() == Lifecycle.STOPPED || state.lifecycle() == Lifecycle.DELETED) {
                    passivate.run();
                }
            })
            .onSignal(SnapshotCompleted.class, (state, done) -> retainSnapshots(done.metadata().sequenceNr()))
            .build();
    }

    private void spawnRunner(CampaignState state) {
        runner = ctx.spawn(CampaignRunner.create(id, state, state.lifecycle() == Lifecycle.RUNNING, settings,
                ctx.getSelf(), started), "runner",
            org.apache.pekko.actor.typed.DispatcherSelector.fromConfig("swarmcast.sim-dispatcher"));
        ctx.watch(runner);
    }

    private void stopRunner() {
        if (runner != null) {
            ctx.unwatch(runner);
            ctx.stop(runner);
            runner = null;
        }
    }

    /** Keeps the newest {@code snapshots-kept} snapshots and deletes the rest. */
    private void retainSnapshots(long sequenceNr) {
        snapshots.addLast(sequenceNr);
        if (snapshots.size() > settings.snapshotsKept()) {
            long oldestKept;
            while (snapshots.size() > settings.snapshotsKept()) {
                snapshots.removeFirst();
            }
            oldestKept = snapshots.peekFirst();
            org.apache.pekko.actor.ActorRef store = org.apache.pekko.persistence.Persistence
                .get(org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(ctx.getSystem()))
                .snapshotStoreFor("", com.typesafe.config.ConfigFactory.empty());
            store.tell(new SnapshotProtocol.DeleteSnapshots(persistenceId().id(),
                SnapshotSelectionCriteria.create(oldestKept - 1, Long.MAX_VALUE)), org.apache.pekko.actor.ActorRef.noSender());
        }
    }

    @Override
    public CommandHandlerWithReply<CampaignCommand, CampaignEvent, CampaignState> commandHandler() {
        return newCommandHandlerWithReplyBuilder().forAnyState()
            .onCommand(CampaignCommand.Create.class, this::onCreate)
            .onCommand(CampaignCommand.Start.class, this::onStart)
            .onCommand(CampaignCommand.Pause.class, this::onPause)
            .onCommand(CampaignCommand.Resume.class, this::onResume)
            .onCommand(CampaignCommand.Stop.class, this::onStop)
            .onCommand(CampaignCommand.ApplyInput.class, (s, c) -> onInput(s, c.tick(), c.input(), c.replyTo()))
            .onCommand(CampaignCommand.UpdateParameters.class, (s, c) -> onInput(s, -1,
                new Input.SetParameters(c.target(), c.params()), c.replyTo()))
            .onCommand(CampaignCommand.GetStatus.class, this::onStatus)
            .onCommand(CampaignCommand.SnapshotNow.class, this::onSnapshotNow)
            .onCommand(CampaignCommand.SubscribeFrames.class, this::onSubscribe)
            .onCommand(CampaignCommand.SetPublic.class, this::onSetPublic)
            .onCommand(CampaignCommand.Delete.class, this::onDelete)
            .onCommand(CampaignCommand.Handoff.class, this::onHandoff)
            .onCommand(CampaignCommand.InputsAccepted.class, this::onInputsAccepted)
            .onCommand(CampaignCommand.CheckpointTaken.class, this::onCheckpointTaken)
            .build();
    }

    private Rejected rejected(String code, String field, String message) {
        return new Rejected(id, code, field, message);
    }

    private ReplyEffect<CampaignEvent, CampaignState> unknown(ActorRef<CampaignReply> replyTo) {
        passivate.run();
        return Effect().reply(replyTo, rejected(Codes.UNKNOWN_CAMPAIGN, "id", "no campaign '" + id + "'"));
    }

    private ReplyEffect<CampaignEvent, CampaignState> illegal(CampaignState s, String action,
                                                               ActorRef<CampaignReply> replyTo) {
        return Effect().reply(replyTo, rejected(Codes.ILLEGAL_STATE, null,
            "cannot " + action + " a campaign that is " + (stopping ? "stopping" : s.lifecycle().wireName())));
    }

    private ReplyEffect<CampaignEvent, CampaignState> onCreate(CampaignState s, CampaignCommand.Create c) {
        if (s.lifecycle() == Lifecycle.DELETED) {
            return Effect().reply(c.replyTo(), rejected(Codes.ALREADY_EXISTS, "id",
                "campaign '" + id + "' was deleted; its id stays with its journal and cannot be reused"));
        }
        if (s.exists()) {
            return Effect().reply(c.replyTo(), rejected(Codes.ALREADY_EXISTS, "id",
                "campaign '" + id + "' already exists"));
        }
        if (!validId(id)) {
            passivate.run();
            return Effect().reply(c.replyTo(), rejected(Codes.INVALID, "id",
                "campaign ids are 1-64 lower-case letters, digits and '-', starting with a letter or digit"));
        }
        if (c.scene() == null) {
            return Effect().reply(c.replyTo(), rejected(Codes.INVALID, "scene", "a scene is required"));
        }
        try {
            SceneValidator.requireValid(c.scene());
        } catch (InvalidSceneException e) {
            return Effect().reply(c.replyTo(), rejected(Codes.INVALID, "scene." + e.field(), e.getMessage()));
        }
        CampaignMeta meta = c.meta() == null ? CampaignMeta.DEFAULT : c.meta();
        if (!CampaignMeta.validTenant(meta.tenant())) {
            return Effect().reply(c.replyTo(), rejected(Codes.INVALID, "tenant",
                "tenants are 1-64 lower-case letters, digits and '-', starting with a letter or digit"));
        }
        List<CampaignEvent> events = new ArrayList<>();
        events.add(new CampaignEvent.Created(c.scene(), System.currentTimeMillis(), meta));
        if (c.start()) {
            events.add(new CampaignEvent.Started(0));
        }
        return Effect().persist(events)
            .thenRun(this::spawnRunner)
            .thenReply(c.replyTo(), st -> new CampaignReply.Done(id, st.lifecycle()));
    }

    private ReplyEffect<CampaignEvent, CampaignState> onStart(CampaignState s, CampaignCommand.Start c) {
        if (!s.exists()) {
            return unknown(c.replyTo());
        }
        if (stopping || (s.lifecycle() != Lifecycle.CREATED && s.lifecycle() != Lifecycle.STOPPED)) {
            return illegal(s, "start", c.replyTo());
        }
        return Effect().persist(new CampaignEvent.Started(s.lastTick()))
            .thenRun(st -> {
                if (runner == null) {
                    spawnRunner(st);
                } else {
                    runner.tell(new CampaignRunner.SetRunning(true));
                }
            })
            .thenReply(c.replyTo(), st -> new CampaignReply.Done(id, st.lifecycle()));
    }

    private ReplyEffect<CampaignEvent, CampaignState> onPause(CampaignState s, CampaignCommand.Pause c) {
        if (!s.exists()) {
            return unknown(c.replyTo());
        }
        if (stopping || s.lifecycle() != Lifecycle.RUNNING) {
            return illegal(s, "pause", c.replyTo());
        }
        return Effect().persist(new CampaignEvent.Paused(s.lastTick()))
            .thenRun(st -> runner.tell(new CampaignRunner.SetRunning(false)))
            .thenReply(c.replyTo(), st -> new CampaignReply.Done(id, st.lifecycle()));
    }

    private ReplyEffect<CampaignEvent, CampaignState> onResume(CampaignState s, CampaignCommand.Resume c) {
        if (!s.exists()) {
            return unknown(c.replyTo());
        }
        if (stopping || s.lifecycle() != Lifecycle.PAUSED) {
            return illegal(s, "resume", c.replyTo());
        }
        return Effect().persist(new CampaignEvent.Resumed(s.lastTick()))
            .thenRun(st -> runner.tell(new CampaignRunner.SetRunning(true)))
            .thenReply(c.replyTo(), st -> new CampaignReply.Done(id, st.lifecycle()));
    }

    private ReplyEffect<CampaignEvent, CampaignState> onStop(CampaignState s, CampaignCommand.Stop c) {
        if (!s.exists()) {
            return unknown(c.replyTo());
        }
        if (stopping || !s.live()) {
            return illegal(s, "stop", c.replyTo());
        }
        stopping = true;
        runner.tell(new CampaignRunner.TakeCheckpoint(c.replyTo(), true));
        return Effect().noReply();
    }

    private ReplyEffect<CampaignEvent, CampaignState> onInput(CampaignState s, long tick, Input input,
                                                              ActorRef<CampaignReply> replyTo) {
        if (!s.exists()) {
            return unknown(replyTo);
        }
        if (stopping || !s.live()) {
            return illegal(s, "send inputs to", replyTo);
        }
        if (input == null) {
            return Effect().reply(replyTo, rejected(Codes.INVALID, "input", "an input is required"));
        }
        runner.tell(new CampaignRunner.Accept(tick, input, replyTo));
        return Effect().noReply();
    }

    private ReplyEffect<CampaignEvent, CampaignState> onStatus(CampaignState s, CampaignCommand.GetStatus c) {
        if (!s.exists()) {
            return unknown(c.replyTo());
        }
        if (runner != null) {
            runner.tell(new CampaignRunner.GetStatus(s.lifecycle(), s.meta(), c.replyTo()));
            return Effect().noReply();
        }
        long checksum = s.baseParticles() != null ? s.baseParticles().checksum() : 0;
        return Effect().reply(c.replyTo(), new CampaignReply.Status(new CampaignStatus(id, s.lifecycle(), s.baseTick(),
            s.baseScene().particles(), checksum, "", "", 0, 0, 0, 0, "", s.baseScene().name(), s.meta(),
            s.baseScene().tickRate())));
    }

    private ReplyEffect<CampaignEvent, CampaignState> onSnapshotNow(CampaignState s, CampaignCommand.SnapshotNow c) {
        if (!s.exists()) {
            return unknown(c.replyTo());
        }
        if (stopping || runner == null) {
            return illegal(s, "snapshot", c.replyTo());
        }
        runner.tell(new CampaignRunner.TakeCheckpoint(c.replyTo(), false));
        return Effect().noReply();
    }

    private ReplyEffect<CampaignEvent, CampaignState> onSubscribe(CampaignState s, CampaignCommand.SubscribeFrames c) {
        if (runner == null) {
            Rejected r = s.exists() ? rejected(Codes.ILLEGAL_STATE, null, "campaign '" + id + "' is "
                + s.lifecycle().wireName()) : rejected(Codes.UNKNOWN_CAMPAIGN, "id", "no campaign '" + id + "'");
            if (!s.exists()) {
                passivate.run();
            }
            return Effect().reply(c.replyTo(), new CampaignCommand.SubscribeReply(null, r));
        }
        runner.tell(new CampaignRunner.Subscribe(c.replyTo()));
        return Effect().noReply();
    }

    private ReplyEffect<CampaignEvent, CampaignState> onInputsAccepted(CampaignState s,
                                                                       CampaignCommand.InputsAccepted c) {
        List<CampaignEvent> events = new ArrayList<>(c.batch().size());
        for (AcceptedInput a : c.batch()) {
            events.add(new CampaignEvent.InputApplied(a.seq(), a.input(), a.atTick()));
        }
        ActorRef<CampaignRunner.Msg> r = runner;
        long persistStart = System.nanoTime();
        return Effect().persist(events)
            .thenRun(st -> {
                io.swarmcast.campaign.runner.TickMetrics.of(id).persistTime.recordValue(System.nanoTime() - persistStart);
                for (AcceptedInput a : c.batch()) {
                    a.replyTo().tell(new CampaignReply.InputAccepted(id, a.input().tick(), a.seq()));
                }
                if (r != null) {
                    r.tell(new CampaignRunner.BatchPersisted());
                }
            })
            .thenNoReply();
    }

    private ReplyEffect<CampaignEvent, CampaignState> onCheckpointTaken(CampaignState s,
                                                                        CampaignCommand.CheckpointTaken c) {
        List<CampaignEvent> events = new ArrayList<>(2);
        events.add(c.checkpoint());
        if (c.stopping()) {
            events.add(new CampaignEvent.Stopped(c.checkpoint().atTick()));
        }
        if (handingOff) {
            return Effect().persist(events).thenRun(st -> {
                    if (c.replyTo() != null) {
                        c.replyTo().tell(new CampaignReply.Done(id, st.lifecycle()));
                    }
                })
                .thenStop().thenNoReply();
        }
        var effect = Effect().persist(events).thenRun(st -> {
            if (c.stopping()) {
                stopping = false;
                stopRunner();
                passivate.run();
            }
        });
        if (c.replyTo() == null) {
            return effect.thenNoReply();
        }
        return effect.thenReply(c.replyTo(), st -> new CampaignReply.Done(id, st.lifecycle()));
    }

    private ReplyEffect<CampaignEvent, CampaignState> onSetPublic(CampaignState s, CampaignCommand.SetPublic c) {
        if (!s.exists()) {
            return unknown(c.replyTo());
        }
        return Effect().persist(new CampaignEvent.MetaChanged(s.meta().withPublic(c.isPublic()), s.lastTick()))
            .thenReply(c.replyTo(), st -> new CampaignReply.Done(id, st.lifecycle()));
    }

    private ReplyEffect<CampaignEvent, CampaignState> onDelete(CampaignState s, CampaignCommand.Delete c) {
        if (!s.exists()) {
            return unknown(c.replyTo());
        }
        if (stopping) {
            return illegal(s, "delete", c.replyTo());
        }
        stopRunner();
        return Effect().persist(new CampaignEvent.Deleted(s.lastTick()))
            .thenRun(st -> passivate.run())
            .thenReply(c.replyTo(), st -> new CampaignReply.Done(id, st.lifecycle()));
    }

    private ReplyEffect<CampaignEvent, CampaignState> onHandoff(CampaignState s, CampaignCommand.Handoff c) {
        if (runner == null) {
            return Effect().stop().thenNoReply();
        }
        if (!handingOff) {
            handingOff = true;
            if (!stopping) {
                runner.tell(new CampaignRunner.TakeCheckpoint(null, false));
            }
        }
        return Effect().noReply();
    }
}
