package io.swarmcast.campaign;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;

/**
 * Campaign behaviour from {@code swarmcast.campaign} (see reference.conf): how often (in simulated
 * time) the world is snapshotted, how many snapshots are kept, and whether a recovered campaign
 * catches up to the last tick it had journaled.
 */
public record CampaignSettings(Duration snapshotEvery, int snapshotsKept, boolean catchUp, Config root) {

    public CampaignSettings {
        if (snapshotEvery.isNegative() || snapshotEvery.isZero()) {
            throw new ConfigException.BadValue("swarmcast.campaign.snapshot-every", "must be positive");
        }
        if (snapshotsKept < 1 || snapshotsKept > 1000) {
            throw new ConfigException.BadValue("swarmcast.campaign.snapshots-kept", "must be 1..1000, was " + snapshotsKept);
        }
    }

    public static CampaignSettings from(Config root) {
        Config c = root.getConfig("swarmcast.campaign");
        return new CampaignSettings(c.getDuration("snapshot-every"), c.getInt("snapshots-kept"),
            c.getBoolean("catch-up"), root);
    }

    /** The snapshot interval in ticks at {@code tickRate}. */
    public long snapshotEveryTicks(int tickRate) {
        return Math.max(1, snapshotEvery.toMillis() * tickRate / 1000);
    }
}
