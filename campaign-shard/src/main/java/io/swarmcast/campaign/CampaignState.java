package io.swarmcast.campaign;

import io.swarmcast.campaign.CampaignEvent.SeqInput;
import io.swarmcast.core.scene.Scene;
import io.swarmcast.core.sim.ParticleState;
import java.util.ArrayList;
import java.util.List;

/**
 * The persistent state of a campaign: its lifecycle, a base world (the scene, tick and particles of
 * the newest checkpoint, or tick 0 of the created scene) and the inputs accepted since. The base plus
 * those inputs reproduce the world at any later tick; the live particles belong to the runner.
 *
 * <p>Mutable, owned by one entity: {@link #apply} updates it in place (appending an input is O(1),
 * however many arrive between checkpoints). {@code baseParticles} is null for the initial state of a
 * created scene. The snapshot serializer writes it whole.
 */
public final class CampaignState {
    private final String id;
    private Lifecycle lifecycle;
    private Scene baseScene;
    private long baseTick;
    private ParticleState baseParticles;
    private List<SeqInput> basePending;
    private final ArrayList<SeqInput> inputsSince;
    private long lastSeq;
    private long lastTick;
    private CampaignMeta meta = CampaignMeta.DEFAULT;

    public CampaignState(String id, Lifecycle lifecycle, Scene baseScene, long baseTick, ParticleState baseParticles,
                         List<SeqInput> basePending, List<SeqInput> inputsSince, long lastSeq, long lastTick) {
        this.id = id;
        this.lifecycle = lifecycle;
        this.baseScene = baseScene;
        this.baseTick = baseTick;
        this.baseParticles = baseParticles;
        this.basePending = List.copyOf(basePending);
        this.inputsSince = new ArrayList<>(inputsSince);
        this.lastSeq = lastSeq;
        this.lastTick = lastTick;
    }

    public static CampaignState empty(String id) {
        return new CampaignState(id, Lifecycle.EMPTY, null, 0, null, List.of(), List.of(), 0, 0);
    }

    public CampaignState apply(CampaignEvent event) {
        lastTick = Math.max(lastTick, event.atTick());
        if (event instanceof CampaignEvent.Created c) {
            lifecycle = Lifecycle.CREATED;
            meta = c.meta();
            baseScene = c.scene();
            baseTick = 0;
            baseParticles = null;
            basePending = List.of();
            inputsSince.clear();
        } else if (event instanceof CampaignEvent.Started || event instanceof CampaignEvent.Resumed) {
            lifecycle = Lifecycle.RUNNING;
        } else if (event instanceof CampaignEvent.Paused) {
            lifecycle = Lifecycle.PAUSED;
        } else if (event instanceof CampaignEvent.Stopped) {
            lifecycle = Lifecycle.STOPPED;
        } else if (event instanceof CampaignEvent.MetaChanged m) {
            meta = m.meta();
        } else if (event instanceof CampaignEvent.Deleted) {
            lifecycle = Lifecycle.DELETED;
        } else if (event instanceof CampaignEvent.InputApplied in) {
            inputsSince.add(new SeqInput(in.seq(), in.input()));
            lastSeq = Math.max(lastSeq, in.seq());
        } else if (event instanceof CampaignEvent.Checkpointed c && c.particles() != null) {
            // (replayed from the journal a checkpoint has no particles: its snapshot is not the one
            // recovered from, so the older base and the inputs since it stay in play)
            baseScene = c.scene();
            baseTick = c.atTick();
            baseParticles = c.particles();
            basePending = c.pending();
            inputsSince.clear();
            lastSeq = Math.max(lastSeq, c.lastSeq());
        }
        return this;
    }

    public boolean exists() {
        return lifecycle != Lifecycle.EMPTY && lifecycle != Lifecycle.DELETED;
    }

    public CampaignMeta meta() {
        return meta;
    }

    /** Sets the owner and visibility (restored from a snapshot). */
    public CampaignState withMeta(CampaignMeta m) {
        meta = m == null ? CampaignMeta.DEFAULT : m;
        return this;
    }

    /** Whether a runner (the live world) exists in this state. */
    public boolean live() {
        return lifecycle == Lifecycle.CREATED || lifecycle == Lifecycle.RUNNING || lifecycle == Lifecycle.PAUSED;
    }

    /** Every input the runner must queue on top of the base, in order. */
    public List<SeqInput> inputsToReplay() {
        List<SeqInput> all = new ArrayList<>(basePending);
        all.addAll(inputsSince);
        return all;
    }

    public String id() {
        return id;
    }

    public Lifecycle lifecycle() {
        return lifecycle;
    }

    public Scene baseScene() {
        return baseScene;
    }

    public long baseTick() {
        return baseTick;
    }

    public ParticleState baseParticles() {
        return baseParticles;
    }

    public List<SeqInput> basePending() {
        return basePending;
    }

    public List<SeqInput> inputsSince() {
        return inputsSince;
    }

    public long lastSeq() {
        return lastSeq;
    }

    public long lastTick() {
        return lastTick;
    }
}
