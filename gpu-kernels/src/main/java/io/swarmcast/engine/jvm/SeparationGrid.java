package io.swarmcast.engine.jvm;

import static io.swarmcast.core.sim.KernelLayout.*;

import io.swarmcast.core.sim.Fixed;
import io.swarmcast.engine.kernel.ParticleKernel;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Separation on the JVM: the same velocity change per particle as {@link ParticleKernel#separate},
 * found with a sweep instead of the kernel's hashed bucket grid.
 *
 * <p>The kernel's sum for particle i is over every other live particle j whose grid position is
 * closer than the radius r (d² &lt; r², Q.7 grid units), and each term depends only on the pair: the
 * offset e = q_i − q_j and, when e = 0, which index is lower. The terms are antisymmetric (the term of
 * j for i is exactly minus the term of i for j: {@code (int)} truncates towards zero and IEEE products
 * are symmetric in sign), and the sums are of ints, so any method that visits every close pair once
 * and adds the term to one particle and subtracts it from the other gives the same bits.
 *
 * <p>The grid: rows are cells in y and z at least r wide (so a neighbour lies in one of the 9 rows
 * around a particle's own), and within a row the particles are sorted by x. Each pair is visited once,
 * from its earlier particle in this order, among the "half-shell" candidates: the rest of its own row,
 * the next row (y + 1, z) and the three rows (y − 1 .. y + 1, z + 1). The sweep takes particles in
 * blocks: several consecutive short rows of a layer, whose candidates are two contiguous runs of slots
 * (the rows at z from the first to one past the last, and the rows at z + 1 from one before the first
 * to one past the last), or a stretch in x of a row with many candidates, whose candidates are the
 * parts of the five rows within r − 1 in x of the stretch, found by pointers that only move forward.
 * Each particle of a block is tested against all of the block's candidates in slots after its own:
 * the others are two cells away in y or z, or too far in x, and the distance test rejects them.
 *
 * <p>The test runs LANES candidates at a time in float lanes. Grid positions are below 2^21, so they
 * and their differences are exact floats, and the rounded d² exceeds the exact one by a relative
 * 2^-22 at most: a test against r² · (1 + 2^-16) keeps every pair within reach. The pairs that pass
 * are queued and decided exactly, with the kernel's int and double arithmetic, term for term, and
 * their terms summed by slot (both particles are near the sweep, so the sums stay in cache); the
 * sums are then moved to particle order and added to the velocities.
 *
 * <p>Build: a counting sort by z layer over the chunks (per-chunk histograms, no atomics), then per
 * layer a counting sort by coarse x bucket and then by row, which leaves each row nearly in x order
 * for an insertion to finish; layers are spread over the threads. Where positions lie outside the
 * bounds (never after a step: boundaries clamp) or the radius is out of range, the caller falls back
 * to the kernel's grid.
 */
final class SeparationGrid {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = F.length();
    /** 0, 1, 2, ... in float lanes, and in int lanes. */
    private static final FloatVector IOTA = FloatVector.zero(F).addIndex(1);
    private static final IntVector INT_IOTA = IntVector.zero(VectorSpecies.of(int.class, F.vectorShape())).addIndex(1);
    /** Far beyond any grid position: past the end of a candidate list. */
    private static final float FAR = 1e18f;
    private static final int ALIGN = 64;
    /** Largest cell width in y and z. */
    private static final int MAX_CELL = 1 << 20;
    /** Grid positions the kernel can pack: 21 bits, non-negative. */
    private static final int GRID_MASK_21 = (1 << GRID_BITS) - 1;
    /** A block of short rows grows while its candidates stay within this many. */
    private static final int BLOCK_CANDIDATES = 16;
    /** A row whose half-shell rows hold more than this is swept in stretches of x. */
    private static final int LONG_ROW = 48;
    /** Particles in a stretch of a long row, at most. */
    private static final int STRETCH = 32;
    /** Extent in x of a stretch of a long row, at most, in radii. */
    private static final int STRETCH_REACHES = 32;

    private final int chunks;

    // geometry of the current step
    private int reach;
    private int r2;
    private float limit;
    private double radius;
    private double strength;
    private int push;
    private double inv;
    private int ny;
    private int nz;
    private int py;
    private int pz;
    private int minX;
    private int minY;
    private int minZ;
    /** Coarse x buckets of the layer sort: x >> xShift, at most xBuckets of them. */
    private int xShift;
    private int xBuckets;

    /** Live particles, in sweep order. */
    private int alive;
    /** First slot of each row (padded y + padded z · py); [rows] = alive. */
    private int[] rowStart = new int[0];
    private int[] zBase = new int[0];
    /** Grid positions (exact integers) and particle index of each slot. */
    private float[] sx = new float[0];
    private float[] sy = new float[0];
    private float[] sz = new float[0];
    private int[] sIdx = new int[0];
    /**
     * Build scratch: x, y, z, index of each live particle in layer order, four ints a particle. Zero after
     * the build, it then holds the velocity change of particle i at [4i, 4i + 3).
     */
    private int[] t4 = new int[0];
    /** The velocity change of the particle in each slot, x, y, z, 0 a slot: zero between steps. */
    private int[] bySlot = new int[0];
    private final int[][] zCount;
    private final boolean[] bad;
    private final int[] taskLayer;
    private final int[][] rowScratch;
    private final int[][] bucketScratch;
    private final int[][] layerScratch;
    private final Chunk[] work;

    SeparationGrid(int chunks) {
        this.chunks = chunks;
        this.zCount = new int[chunks][];
        this.bad = new boolean[chunks];
        this.taskLayer = new int[chunks + 1];
        this.rowScratch = new int[chunks][];
        this.bucketScratch = new int[chunks][];
        this.layerScratch = new int[chunks][];
        this.work = new Chunk[chunks];
        for (int c = 0; c < chunks; c++) {
            work[c] = new Chunk();
            layerScratch[c] = new int[0];
        }
    }

    /**
     * Applies separation to the velocities of {@code k}'s particles, as the kernel's grid passes and
     * {@link ParticleKernel#separate} would. Returns false, having changed nothing, where it cannot
     * (positions outside the bounds, or a radius too large).
     */
    boolean separate(ParticleKernel k, int n) {
        if (!geometry(k.pi, k.pd, n)) {
            return false;
        }
        allocate(n);
        if (!build(k, n)) {
            return false;
        }
        scan();
        apply(k, n);
        return true;
    }

    private boolean geometry(int[] pi, double[] pd, int n) {
        int r = pi[SEPARATION_RADIUS];
        long maxY = (long) pi[SIZE_Y] >> GRID_SHIFT;
        long maxZ = (long) pi[SIZE_Z] >> GRID_SHIFT;
        // rows of width r + 1 (the kernel's cell); wider while the row table would outgrow the particles
        long width = r + 1L;
        long rowLimit = Math.max(1L << 16, 2L * n);
        while ((maxY / width + 3) * (maxZ / width + 3) > rowLimit && width <= MAX_CELL) {
            width *= 2;
        }
        if (r < 1 || r > 46_340 || width > MAX_CELL) {
            return false;
        }
        reach = r - 1;
        r2 = r * r;
        limit = (float) ((double) r2 * (1 + 0x1p-16));
        radius = r;
        strength = pi[SEPARATION_STRENGTH];
        push = pi[SEPARATION_STRENGTH];
        inv = 1.0 / width;
        // (int) (q · inv) is floor(q / width), or one less where q is a multiple of width: two positions
        // less than r apart still land in the same or adjacent cells
        ny = (int) (maxY * inv) + 1;
        nz = (int) (maxZ * inv) + 1;
        py = ny + 2;
        pz = nz + 2;
        minX = pi[MIN_X];
        minY = pi[MIN_Y];
        minZ = pi[MIN_Z];
        // 256 to 512 coarse x buckets over the bounds
        long maxX = (long) pi[SIZE_X] >> GRID_SHIFT;
        xShift = Math.max(0, 64 - Long.numberOfLeadingZeros(maxX) - 9);
        xBuckets = (int) (maxX >> xShift) + 1;
        return true;
    }

    private void allocate(int n) {
        int rows = py * pz;
        if (rowStart.length < rows + 1) {
            rowStart = new int[rows + 1];
        }
        if (zBase.length < pz + 1) {
            zBase = new int[pz + 1];
        }
        if (t4.length < 4 * n) {
            t4 = new int[4 * n];
            // padded: the scan loads LANES slots from any slot before the end
            sx = new float[n + 2 * LANES];
            sy = new float[n + 2 * LANES];
            sz = new float[n + 2 * LANES];
            sIdx = new int[n];
            bySlot = new int[4 * n];
        }
        for (int c = 0; c < chunks; c++) {
            if (zCount[c] == null || zCount[c].length < pz) {
                zCount[c] = new int[pz];
            }
            if (rowScratch[c] == null || rowScratch[c].length < py) {
                rowScratch[c] = new int[py];
            }
            if (bucketScratch[c] == null || bucketScratch[c].length < xBuckets) {
                bucketScratch[c] = new int[xBuckets];
            }
        }
    }

    // ------------------------------------------------------------------ build

    private boolean build(ParticleKernel k, int n) {
        char[] age = k.age;
        int[] pyArr = k.py;
        int[] pzArr = k.pz;
        // 1. live particles per z layer, per chunk
        SimThreads.forChunks(n, chunks, ALIGN, (c, from, to) -> {
            int[] h = zCount[c];
            Arrays.fill(h, 0, pz, 0);
            boolean outside = false;
            for (int i = from; i < to; i++) {
                if (age[i] != Fixed.DEAD) {
                    int qy = (pyArr[i] - minY) >> GRID_SHIFT;
                    int qz = (pzArr[i] - minZ) >> GRID_SHIFT;
                    int cy = (int) (qy * inv);
                    int cz = (int) (qz * inv);
                    if ((qy | qz) < 0 || cy >= ny || cz >= nz) {
                        outside = true;
                        break;
                    }
                    h[cz + 1]++;
                }
            }
            bad[c] = outside;
        });
        int used = usedChunks(n);
        for (int c = 0; c < used; c++) {
            if (bad[c]) {
                return false;
            }
        }
        // 2. layer starts, and each chunk's first slot in each layer
        int at = 0;
        for (int z = 0; z < pz; z++) {
            zBase[z] = at;
            for (int c = 0; c < used; c++) {
                int count = zCount[c][z];
                zCount[c][z] = at;
                at += count;
            }
        }
        zBase[pz] = at;
        alive = at;
        int[] pxArr = k.px;
        // 3. scatter into layer order
        SimThreads.forChunks(n, chunks, ALIGN, (c, from, to) -> {
            int[] off = zCount[c];
            int[] t = t4;
            int outside = 0;
            for (int i = from; i < to; i++) {
                if (age[i] != Fixed.DEAD) {
                    int qz = (pzArr[i] - minZ) >> GRID_SHIFT;
                    int d = 4 * off[(int) (qz * inv) + 1]++;
                    int qx = (pxArr[i] - minX) >> GRID_SHIFT;
                    int qy = (pyArr[i] - minY) >> GRID_SHIFT;
                    outside |= qx | qy | qz;
                    t[d] = qx;
                    t[d + 1] = qy;
                    t[d + 2] = qz;
                    t[d + 3] = i;
                }
            }
            // the kernel packs grid positions into 21 bits an axis: outside that it differs, so defer to it
            bad[c] = (outside & ~GRID_MASK_21) != 0;
        });
        for (int c = 0; c < used; c++) {
            if (bad[c]) {
                return false;
            }
        }
        // 4. per layer: rows, then x order; layers in tasks of about equal particle counts
        int layer = 0;
        for (int t = 0; t <= chunks; t++) {
            long target = (long) t * alive / chunks;
            while (layer < pz && zBase[layer] < target) {
                layer++;
            }
            taskLayer[t] = t == chunks ? pz : layer;
        }
        taskLayer[0] = 0;
        SimThreads.forChunks(chunks, chunks, 1, (t, from, to) -> {
            for (int z = taskLayer[t]; z < taskLayer[t + 1]; z++) {
                layer(z, t);
            }
        });
        rowStart[py * pz] = alive;
        Arrays.fill(t4, 4 * alive, 4 * n, 0);
        return true;
    }

    private int usedChunks(int n) {
        int per = ((n + chunks - 1) / chunks + ALIGN - 1) / ALIGN * ALIGN;
        if (chunks == 1 || n <= ALIGN) {
            return 1;
        }
        return Math.min(chunks, (n + per - 1) / per);
    }

    /**
     * Sorts layer z into rows, each in x order, and clears the build scratch it read: a counting sort by
     * coarse x bucket into the task's scratch, then a counting sort by row from there, so that each row
     * receives its particles nearly in x order and the insertion that finishes the order rarely moves one.
     */
    private void layer(int z, int task) {
        int from = zBase[z];
        int to = zBase[z + 1];
        int rb = z * py;
        int[] rs = rowStart;
        if (from == to) {
            Arrays.fill(rs, rb, rb + py, from);
            return;
        }
        int len = to - from;
        int[] cnt = rowScratch[task];
        int[] xc = bucketScratch[task];
        int[] tmp = layerScratch[task];
        if (tmp.length < 4 * len) {
            tmp = new int[4 * len + 64];
            layerScratch[task] = tmp;
        }
        int buckets = xBuckets;
        int shift = xShift;
        Arrays.fill(cnt, 0, py, 0);
        Arrays.fill(xc, 0, buckets, 0);
        int[] t = t4;
        double inv = this.inv;
        for (int d = 4 * from; d < 4 * to; d += 4) {
            cnt[(int) (t[d + 1] * inv) + 1]++;
            xc[Math.min(t[d] >> shift, buckets - 1)]++;
        }
        int at = from;
        for (int r = 0; r < py; r++) {
            rs[rb + r] = at;
            int c = cnt[r];
            cnt[r] = at;
            at += c;
        }
        at = 0;
        for (int b = 0; b < buckets; b++) {
            int c = xc[b];
            xc[b] = at;
            at += c;
        }
        for (int d = 4 * from; d < 4 * to; d += 4) {
            int x = t[d];
            int k = 4 * xc[Math.min(x >> shift, buckets - 1)]++;
            tmp[k] = x;
            tmp[k + 1] = t[d + 1];
            tmp[k + 2] = t[d + 2];
            tmp[k + 3] = t[d + 3];
            t[d] = 0;
            t[d + 1] = 0;
            t[d + 2] = 0;
            t[d + 3] = 0;
        }
        float[] ox = sx;
        float[] oy = sy;
        float[] oz = sz;
        int[] oi = sIdx;
        // touched in order first, so that the scattered writes below find their lines in cache
        Arrays.fill(ox, from, to, 0f);
        Arrays.fill(oy, from, to, 0f);
        Arrays.fill(oz, from, to, 0f);
        Arrays.fill(oi, from, to, 0);
        for (int k = 0; k < 4 * len; k += 4) {
            int x = tmp[k];
            int y = tmp[k + 1];
            int r = (int) (y * inv) + 1;
            int e = cnt[r]++;
            int first = rs[rb + r];
            // only particles of the same x bucket can be out of order: one rarely taken branch, not two
            if (e > first & ox[Math.max(e - 1, 0)] > x) {
                do {
                    ox[e] = ox[e - 1];
                    oy[e] = oy[e - 1];
                    oz[e] = oz[e - 1];
                    oi[e] = oi[e - 1];
                    e--;
                } while (e > first && ox[e - 1] > x);
            }
            ox[e] = x;
            oy[e] = y;
            oz[e] = tmp[k + 2];
            oi[e] = tmp[k + 3];
        }
    }

    // ------------------------------------------------------------------ scan
    // ------------------------------------------------------------------ scan

    private void scan() {
        if (alive == 0) {
            return;
        }
        SimThreads.forChunks(alive, chunks, ALIGN, (c, from, to) -> {
            work[c].owed = 0;
            work[c].pairs = 0;
            sweep(from, to, work[c]);
        });
        int used = usedChunks(alive);
        int[] acc = bySlot;
        for (int c = 0; c < used; c++) {
            Chunk w = work[c];
            for (int e = 0; e < w.owed; e++) {
                int t = 4 * w.owedSlot[e];
                acc[t] += w.owedX[e];
                acc[t + 1] += w.owedY[e];
                acc[t + 2] += w.owedZ[e];
            }
            w.owed = 0;
        }
        // into particle order, for apply; by slot back to zero
        int[] out = t4;
        int[] oi = sIdx;
        SimThreads.forChunks(alive, chunks, ALIGN, (c, from, to) -> {
            for (int s = from; s < to; s++) {
                int fx = acc[4 * s];
                int fy = acc[4 * s + 1];
                int fz = acc[4 * s + 2];
                if ((fx | fy | fz) != 0) {
                    int i = 4 * oi[s];
                    out[i] = fx;
                    out[i + 1] = fy;
                    out[i + 2] = fz;
                    acc[4 * s] = 0;
                    acc[4 * s + 1] = 0;
                    acc[4 * s + 2] = 0;
                }
            }
        });
    }

    /** The last row that starts at or before slot s: the row holding s. */
    private int rowOf(int s) {
        int lo = 0;
        int hi = py * pz - 1;
        int[] rs = rowStart;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (rs[mid] <= s) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Visits every close pair whose earlier particle is in slots [a, b). */
    private void sweep(int a, int b, Chunk w) {
        int[] rs = rowStart;
        int row = rowOf(a);
        for (int s = a; s < b; ) {
            while (rs[row + 1] <= s) {
                row++;
            }
            int candidates = rs[row + 2] - rs[row] + rs[row + py + 2] - rs[row + py - 1];
            if (candidates > LONG_ROW) {
                int to = Math.min(rs[row + 1], b);
                longRow(row, s, to, b, w);
                s = to;
                continue;
            }
            // the following rows of the layer too, while the candidates stay few
            int layerEnd = (row / py + 1) * py;
            int k = 1;
            while (row + k + 1 < layerEnd && rs[row + k] < b
                && rs[row + k + 2] - rs[row] + rs[row + py + k + 2] - rs[row + py - 1] <= BLOCK_CANDIDATES) {
                k++;
            }
            int to = Math.min(rs[row + k], b);
            // rows row .. row + k at z, then rows row − 1 .. row + k at z + 1
            w.size = 0;
            w.add(this, rs[row], rs[row + k + 1]);
            w.add(this, rs[row + py - 1], rs[row + py + k + 1]);
            test(s, to, rs[row], b, w);
            s = to;
        }
        flush(b, w);
    }

    /**
     * Particles [from, to) of a row with many candidates, in stretches of up to {@link #STRETCH}
     * particles within a few radii of the first in x. A stretch from x0 to x1 takes from its own row the
     * particles from its first up to x1 + r − 1, and from each row ahead those within [x0 − r + 1,
     * x1 + r − 1]: pointers that only move forward, as the stretches do.
     */
    private void longRow(int row, int from, int to, int chunkEnd, Chunk w) {
        int[] rs = rowStart;
        float[] ox = sx;
        int rowEnd = rs[row + 1];
        int own = from;
        int lo1 = rowEnd;
        int hi1 = lo1;
        int end1 = rs[row + 2];
        int lo2 = rs[row + py - 1];
        int hi2 = lo2;
        int end2 = rs[row + py];
        int lo3 = end2;
        int hi3 = lo3;
        int end3 = rs[row + py + 1];
        int lo4 = end3;
        int hi4 = lo4;
        int end4 = rs[row + py + 2];
        float span = STRETCH_REACHES * (float) reach;
        for (int p = from; p < to; ) {
            float x0 = ox[p];
            int q = p + 1;
            while (q < to && q - p < STRETCH && ox[q] - x0 <= span) {
                q++;
            }
            float lo = x0 - reach;
            float hi = ox[q - 1] + reach;
            own = below(Math.max(own, q), rowEnd, hi, true);
            lo1 = below(lo1, end1, lo, false);
            hi1 = below(Math.max(hi1, lo1), end1, hi, true);
            lo2 = below(lo2, end2, lo, false);
            hi2 = below(Math.max(hi2, lo2), end2, hi, true);
            lo3 = below(lo3, end3, lo, false);
            hi3 = below(Math.max(hi3, lo3), end3, hi, true);
            lo4 = below(lo4, end4, lo, false);
            hi4 = below(Math.max(hi4, lo4), end4, hi, true);
            w.size = 0;
            w.add(this, p, own);
            w.add(this, lo1, hi1);
            w.add(this, lo2, hi2);
            w.add(this, lo3, hi3);
            w.add(this, lo4, hi4);
            test(p, q, p, chunkEnd, w);
            p = q;
        }
    }

    /**
     * In a run sorted by x from {@code at} to {@code end}: the first slot whose x is not below
     * {@code bound} (or, with {@code orEqual}, not at or below it), counted LANES at a time.
     */
    private int below(int at, int end, float bound, boolean orEqual) {
        float[] ox = sx;
        while (at < end) {
            FloatVector x = FloatVector.fromArray(F, ox, at);
            VectorMask<Float> in = (orEqual ? x.compare(VectorOperators.LE, bound) : x.compare(VectorOperators.LT, bound))
                .and(IOTA.compare(VectorOperators.LT, (float) (end - at)));
            int count = in.trueCount();
            at += count;
            if (count < LANES) {
                break;
            }
        }
        return at;
    }

    /**
     * Tests particles [from, to) against the chunk's candidate list, whose first entries are the slots
     * from {@code ownBase} on: particle s against the entries after s − ownBase, LANES at a time. Every
     * particle of the block runs the same vector steps, the lanes at or before its own slot masked off,
     * so that the loop's branches are the same for all of them.
     */
    private void test(int from, int to, int ownBase, int chunkEnd, Chunk w) {
        int n = w.size;
        float[] cx = w.cx;
        float[] cy = w.cy;
        float[] cz = w.cz;
        float[] ox = sx;
        float[] oy = sy;
        float[] oz = sz;
        FloatVector lim = FloatVector.broadcast(F, limit);
        // past the list: out of reach
        FloatVector.broadcast(F, FAR).intoArray(cx, n);
        // hits are noted in arrays, not handled in the loop: a call there would keep everything on the stack
        int most = (to - from) * ((n + LANES - 1) / LANES);
        if (w.hitLanes.length < most) {
            w.hitLanes = new long[most];
            w.hitSlot = new int[most];
            w.hitAt = new int[most];
        }
        long[] hitLanes = w.hitLanes;
        int[] hitSlot = w.hitSlot;
        int[] hitAt = w.hitAt;
        int hits = 0;
        for (int s = from; s < to; s++) {
            FloatVector x = FloatVector.broadcast(F, ox[s]);
            FloatVector y = FloatVector.broadcast(F, oy[s]);
            FloatVector z = FloatVector.broadcast(F, oz[s]);
            int own = s - ownBase;
            for (int c = 0; c < n; c += LANES) {
                FloatVector dx = FloatVector.fromArray(F, cx, c).sub(x);
                FloatVector dy = FloatVector.fromArray(F, cy, c).sub(y);
                FloatVector dz = FloatVector.fromArray(F, cz, c).sub(z);
                VectorMask<Float> near = dx.mul(dx).add(dy.mul(dy)).add(dz.mul(dz)).compare(VectorOperators.LT, lim)
                    .and(IOTA.compare(VectorOperators.GT, (float) (own - c)));
                if (near.anyTrue()) {
                    hitLanes[hits] = near.toLong();
                    hitSlot[hits] = s;
                    hitAt[hits] = c;
                    hits++;
                }
            }
        }
        int[] slot = w.slot;
        for (int h = 0; h < hits; h++) {
            queue(hitSlot[h], slot, hitAt[h], hitLanes[h], chunkEnd, w);
        }
    }

    /** Queues the pairs (s, slot[c + lane]) for each set lane; {@link #flush} decides and adds them. */
    private void queue(int s, int[] slot, int c, long lanes, int chunkEnd, Chunk w) {
        int n = w.pairs;
        if (n + LANES > w.ps.length) {
            flush(chunkEnd, w);
            n = 0;
        }
        int[] ps = w.ps;
        int[] pt = w.pt;
        do {
            ps[n] = s;
            pt[n] = slot[c + Long.numberOfTrailingZeros(lanes)];
            n++;
            lanes &= lanes - 1;
        } while (lanes != 0);
        w.pairs = n;
    }

    /**
     * For each queued pair (s, t) within reach, the kernel's term, added to the particle in slot s and
     * taken from the one in slot t. Queued rather than done at once, so that the square roots, divisions
     * and scattered accumulator updates of many pairs overlap.
     */
    private void flush(int chunkEnd, Chunk w) {
        int[] acc = bySlot;
        float[] ox = sx;
        float[] oy = sy;
        float[] oz = sz;
        int[] oi = sIdx;
        int[] ps = w.ps;
        int[] pt = w.pt;
        int n = w.pairs;
        int rr = r2;
        double radius = this.radius;
        double strength = this.strength;
        for (int p = 0; p < n; p++) {
            int s = ps[p];
            int t = pt[p];
            int ex = (int) ox[s] - (int) ox[t];
            int ey = (int) oy[s] - (int) oy[t];
            int ez = (int) oz[s] - (int) oz[t];
            // ParticleKernel.separate, term for term
            double d2 = (double) ex * ex + (double) ey * ey + (double) ez * ez;
            if (d2 >= rr) {
                continue;
            }
            int fx;
            int fy = 0;
            int fz = 0;
            if (d2 == 0) {
                fx = oi[s] < oi[t] ? -push : push;
            } else {
                double dist = Math.sqrt(d2);
                double k2 = (radius - dist) / (dist * radius);
                fx = (int) (ex * k2 * strength);
                fy = (int) (ey * k2 * strength);
                fz = (int) (ez * k2 * strength);
            }
            acc[4 * s] += fx;
            acc[4 * s + 1] += fy;
            acc[4 * s + 2] += fz;
            if (t < chunkEnd) {
                acc[4 * t] -= fx;
                acc[4 * t + 1] -= fy;
                acc[4 * t + 2] -= fz;
            } else {
                w.owe(t, -fx, -fy, -fz);
            }
        }
        w.pairs = 0;
    }

    // ------------------------------------------------------------------ apply

    private void apply(ParticleKernel k, int n) {
        int vmax = k.pi[MAX_VELOCITY];
        char[] age = k.age;
        int[] vx = k.vx;
        int[] vy = k.vy;
        int[] vz = k.vz;
        int[] acc = t4;
        SimThreads.forChunks(n, chunks, ALIGN, (c, from, to) -> {
            for (int i = from; i < to; i++) {
                if (age[i] != Fixed.DEAD) {
                    vx[i] = ParticleKernel.clamp(vx[i] + acc[4 * i], -vmax, vmax);
                    vy[i] = ParticleKernel.clamp(vy[i] + acc[4 * i + 1], -vmax, vmax);
                    vz[i] = ParticleKernel.clamp(vz[i] + acc[4 * i + 2], -vmax, vmax);
                }
            }
        });
    }

    /**
     * One chunk's working memory: the candidate list of the current block, the queued pairs, and the
     * terms it owes to particles of a later chunk, added after the scan.
     */
    private static final class Chunk {
        /** The current block's candidates: positions and slot, size of them. */
        float[] cx = new float[256];
        float[] cy = new float[256];
        float[] cz = new float[256];
        int[] slot = new int[256];
        int size;
        long[] hitLanes = new long[256];
        int[] hitSlot = new int[256];
        int[] hitAt = new int[256];
        int pairs;
        final int[] ps = new int[1024];
        final int[] pt = new int[1024];
        int owed;
        int[] owedSlot = new int[256];
        int[] owedX = new int[256];
        int[] owedY = new int[256];
        int[] owedZ = new int[256];

        /** Appends slots [from, to) to the candidates, LANES at a time: the lanes past {@code to} are overwritten next. */
        void add(SeparationGrid g, int from, int to) {
            int len = to - from;
            if (len <= 0) {
                return;
            }
            int n = size;
            if (n + len + 2 * LANES > cx.length) {
                int grown = Math.max(n + len + 2 * LANES, 2 * cx.length);
                cx = Arrays.copyOf(cx, grown);
                cy = Arrays.copyOf(cy, grown);
                cz = Arrays.copyOf(cz, grown);
                slot = Arrays.copyOf(slot, grown);
            }
            for (int o = 0; o < len; o += LANES) {
                FloatVector.fromArray(F, g.sx, from + o).intoArray(cx, n + o);
                FloatVector.fromArray(F, g.sy, from + o).intoArray(cy, n + o);
                FloatVector.fromArray(F, g.sz, from + o).intoArray(cz, n + o);
                INT_IOTA.add(from + o).intoArray(slot, n + o);
            }
            size = n + len;
        }

        void owe(int t, int fx, int fy, int fz) {
            if (owed == owedSlot.length) {
                owedSlot = Arrays.copyOf(owedSlot, owed * 2);
                owedX = Arrays.copyOf(owedX, owed * 2);
                owedY = Arrays.copyOf(owedY, owed * 2);
                owedZ = Arrays.copyOf(owedZ, owed * 2);
            }
            owedSlot[owed] = t;
            owedX[owed] = fx;
            owedY[owed] = fy;
            owedZ[owed] = fz;
            owed++;
        }
    }
}
