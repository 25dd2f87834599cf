package io.swarmcast.engine.jvm;

import static io.swarmcast.core.sim.KernelLayout.GRID_SHIFT;
import static io.swarmcast.core.sim.KernelLayout.MAX_VELOCITY;
import static io.swarmcast.core.sim.KernelLayout.MAX_X;
import static io.swarmcast.core.sim.KernelLayout.MIN_X;
import static io.swarmcast.core.sim.KernelLayout.MIN_Y;
import static io.swarmcast.core.sim.KernelLayout.SEPARATION_RADIUS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swarmcast.core.scene.Bounds;
import io.swarmcast.core.scene.Scene;
import io.swarmcast.core.scene.Separation;
import io.swarmcast.core.sim.Fixed;
import io.swarmcast.core.sim.KernelParams;
import io.swarmcast.core.sim.ParticleState;
import io.swarmcast.engine.kernel.ParticleKernel;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The sweep grid changes every velocity exactly as the kernel's bucket grid and
 * {@link ParticleKernel#separate} do, on states made to reach its corners: clusters denser than a
 * vector of candidates, coincident particles, dead ones, and more chunks than particles.
 */
class SeparationGridTest {

    private static KernelParams params(int particles, double half, double radius, double strength) {
        Scene s = new Scene("t", particles, Bounds.cube(half), 60, 7, 60,
            List.of(new Separation(radius, strength)));
        KernelParams p = new KernelParams();
        p.compile(s);
        return p;
    }

    private static ParticleKernel kernel(ParticleState s, KernelParams p) {
        ParticleKernel k = new ParticleKernel();
        k.bind(s, p);
        return k;
    }

    /** The kernel's grid passes, one work item after another, as on a device. */
    private static void reference(ParticleKernel k, int n) {
        k.sizeGrid(n);
        int[] start = k.gridStart;
        java.util.Arrays.fill(start, 0);
        for (int i = 0; i < n; i++) {
            if (k.age[i] != Fixed.DEAD) {
                start[k.bucketOf(i)]++;
            }
        }
        int sum = 0;
        for (int b = 0; b < k.buckets; b++) {
            sum += start[b];
            start[b] = sum;
        }
        start[k.buckets] = sum;
        for (int i = 0; i < n; i++) {
            if (k.age[i] != Fixed.DEAD) {
                k.place(--start[k.bucketOf(i)], i);
            }
        }
        for (int g = 0; g < n; g++) {
            k.separate(g);
        }
    }

    /** Separates a copy of {@code s} both ways and compares the velocities; returns whether the sweep grid ran. */
    private static boolean sameAsKernel(ParticleState s, KernelParams p, int chunks) {
        return sameAsKernel(s, p, new SeparationGrid(chunks));
    }

    private static boolean sameAsKernel(ParticleState s, KernelParams p, SeparationGrid grid) {
        ParticleState a = s.copy();
        ParticleState b = s.copy();
        int n = s.count();
        reference(kernel(a, p), n);
        boolean swept = grid.separate(kernel(b, p), n);
        if (!swept) {
            reference(kernel(b, p), n);
        }
        assertArrayEquals(a.vx, b.vx, "vx");
        assertArrayEquals(a.vy, b.vy, "vy");
        assertArrayEquals(a.vz, b.vz, "vz");
        assertTrue(a.equals(b));
        return swept;
    }

    private static ParticleState clustered(int n, KernelParams p, int clusters, double spreadUnits, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] pi = p.ints;
        ParticleState s = new ParticleState(n);
        int[][] centre = new int[clusters][3];
        for (int c = 0; c < clusters; c++) {
            for (int axis = 0; axis < 3; axis++) {
                centre[c][axis] = r.nextInt(pi[MIN_X + axis],
                    pi[MAX_X + axis]);
            }
        }
        int spread = (int) (spreadUnits * Fixed.ONE);
        int vmax = pi[MAX_VELOCITY];
        for (int i = 0; i < n; i++) {
            int[] c = centre[r.nextInt(clusters)];
            s.px[i] = clampTo(c[0] + r.nextInt(-spread, spread + 1), pi, 0);
            s.py[i] = clampTo(c[1] + r.nextInt(-spread, spread + 1), pi, 1);
            s.pz[i] = clampTo(c[2] + r.nextInt(-spread, spread + 1), pi, 2);
            s.vx[i] = r.nextInt(-vmax, vmax + 1);
            s.vy[i] = r.nextInt(-vmax, vmax + 1);
            s.vz[i] = r.nextInt(-vmax, vmax + 1);
            s.age[i] = r.nextInt(10) == 0 ? Fixed.DEAD : (char) r.nextInt(1000);
        }
        return s;
    }

    private static int clampTo(int v, int[] pi, int axis) {
        return Math.max(pi[MIN_X + axis],
            Math.min(pi[MAX_X + axis], v));
    }

    private static void assumeVectorApi() {
        Assumptions.assumeTrue(JavaBackend.vectorApiAvailable(), "the sweep grid needs the Vector API");
    }

    @Test
    void clustersSparseAndDenseMatchTheKernel() {
        assumeVectorApi();
        KernelParams p = params(60_000, 40, 0.5, 100);
        // dense clusters make long rows, swept by windows; many small ones make short rows, tested whole
        assertTrue(sameAsKernel(clustered(60_000, p, 6, 3, 1), p, 16));
        assertTrue(sameAsKernel(clustered(60_000, p, 2_000, 1.5, 2), p, 16));
        assertTrue(sameAsKernel(clustered(60_000, p, 1, 40, 3), p, 16));
    }

    /**
     * Every way a row can be swept, forced by the thresholds: all rows windowed and sorted (windows
     * whose starts move forward), windowed but none sorted (rows tested whole), some sorted (windows
     * found by bisection from an unsorted row), and none windowed (runs of any length tested whole).
     */
    @Test
    void everySweepPathMatchesTheKernel() {
        assumeVectorApi();
        KernelParams p = params(30_000, 30, 0.6, 200);
        int[][] thresholds = {{0, 0}, {Integer.MAX_VALUE, 0}, {4, 8}, {12, 40}, {24, 32}, {0, Integer.MAX_VALUE}};
        for (int[] t : thresholds) {
            for (int clusters : new int[] {3, 300}) {
                ParticleState s = clustered(30_000, p, clusters, 2.5, clusters + t[0] % 97 + t[1] % 89);
                assertTrue(sameAsKernel(s, p, new SeparationGrid(8, t[0], t[1])),
                    "sorted rows above " + t[0] + ", windows above " + t[1] + ", " + clusters + " clusters");
            }
            // on a lattice r − 1 apart in x: pairs exactly at a window's edges
            assertTrue(sameAsKernel(onLattice(clustered(30_000, p, 3, 2.5, 11), p), p, new SeparationGrid(8, t[0], t[1])),
                "lattice, sorted rows above " + t[0] + ", windows above " + t[1]);
        }
    }

    /**
     * Rows sorted by x whose particles span a world 2,000 units wide (2^18 grid units): the x sort takes
     * three passes there, two in a world 60 wide, one where a row spans less than 2 units.
     */
    @Test
    void rowsSortedAcrossAnyWidthOfWorldMatchTheKernel() {
        assumeVectorApi();
        for (double half : new double[] {1_000, 30, 0.9}) {
            KernelParams p = params(20_000, half, Math.min(2.0, half / 4), 300);
            for (int clusters : new int[] {2, 200}) {
                ParticleState s = clustered(20_000, p, clusters, half / 20, clusters + (long) half);
                assertTrue(sameAsKernel(s, p, new SeparationGrid(8, 0, 0)), "half width " + half + ", " + clusters + " clusters");
            }
        }
    }

    /** {@code s} with every x and y moved to a multiple of r − 1 grid units. */
    private static ParticleState onLattice(ParticleState s, KernelParams p) {
        int[] pi = p.ints;
        int step = (pi[SEPARATION_RADIUS] - 1) << GRID_SHIFT;
        int minX = pi[MIN_X];
        int minY = pi[MIN_Y];
        for (int i = 0; i < s.count(); i++) {
            s.px[i] = minX + (s.px[i] - minX) / step * step;
            s.py[i] = minY + (s.py[i] - minY) / step * step;
        }
        return s;
    }

    /** Velocities beyond the maximum (a lowered maximum, or a loaded state) are clamped as the kernel does. */
    @Test
    void velocitiesBeyondTheMaximumAreClampedEvenWithoutNeighbours() {
        assumeVectorApi();
        KernelParams p = params(20_000, 30, 0.5, 100);
        ParticleState s = clustered(20_000, p, 500, 2, 8);
        int vmax = p.ints[MAX_VELOCITY];
        for (int i = 0; i < s.count(); i += 7) {
            s.vx[i] = 3 * vmax;
            s.vz[i] = -2 * vmax - i;
        }
        assertTrue(sameAsKernel(s, p, 16));
    }

    @Test
    void coincidentParticlesPushApartByIndexAsInTheKernel() {
        assumeVectorApi();
        KernelParams p = params(5_000, 20, 1.0, 300);
        ParticleState s = clustered(5_000, p, 50, 0.2, 4);
        // stack particles on each other: d² = 0 takes the index-ordered push along x
        for (int i = 0; i < 5_000; i += 3) {
            s.px[i + 1 < 5_000 ? i + 1 : i] = s.px[i];
            s.py[i + 1 < 5_000 ? i + 1 : i] = s.py[i];
            s.pz[i + 1 < 5_000 ? i + 1 : i] = s.pz[i];
        }
        assertTrue(sameAsKernel(s, p, 16));
    }

    @Test
    void radiiFromTinyToLargeAndAnyChunkCount() {
        assumeVectorApi();
        for (double radius : new double[] {0.01, 0.13, 2.0, 9.0}) {
            KernelParams p = params(20_000, 30, radius, 500);
            for (int chunks : new int[] {1, 3, 16}) {
                assertTrue(sameAsKernel(clustered(20_000, p, 40, 4, (long) (radius * 100) + chunks), p, chunks),
                    "radius " + radius + ", " + chunks + " chunks");
            }
        }
    }

    /**
     * One grid, as a backend keeps it, over states one after another: dense then sparse, particles killed,
     * fewer particles, a state it hands back to the kernel. Sums from one call must not reach the next.
     */
    @Test
    void aGridReusedAcrossStepsCarriesNothingOver() {
        assumeVectorApi();
        KernelParams p = params(20_000, 30, 0.5, 100);
        SeparationGrid grid = new SeparationGrid(16);
        ParticleState dense = clustered(20_000, p, 4, 2, 21);
        assertTrue(sameAsKernel(dense, p, grid), "dense");
        ParticleState sparse = clustered(20_000, p, 3_000, 1, 22);
        assertTrue(sameAsKernel(sparse, p, grid), "sparse after dense");
        for (int i = 0; i < sparse.count(); i += 3) {
            sparse.age[i] = Fixed.DEAD;
        }
        assertTrue(sameAsKernel(sparse, p, grid), "a third killed");
        KernelParams fewer = params(5_000, 30, 0.5, 100);
        assertTrue(sameAsKernel(clustered(5_000, fewer, 3, 2, 23), fewer, grid), "fewer particles");
        ParticleState outside = clustered(20_000, p, 4, 2, 24);
        outside.pz[5] = p.ints[MAX_X + 2] + 3 * Fixed.ONE;
        assertEquals(false, sameAsKernel(outside, p, grid), "outside the bounds");
        assertTrue(sameAsKernel(dense, p, grid), "dense again");
    }

    @Test
    void fewParticlesAndAllDead() {
        assumeVectorApi();
        KernelParams p = params(40, 10, 1.5, 500);
        assertTrue(sameAsKernel(clustered(40, p, 2, 2, 5), p, 16));
        ParticleState dead = clustered(40, p, 2, 2, 6);
        java.util.Arrays.fill(dead.age, Fixed.DEAD);
        assertTrue(sameAsKernel(dead, p, 16));
    }

    @Test
    void positionsOutsideTheBoundsFallBackToTheKernel() {
        assumeVectorApi();
        KernelParams p = params(2_000, 10, 1.0, 500);
        ParticleState s = clustered(2_000, p, 5, 2, 7);
        s.py[17] = p.ints[MIN_Y] - 5 * Fixed.ONE;
        assertEquals(false, sameAsKernel(s, p, 16));
    }
}
