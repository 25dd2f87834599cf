package io.swarmcast.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swarmcast.edge.stream.Tiers;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The level-of-detail tiers: nested, about 1/4^k of the particles each, and a bounded cache. */
class TiersTest {
    @Test
    void eachTierIsAboutAQuarterOfTheOneAboveAndInsideIt() {
        int n = 200_000;
        int[][] idx = Tiers.indices(n);
        for (int t = 1; t < Tiers.COUNT; t++) {
            double expected = (double) n / Tiers.divisor(t);
            assertEquals(expected, idx[t].length, 0.1 * expected, "tier " + Tiers.NAMES[t]);
            for (int i : idx[t]) {
                assertTrue(Tiers.contains(t, i));
                assertTrue(t == 1 || Arrays.binarySearch(idx[t - 1], i) >= 0, "tier " + t + " inside tier " + (t - 1));
            }
        }
    }

    @Test
    void campaignsOfEverNewSizesDoNotGrowTheCache() {
        int[][] demo = Tiers.indices(500_000);
        for (int n = 1_000; n < 1_000 + 3 * Tiers.CACHED_COUNTS; n++) {
            Tiers.indices(n);
            assertTrue(Tiers.cachedCounts() <= Tiers.CACHED_COUNTS, "cached: " + Tiers.cachedCounts());
        }
        int[][] again = Tiers.indices(500_000);
        assertEquals(Arrays.deepHashCode(demo), Arrays.deepHashCode(again), "recomputed, the same indices");
        assertSame(again, Tiers.indices(500_000), "and cached again");
    }
}
