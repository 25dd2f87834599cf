package io.swarmcast.campaign;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.swarmcast.campaign.serialization.CborSerializable;
import io.swarmcast.core.input.TimedInput;
import io.swarmcast.core.scene.Scene;
import io.swarmcast.core.sim.ParticleState;
import java.util.List;

/**
 * What happened to a campaign. The scene from {@link Created} and the {@link InputApplied} events, in
 * journal order, determine the world at every tick; lifecycle events only change when it moves.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = CampaignEvent.Created.class, name = "created"),
    @JsonSubTypes.Type(value = CampaignEvent.Started.class, name = "started"),
    @JsonSubTypes.Type(value = CampaignEvent.Paused.class, name = "paused"),
    @JsonSubTypes.Type(value = CampaignEvent.Resumed.class, name = "resumed"),
    @JsonSubTypes.Type(value = CampaignEvent.Stopped.class, name = "stopped"),
    @JsonSubTypes.Type(value = CampaignEvent.InputApplied.class, name = "input"),
    @JsonSubTypes.Type(value = CampaignEvent.Checkpointed.class, name = "checkpoint"),
    @JsonSubTypes.Type(value = CampaignEvent.MetaChanged.class, name = "meta"),
    @JsonSubTypes.Type(value = CampaignEvent.Deleted.class, name = "deleted")
})
public sealed interface CampaignEvent extends CborSerializable {

    /** The tick the campaign had reached when the event was written (for recovery's catch-up). */
    long atTick();

    /** {@code meta} is null in events written before campaigns had owners: {@link CampaignMeta#DEFAULT}. */
    record Created(Scene scene, long createdAtMillis, CampaignMeta meta) implements CampaignEvent {
        public Created {
            meta = meta == null ? CampaignMeta.DEFAULT : meta;
        }

        @Override
        public long atTick() {
            return 0;
        }
    }

    record Started(long atTick) implements CampaignEvent {
    }

    record Paused(long atTick) implements CampaignEvent {
    }

    record Resumed(long atTick) implements CampaignEvent {
    }

    record Stopped(long atTick) implements CampaignEvent {
    }

    record MetaChanged(CampaignMeta meta, long atTick) implements CampaignEvent {
    }

    record Deleted(long atTick) implements CampaignEvent {
    }

    /** An accepted input: {@code seq} is its place in the campaign's input order. */
    record InputApplied(long seq, TimedInput input, long atTick) implements CampaignEvent {
    }

    /**
     * The world at {@code atTick} was captured. The particles travel only in memory to the snapshot that
     * follows this event (the journal row stays small); replayed from the journal without them, the
     * event changes nothing and the inputs since the previous snapshot stay in play.
     */
    record Checkpointed(long atTick, Scene scene, List<SeqInput> pending, long lastSeq,
                        @JsonIgnore ParticleState particles) implements CampaignEvent {
        public Checkpointed {
            pending = List.copyOf(pending);
        }
    }

    /** An input with its sequence number. */
    record SeqInput(long seq, TimedInput input) implements CborSerializable {
    }
}
