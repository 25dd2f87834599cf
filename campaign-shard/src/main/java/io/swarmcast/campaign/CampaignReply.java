package io.swarmcast.campaign;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.swarmcast.campaign.serialization.CborSerializable;

/** Replies to campaign commands: each is sent only after the command's events are persisted. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = CampaignReply.Done.class, name = "done"),
    @JsonSubTypes.Type(value = CampaignReply.InputAccepted.class, name = "inputAccepted"),
    @JsonSubTypes.Type(value = CampaignReply.Status.class, name = "status"),
    @JsonSubTypes.Type(value = CampaignReply.Rejected.class, name = "rejected")
})
public sealed interface CampaignReply extends CborSerializable {

    /** The command took effect; the campaign is now in {@code state}. */
    record Done(String id, Lifecycle state) implements CampaignReply {
    }

    /** The input is journaled and takes effect at {@code tick}; {@code seq} orders inputs within a tick. */
    record InputAccepted(String id, long tick, long seq) implements CampaignReply {
    }

    record Status(CampaignStatus status) implements CampaignReply {
    }

    /**
     * The command was refused and changed nothing. {@code code} is one of {@link Codes}; {@code field}
     * names the offending part of the command where there is one.
     */
    record Rejected(String id, String code, String field, String message) implements CampaignReply {
    }

    /** Rejection codes. */
    final class Codes {
        public static final String UNKNOWN_CAMPAIGN = "unknown-campaign";
        public static final String ALREADY_EXISTS = "already-exists";
        public static final String ILLEGAL_STATE = "illegal-state";
        public static final String PAST_TICK = "past-tick";
        public static final String INVALID = "invalid";
        public static final String UNAVAILABLE = "unavailable";

        private Codes() {
        }
    }
}
