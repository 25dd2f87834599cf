package io.swarmcast.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.swarmcast.edge.stream.AdaptivePolicy;
import io.swarmcast.edge.stream.Tiers;
import org.junit.jupiter.api.Test;

/** The adaptive tier policy of docs/protocol.md, driven with a synthetic clock. */
class AdaptivePolicyTest {
    private static final long MS = 1_000_000L;

    /** Feeds one second of frames at 60 Hz, of which {@code conflated} were dropped; returns the tier after. */
    private static int second(AdaptivePolicy p, long[] now, int conflated) {
        int sent = 60 - conflated;
        int tier = p.tier();
        long base = now[0];
        for (int i = 0; i < sent; i++) {
            now[0] = base + (i + 1) * 1000 * MS / sent;
            tier = p.onFrame(now[0], i == 0 ? conflated : 0);
        }
        return tier;
    }

    @Test
    void fallsBehindGoesDownKeepsUpGoesUpNeverAboveTheCeiling() {
        AdaptivePolicy p = AdaptivePolicy.defaults(1, 1, false);
        long[] now = {0};
        p.onFrame(0, 0);
        assertEquals(1, second(p, now, 0));
        assertEquals(2, second(p, now, 20), "a third of the frames conflated: one tier down");
        assertEquals(3, second(p, now, 10), "still behind: down again");
        assertEquals(3, second(p, now, 3), "5% conflated is within the policy");
        second(p, now, 0);
        second(p, now, 0);
        assertEquals(2, second(p, now, 0), "three clean windows: one tier up");
        for (int i = 0; i < 10; i++) {
            second(p, now, 0);
        }
        assertEquals(1, p.tier(), "back at the ceiling, and no higher");
    }

    @Test
    void aFailedProbeDoublesTheWaitBeforeTheNext() {
        AdaptivePolicy p = AdaptivePolicy.defaults(0, 2, false);
        long[] now = {0};
        p.onFrame(0, 0);
        for (int i = 0; i < 3; i++) {
            second(p, now, 0);
        }
        assertEquals(1, p.tier(), "probe up after three clean windows");
        assertEquals(2, second(p, now, 30), "the probe failed");
        for (int i = 0; i < 5; i++) {
            second(p, now, 0);
        }
        assertEquals(2, p.tier(), "five clean windows are not enough after a failed probe");
        second(p, now, 0);
        assertEquals(1, p.tier(), "six are");
    }

    @Test
    void aCampaignTickingBelowItsRateMovesViewersDownToo() {
        AdaptivePolicy p = AdaptivePolicy.defaults(0, 1, false).expectTickRate(60);
        long[] now = {0};
        p.onFrame(0, 0);
        // 24 consecutive ticks a second, none skipped: the node cannot keep the campaign at 60 Hz
        for (int s = 0; s < 3; s++) {
            long base = now[0];
            for (int i = 0; i < 24; i++) {
                now[0] = base + (i + 1) * 1000 * MS / 24;
                p.onFrame(now[0], 0);
            }
        }
        assertEquals(4, p.tier(), "one tier down per second");
        AdaptivePolicy full = AdaptivePolicy.defaults(0, 1, false).expectTickRate(60);
        long[] t2 = {0};
        full.onFrame(0, 0);
        for (int s = 0; s < 4; s++) {
            second(full, t2, 0);
        }
        assertEquals(0, full.tier(), "60 ticks a second is on time: the viewer climbs");
    }

    @Test
    void pinnedViewersNeverMove() {
        AdaptivePolicy p = AdaptivePolicy.defaults(3, 3, true);
        long[] now = {0};
        for (int i = 0; i < 5; i++) {
            assertEquals(3, second(p, now, 40));
        }
    }

    @Test
    void adaptiveViewersStartAtAFrameThatFits() {
        assertEquals(3, AdaptivePolicy.startTier(500_000, 0, 64 * 1024), "7,800 particles, 55 KB");
        assertEquals(0, AdaptivePolicy.startTier(4_000, 0, 64 * 1024));
        assertEquals(Tiers.COUNT - 1, AdaptivePolicy.startTier(100_000_000, 0, 64 * 1024));
        assertEquals(4, AdaptivePolicy.startTier(500_000, 4, 64 * 1024), "never above the ceiling asked for");
    }
}
