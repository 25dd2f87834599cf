package io.swarmcast.campaign;

import io.swarmcast.campaign.serialization.CborSerializable;

/**
 * What a campaign reports about itself. {@code checksum} is the state checksum at {@code tick};
 * {@code overruns} counts ticks that could not start on time (they are skipped, never queued);
 * {@code tickRate} is the scene's ticks per second.
 */
public record CampaignStatus(String id, Lifecycle state, long tick, int particles, long checksum,
                             String backend, String device, int subscribers, long overruns, long inputsAccepted,
                             long inputsRejected, String node, String scene, CampaignMeta meta, int tickRate)
    implements CborSerializable {

    public String checksumHex() {
        return String.format("%016x", checksum);
    }
}
