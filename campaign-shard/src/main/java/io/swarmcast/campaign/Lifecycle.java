package io.swarmcast.campaign;

/** Where a campaign is in its life. Transitions are checked by {@link CampaignEntity}. */
public enum Lifecycle {
    /** No campaign with this id has been created. */
    EMPTY,
    /** Created, not yet started: inputs are accepted, the world does not move. */
    CREATED,
    RUNNING,
    PAUSED,
    /** Stopped with a final snapshot; may be started again. The entity passivates. */
    STOPPED,
    /** Deleted: the id answers as unknown; the journal is kept for replay. */
    DELETED;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
