package io.swarmcast.edge.stream;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Level-of-detail tiers. Tier {@code k} carries the particles whose index {@code i} satisfies
 * {@code (mix(i) & (4^k − 1)) == 0}, in index order, where {@code mix} is MurmurHash3's 32-bit
 * finalizer: about one particle in {@code 4^k}, spread evenly over the world whatever order particles
 * were created in, the same set every frame (so the j-th particle of a tier's frame is the same
 * particle in the next frame), and each tier a subset of the one above it.
 */
public final class Tiers {
    /** full, 1/4, 1/16, 1/64, 1/256, 1/1024. */
    public static final int COUNT = 6;
    public static final String[] NAMES = {"full", "1/4", "1/16", "1/64", "1/256", "1/1024"};
    /**
     * Particle counts whose tier indices stay cached (about 4n/3 bytes each: 6.7 MB at 5M particles), the
     * least recently used going first, so that campaigns of ever new sizes cannot fill the heap.
     */
    public static final int CACHED_COUNTS = 16;
    private static final Map<Integer, int[][]> INDICES = Collections.synchronizedMap(
        new LinkedHashMap<>(2 * CACHED_COUNTS, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, int[][]> eldest) {
                return size() > CACHED_COUNTS;
            }
        });

    private Tiers() {
    }

    public static int divisor(int tier) {
        return 1 << (2 * tier);
    }

    /** MurmurHash3 fmix32. */
    public static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    public static boolean contains(int tier, int index) {
        return (mix(index) & (divisor(tier) - 1)) == 0;
    }

    /** The particle indices of each tier for {@code particles} particles (tier 0: null, meaning all). */
    public static int[][] indices(int particles) {
        return INDICES.computeIfAbsent(particles, n -> {
            int[][] out = new int[COUNT][];
            for (int t = 1; t < COUNT; t++) {
                int mask = divisor(t) - 1;
                int c = 0;
                for (int i = 0; i < n; i++) {
                    if ((mix(i) & mask) == 0) {
                        c++;
                    }
                }
                int[] idx = new int[c];
                c = 0;
                for (int i = 0; i < n; i++) {
                    if ((mix(i) & mask) == 0) {
                        idx[c++] = i;
                    }
                }
                out[t] = idx;
            }
            return out;
        });
    }

    /** How many particle counts have their indices cached now: at most {@link #CACHED_COUNTS}. */
    public static int cachedCounts() {
        return INDICES.size();
    }

    /** How many particles tier {@code tier} carries for a campaign of {@code particles}. */
    public static int size(int particles, int tier) {
        return tier == 0 ? particles : indices(particles)[tier].length;
    }
}
