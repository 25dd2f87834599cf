package io.swarmcast.campaign;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swarmcast.campaign.frames.Frame;
import io.swarmcast.campaign.serialization.CborSerializable;
import io.swarmcast.core.input.Input;
import io.swarmcast.core.input.TimedInput;
import io.swarmcast.core.scene.Scene;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.stream.SourceRef;
import java.util.List;

/** What can be asked of a campaign entity. Every command that changes it replies after persisting. */
public sealed interface CampaignCommand extends CborSerializable {

    /** Creates the campaign from {@code scene}; {@code start} starts it at once. */
    record Create(Scene scene, boolean start, CampaignMeta meta, ActorRef<CampaignReply> replyTo)
        implements CampaignCommand {
        public Create(Scene scene, boolean start, ActorRef<CampaignReply> replyTo) {
            this(scene, start, CampaignMeta.DEFAULT, replyTo);
        }
    }

    /** Changes who may watch the campaign: {@code public} true lets anyone watch without signing in. */
    record SetPublic(boolean isPublic, ActorRef<CampaignReply> replyTo) implements CampaignCommand {
    }

    /**
     * Deletes the campaign: its world stops without a snapshot and its id answers as unknown from then
     * on. The journal is kept, so the campaign can still be replayed.
     */
    record Delete(ActorRef<CampaignReply> replyTo) implements CampaignCommand {
    }

    /**
     * Sent by sharding when the entity must leave this node (passivation, rebalance, shutdown): a live
     * campaign takes a snapshot, then stops, and comes back from it wherever it is started next.
     */
    record Handoff() implements CampaignCommand {
    }

    record Start(ActorRef<CampaignReply> replyTo) implements CampaignCommand {
    }

    record Pause(ActorRef<CampaignReply> replyTo) implements CampaignCommand {
    }

    record Resume(ActorRef<CampaignReply> replyTo) implements CampaignCommand {
    }

    /** Stops the campaign with a final snapshot; it can be started again. */
    record Stop(ActorRef<CampaignReply> replyTo) implements CampaignCommand {
    }

    /**
     * Applies {@code input} at {@code tick}, or at the next tick when {@code tick} is negative. An input
     * for a tick the world has already passed is refused.
     */
    record ApplyInput(long tick, Input input, ActorRef<CampaignReply> replyTo) implements CampaignCommand {
    }

    /** Changes parameters of the behaviour addressed by {@code target} at the next tick. */
    record UpdateParameters(String target, ObjectNode params, ActorRef<CampaignReply> replyTo)
        implements CampaignCommand {
    }

    record GetStatus(ActorRef<CampaignReply> replyTo) implements CampaignCommand {
    }

    /** Takes a snapshot now; replies once it is journaled. */
    record SnapshotNow(ActorRef<CampaignReply> replyTo) implements CampaignCommand {
    }

    /**
     * Subscribes to the campaign's frames: the reply is a stream reference that works from any node.
     * A subscriber that falls behind gets the newest frame; it never slows the tick.
     */
    record SubscribeFrames(ActorRef<SubscribeReply> replyTo) implements CampaignCommand {
    }

    /** The frames of a campaign, or why there are none. */
    record SubscribeReply(SourceRef<Frame> frames, CampaignReply.Rejected rejected) implements CborSerializable {
    }

    // ---- from the campaign's runner (local only) ----

    /** Inputs the runner accepted and queued, in order: persisted together, then acknowledged. */
    record InputsAccepted(List<AcceptedInput> batch) implements CampaignCommand {
    }

    record AcceptedInput(long seq, TimedInput input, long atTick, ActorRef<CampaignReply> replyTo) {
    }

    /** The world captured at a tick boundary, to be journaled and snapshotted. */
    record CheckpointTaken(CampaignEvent.Checkpointed checkpoint, ActorRef<CampaignReply> replyTo, boolean stopping)
        implements CampaignCommand {
    }
}
