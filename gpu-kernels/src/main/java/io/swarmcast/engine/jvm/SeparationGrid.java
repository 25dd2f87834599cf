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
 * <p>The grid: rows are cells in y and z at least r wide, so a neighbour lies in one of the 9 rows
 * around a particle's own. Each pair is visited once, from its earlier particle in slot order, among
 * the "half-shell" candidates: the rest of its own row, the next row (y + 1, z) and the three rows
 * (y − 1 .. y + 1, z + 1). These are two runs of slots: its own row and the next at z, and the three
 * rows at z + 1. Rows are short in most scenes (a few particles), so a particle is tested against both
 * runs whole: where each run fits in one vector, the runs are loaded once for a block of consecutive
 * rows and every particle of the block takes the same two tests. Where a row has many candidates
 * (more than {@link #WINDOW_ROW}), its five rows are swept by windows in x instead: rows with many
 * particles are sorted by x, and a window runs from r − 1 behind a group of particles to r − 1 ahead
 * of it.
 *
 * <p>The test runs LANES candidates at a time in float lanes. Grid positions are below 2^21, so they
 * and their differences are exact floats, and d² (a product and two fused multiply-adds, three
 * roundings) exceeds the exact one by a relative 2^-22 at most: a test against r² · (1 + 2^-16) keeps
 * every pair within reach. The tests that pass are noted (a lane mask each) and their pairs decided
 * exactly, with the kernel's int and double arithmetic, term for term, and the terms summed by slot
 * (each chunk's thread adds only to its own slots; a term for a later chunk's slot is owed and added
 * after the sweep). The slots of a pair are near each other, so these sums stay in cache, where sums by
 * particle index would be scattered over the whole array. Then each slot with a sum hands it to its
 * particle, one write a particle, and the sums are added to the velocities in particle order: by the
 * Java backend's stepper as it loads each block of velocities ({@link #separateDeferred}), or by a
 * pass of its own ({@link #separate}).
 *
 * <p>Build: a counting sort by z layer over the chunks (per-chunk histograms, no atomics), then per
 * layer a counting sort by row, and a sort by x of the rows with many particles; layers are spread
 * over the threads. Where positions lie outside the bounds (never after a step: boundaries clamp) or
 * the radius is out of range, the caller falls back to the kernel's grid.
 */
final class SeparationGrid {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = F.length();
    /** 0, 1, 2, ... in float lanes. */
    private static final FloatVector IOTA = FloatVector.zero(F).addIndex(1);
    /** Eight int lanes. */
    private static final VectorSpecies<Integer> I8 = IntVector.SPECIES_256;
    /** For each byte b, the positions of its set bits, lowest first, in [8b, 8b + 8). */
    private static final int[] SET_BITS = new int[256 * 8];

    static {
        for (int b = 0; b < 256; b++) {
            for (int bit = 0, at = 8 * b; bit < 8; bit++) {
                if ((b >> bit & 1) != 0) {
                    SET_BITS[at++] = bit;
                }
            }
        }
    }
    private static final int ALIGN = 64;
    /** Largest cell width in y and z. */
    private static final int MAX_CELL = 1 << 20;
    /** Grid positions the kernel can pack: 21 bits, non-negative. */
    private static final int GRID_MASK_21 = (1 << GRID_BITS) - 1;
    /** A row with more particles than this is sorted by x, so that windows can be swept along it. */
    static final int SORTED_ROW = 32;
    /**
     * A row with more candidates than this is swept by windows in x; fewer are all tested. Measured on
     * the demo scene with separation, settled (tick 1,500): windows shared by groups of
     * {@link #WINDOW_GROUP} particles beat testing whole runs from about this size (scan 9.06 -> 8.20 ms
     * against windows past 2,048 only; 128, 512 and 1,024 did less well).
     */
    static final int WINDOW_ROW = 256;
    /** Consecutive particles of a row sorted by x that share one window a row. */
    private static final int WINDOW_GROUP = 16;
    /** Counts of one radix pass of {@link #sortByX}: eight bits. */
    private static final int RADIX = 256;

    private final int chunks;
    private final int sortedRow;
    private final int windowRow;

    // geometry of the current step
    private int reach;
    private int r2;
    private float limit;
    private double radius;
    private double strength;
    private int push;
    /** Cells in y and z: see {@link #cell}. */
    private long mul;
    private int ny;
    private int nz;
    private int py;
    private int pz;
    private int minX;
    private int minY;
    private int minZ;

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
     * the build, it then holds the velocity change of the particle in slot s at [4s, 4s + 3).
     */
    private int[] t4 = new int[0];
    /**
     * The velocity change of particle i at [4i, 4i + 3), written from {@link #t4} for the particles that
     * have one; zero between steps.
     */
    private int[] dv = new int[0];
    private final int[][] zCount;
    private final boolean[] bad;
    private final int[] taskLayer;
    private final int[][] rowScratch;
    /** Per task: the row of each particle of the layer being sorted. */
    private final int[][] rowOfScratch;
    private final int[][] layerScratch;
    private final Chunk[] work;

    SeparationGrid(int chunks) {
        this(chunks, SORTED_ROW, WINDOW_ROW);
    }

    /** With other thresholds than {@link #SORTED_ROW} and {@link #WINDOW_ROW}: tests use it to reach every path. */
    SeparationGrid(int chunks, int sortedRow, int windowRow) {
        this.chunks = chunks;
        this.sortedRow = sortedRow;
        this.windowRow = windowRow;
        this.zCount = new int[chunks][];
        this.bad = new boolean[chunks];
        this.taskLayer = new int[chunks + 1];
        this.rowScratch = new int[chunks][];
        this.rowOfScratch = new int[chunks][];
        this.layerScratch = new int[chunks][];
        this.work = new Chunk[chunks];
        for (int c = 0; c < chunks; c++) {
            work[c] = new Chunk();
            layerScratch[c] = new int[0];
            rowOfScratch[c] = new int[0];
        }
    }

    /**
     * Applies separation to the velocities of {@code k}'s particles, as the kernel's grid passes and
     * {@link ParticleKernel#separate} would. Returns false, having changed nothing, where it cannot
     * (positions outside the bounds, or a radius too large).
     */
    boolean separate(ParticleKernel k, int n) {
        if (!separateDeferred(k, n)) {
            return false;
        }
        SimThreads.forChunks(n, chunks, ALIGN, (c, from, to) -> addPending(k, from, to));
        return true;
    }

    /**
     * {@link #separate} without the last pass: the velocity changes are left pending, and the caller
     * must then call {@link #addPending} over every particle before anything reads the velocities. The
     * Java backend does so block by block at the start of its step, where the velocities are loaded
     * anyway, which saves a pass over them. Returns false, with nothing pending, where it cannot.
     */
    boolean separateDeferred(ParticleKernel k, int n) {
        if (!geometry(k.pi, k.pd, n)) {
            return false;
        }
        allocate(n);
        if (!build(k, n)) {
            return false;
        }
        scan();
        handOver();
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
        // the cell of q is q · mul / 2^32 rounded down, with mul at most 2^32 / width: each cell spans at
        // least width, so two positions less than r apart land in the same or adjacent cells
        mul = (1L << 32) / width;
        ny = cell(maxY) + 1;
        nz = cell(maxZ) + 1;
        py = ny + 2;
        pz = nz + 2;
        minX = pi[MIN_X];
        minY = pi[MIN_Y];
        minZ = pi[MIN_Z];
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
            dv = new int[4 * n];
        }
        for (int c = 0; c < chunks; c++) {
            if (zCount[c] == null || zCount[c].length < pz) {
                zCount[c] = new int[pz];
            }
            if (rowScratch[c] == null || rowScratch[c].length < py) {
                rowScratch[c] = new int[py];
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
                    int cy = cell(qy);
                    int cz = cell(qz);
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
                    int d = 4 * off[cell(qz) + 1]++;
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

    /**
     * The cell in y or z of grid position q (non-negative, below 2^31): an integer multiply, where a
     * division or floating point would cost several times as much in the build's loops.
     */
    private int cell(long q) {
        return (int) (q * mul >>> 32);
    }

    private int usedChunks(int n) {
        int per = ((n + chunks - 1) / chunks + ALIGN - 1) / ALIGN * ALIGN;
        if (chunks == 1 || n <= ALIGN) {
            return 1;
        }
        return Math.min(chunks, (n + per - 1) / per);
    }

    /**
     * Sorts layer z into rows, and clears the build scratch it read: a counting sort by row (each
     * particle's row found once and kept for the second pass), then a sort by x of each row with more
     * than {@code sortedRow} particles. Within a smaller row the order does not matter: its particles
     * are tested against all of their candidates.
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
        int[] cnt = rowScratch[task];
        Arrays.fill(cnt, 0, py, 0);
        int[] t = t4;
        int[] particleRow = rowOfScratch[task];
        if (particleRow.length < to - from) {
            particleRow = new int[2 * (to - from)];
            rowOfScratch[task] = particleRow;
        }
        for (int d = 4 * from, j = 0; d < 4 * to; d += 4, j++) {
            int r = cell(t[d + 1]) + 1;
            particleRow[j] = r;
            cnt[r]++;
        }
        int at = from;
        for (int r = 0; r < py; r++) {
            rs[rb + r] = at;
            int c = cnt[r];
            cnt[r] = at;
            at += c;
        }
        float[] ox = sx;
        float[] oy = sy;
        float[] oz = sz;
        int[] oi = sIdx;
        for (int d = 4 * from, j = 0; d < 4 * to; d += 4, j++) {
            int e = cnt[particleRow[j]]++;
            ox[e] = t[d];
            oy[e] = t[d + 1];
            oz[e] = t[d + 2];
            oi[e] = t[d + 3];
        }
        Arrays.fill(t, 4 * from, 4 * to, 0);
        for (int r = 0; r < py; r++) {
            int first = rs[rb + r];
            if (cnt[r] - first > sortedRow) {
                sortByX(first, cnt[r], task);
            }
        }
    }

    /**
     * Sorts slots [from, to) by x: a least-significant-digit radix sort of x less the row's least x, in one
     * to four passes of eight bits or fewer. It is stable, though the order of equal x does not matter.
     * Measured at tick 40,000 of the demo with separation, it takes about 1.4 ms where
     * {@code Arrays.sort} of packed keys took 2.4 (2–5% of the pass).
     */
    private void sortByX(int from, int to, int task) {
        float[] ox = sx;
        int least = Integer.MAX_VALUE;
        int most = Integer.MIN_VALUE;
        for (int e = from; e < to; e++) {
            int x = (int) ox[e];
            least = Math.min(least, x);
            most = Math.max(most, x);
        }
        if (least == most) {
            return;
        }
        int len = to - from;
        int[] tmp = layerScratch[task];
        if (tmp.length < RADIX + 4 * len) {
            tmp = new int[2 * (RADIX + 4 * len)];
            layerScratch[task] = tmp;
        }
        // tmp: the counts, then two (key, slot) lists that the passes move between
        int key = RADIX;
        int slot = key + len;
        int otherKey = slot + len;
        int otherSlot = otherKey + len;
        for (int j = 0; j < len; j++) {
            tmp[key + j] = (int) ox[from + j] - least;
            tmp[slot + j] = from + j;
        }
        int bits = 32 - Integer.numberOfLeadingZeros(most - least);
        int passes = (bits + 7) / 8;
        int width = (bits + passes - 1) / passes;
        int mask = (1 << width) - 1;
        for (int pass = 0, shift = 0; pass < passes; pass++, shift += width) {
            Arrays.fill(tmp, 0, mask + 1, 0);
            for (int j = 0; j < len; j++) {
                tmp[(tmp[key + j] >>> shift) & mask]++;
            }
            for (int d = 0, at = 0; d <= mask; d++) {
                int c = tmp[d];
                tmp[d] = at;
                at += c;
            }
            for (int j = 0; j < len; j++) {
                int k = tmp[key + j];
                int d = tmp[(k >>> shift) & mask]++;
                tmp[otherKey + d] = k;
                tmp[otherSlot + d] = tmp[slot + j];
            }
            int t = key;
            key = otherKey;
            otherKey = t;
            t = slot;
            slot = otherSlot;
            otherSlot = t;
        }
        // tmp[slot + j]: the slot whose particle goes to from + j; move each array through the spare list
        int[] oi = sIdx;
        for (int j = 0; j < len; j++) {
            tmp[otherKey + j] = oi[tmp[slot + j]];
        }
        System.arraycopy(tmp, otherKey, oi, from, len);
        permute(ox, from, len, tmp, slot, otherKey);
        permute(sy, from, len, tmp, slot, otherKey);
        permute(sz, from, len, tmp, slot, otherKey);
    }

    /** Puts axis[tmp[order + j]] at axis[from + j] for j below len, through tmp[spare, spare + len). */
    private static void permute(float[] axis, int from, int len, int[] tmp, int order, int spare) {
        for (int j = 0; j < len; j++) {
            tmp[spare + j] = Float.floatToRawIntBits(axis[tmp[order + j]]);
        }
        for (int j = 0; j < len; j++) {
            axis[from + j] = Float.intBitsToFloat(tmp[spare + j]);
        }
    }

    // ------------------------------------------------------------------ scan

    private void scan() {
        if (alive == 0) {
            return;
        }
        SimThreads.forChunks(alive, chunks, ALIGN, (c, from, to) -> {
            work[c].owed = 0;
            sweep(from, to, work[c]);
        });
        // the terms owed to slots of a later chunk, now that every chunk has added its own
        int used = usedChunks(alive);
        int[] acc = t4;
        for (int c = 0; c < used; c++) {
            Chunk w = work[c];
            for (int e = 0; e < w.owed; e++) {
                int t = 4 * w.owedSlot[e];
                acc[t] += w.owedX[e];
                acc[t + 1] += w.owedY[e];
                acc[t + 2] += w.owedZ[e];
            }
        }
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

    /**
     * Visits every close pair whose earlier particle is in slots [a, b). Consecutive rows of a layer whose
     * two runs together still fit in one vector each are taken as one block: the runs are loaded once,
     * and every particle of the block takes the same two tests. The candidates of a block that are not
     * in a particle's own half-shell are two rows away from it in y, out of reach.
     */
    private void sweep(int a, int b, Chunk w) {
        int[] rs = rowStart;
        float[] ox = sx;
        float[] oy = sy;
        float[] oz = sz;
        long[] hitLanes = w.hitLanes;
        int[] hitSlot = w.hitSlot;
        int[] hitAt = w.hitAt;
        FloatVector lim = FloatVector.broadcast(F, limit);
        int window = windowRow;
        int row = rowOf(a);
        int layerEnd = (row / py + 1) * py;
        for (int s = a; s < b; ) {
            while (rs[row + 1] <= s) {
                row++;
            }
            while (row >= layerEnd) {
                layerEnd += py;
            }
            // the half-shell rows in two runs of slots: this row and the next at z, three rows at z + 1
            int aStart = rs[row];
            int aEnd = rs[row + 2];
            int bStart = rs[row + py - 1];
            int bEnd = rs[row + py + 2];
            int aLen = aEnd - aStart;
            int bLen = bEnd - bStart;
            if (aLen > LANES || bLen > LANES || aLen + bLen > window) {
                int to = Math.min(rs[row + 1], b);
                if (aLen + bLen > window) {
                    windowRow(row, s, to, b, w);
                } else if (aLen <= 2 * LANES && bLen <= 2 * LANES) {
                    pairRow(s, to, aStart, aLen, bStart, bLen, b, w);
                } else {
                    midRow(s, to, aStart, aLen, bStart, bLen, b, w);
                }
                hitLanes = w.hitLanes;
                hitSlot = w.hitSlot;
                hitAt = w.hitAt;
                s = to;
                continue;
            }
            int k = 1;
            while (row + k + 1 < layerEnd) {
                int aNext = rs[row + k + 2];
                int bNext = rs[row + py + k + 2];
                if (aNext - aStart > LANES || bNext - bStart > LANES || aNext - aStart + bNext - bStart > window) {
                    break;
                }
                aEnd = aNext;
                bEnd = bNext;
                k++;
            }
            int to = Math.min(rs[row + k], b);
            FloatVector ax = FloatVector.fromArray(F, ox, aStart);
            FloatVector ay = FloatVector.fromArray(F, oy, aStart);
            FloatVector az = FloatVector.fromArray(F, oz, aStart);
            FloatVector bx = FloatVector.fromArray(F, ox, bStart);
            FloatVector by = FloatVector.fromArray(F, oy, bStart);
            FloatVector bz = FloatVector.fromArray(F, oz, bStart);
            VectorMask<Float> aIn = IOTA.compare(VectorOperators.LT, (float) (aEnd - aStart));
            VectorMask<Float> bIn = IOTA.compare(VectorOperators.LT, (float) (bEnd - bStart));
            // at most LANES particles, two hits each: the chunk's arrays hold them
            int hits = 0;
            for (int p = s; p < to; p++) {
                FloatVector x = FloatVector.broadcast(F, ox[p]);
                FloatVector y = FloatVector.broadcast(F, oy[p]);
                FloatVector z = FloatVector.broadcast(F, oz[p]);
                VectorMask<Float> nearA = near(ax, ay, az, x, y, z, lim)
                    .and(aIn).and(IOTA.compare(VectorOperators.GT, (float) (p - aStart)));
                VectorMask<Float> nearB = near(bx, by, bz, x, y, z, lim).and(bIn);
                if (nearA.or(nearB).anyTrue()) {
                    hitLanes[hits] = nearA.toLong();
                    hitSlot[hits] = p;
                    hitAt[hits] = aStart;
                    hitLanes[hits + 1] = nearB.toLong();
                    hitSlot[hits + 1] = p;
                    hitAt[hits + 1] = bStart;
                    hits += 2;
                }
            }
            if (hits > 0) {
                decide(hits, b, w);
            }
            s = to;
        }
    }

    /**
     * The lanes of candidates (cx, cy, cz) whose d² from the point (x, y, z) is below {@code lim}: the
     * filter's test, d² by a product and two fused multiply-adds (see the class comment for its bound).
     */
    private static VectorMask<Float> near(FloatVector cx, FloatVector cy, FloatVector cz, FloatVector x, FloatVector y,
        FloatVector z, FloatVector lim) {
        FloatVector dx = cx.sub(x);
        FloatVector dy = cy.sub(y);
        FloatVector dz = cz.sub(z);
        return dz.fma(dz, dy.fma(dy, dx.mul(dx))).compare(VectorOperators.LT, lim);
    }

    /** {@link #near} for one particle's position. */
    private static VectorMask<Float> near(FloatVector cx, FloatVector cy, FloatVector cz, float x, float y, float z,
        FloatVector lim) {
        return near(cx, cy, cz, FloatVector.broadcast(F, x), FloatVector.broadcast(F, y), FloatVector.broadcast(F, z), lim);
    }

    /**
     * Particles [from, to) of a row whose two runs of candidates each fit in two vectors: as a
     * block of short rows in {@link #sweep}, with four tests a particle.
     */
    private void pairRow(int from, int to, int aStart, int aLen, int bStart, int bLen, int chunkEnd, Chunk w) {
        float[] ox = sx;
        float[] oy = sy;
        float[] oz = sz;
        w.ensureHits(4 * (to - from));
        long[] hitLanes = w.hitLanes;
        int[] hitSlot = w.hitSlot;
        int[] hitAt = w.hitAt;
        FloatVector lim = FloatVector.broadcast(F, limit);
        int a2 = aStart + LANES;
        int b2 = bStart + LANES;
        FloatVector ax = FloatVector.fromArray(F, ox, aStart);
        FloatVector ay = FloatVector.fromArray(F, oy, aStart);
        FloatVector az = FloatVector.fromArray(F, oz, aStart);
        FloatVector cx = FloatVector.fromArray(F, ox, a2);
        FloatVector cy = FloatVector.fromArray(F, oy, a2);
        FloatVector cz = FloatVector.fromArray(F, oz, a2);
        FloatVector bx = FloatVector.fromArray(F, ox, bStart);
        FloatVector by = FloatVector.fromArray(F, oy, bStart);
        FloatVector bz = FloatVector.fromArray(F, oz, bStart);
        FloatVector dx = FloatVector.fromArray(F, ox, b2);
        FloatVector dy = FloatVector.fromArray(F, oy, b2);
        FloatVector dz = FloatVector.fromArray(F, oz, b2);
        VectorMask<Float> aIn = IOTA.compare(VectorOperators.LT, (float) aLen);
        VectorMask<Float> cIn = IOTA.compare(VectorOperators.LT, (float) (aLen - LANES));
        VectorMask<Float> bIn = IOTA.compare(VectorOperators.LT, (float) bLen);
        VectorMask<Float> dIn = IOTA.compare(VectorOperators.LT, (float) (bLen - LANES));
        int hits = 0;
        for (int s = from; s < to; s++) {
            FloatVector x = FloatVector.broadcast(F, ox[s]);
            FloatVector y = FloatVector.broadcast(F, oy[s]);
            FloatVector z = FloatVector.broadcast(F, oz[s]);
            float own = s - aStart;
            VectorMask<Float> nearA = near(ax, ay, az, x, y, z, lim).and(aIn).and(IOTA.compare(VectorOperators.GT, own));
            VectorMask<Float> nearC = near(cx, cy, cz, x, y, z, lim).and(cIn).and(IOTA.compare(VectorOperators.GT, own - LANES));
            VectorMask<Float> nearB = near(bx, by, bz, x, y, z, lim).and(bIn);
            VectorMask<Float> nearD = near(dx, dy, dz, x, y, z, lim).and(dIn);
            if (nearA.or(nearB).or(nearC).or(nearD).anyTrue()) {
                hitLanes[hits] = nearA.toLong();
                hitSlot[hits] = s;
                hitAt[hits] = aStart;
                hitLanes[hits + 1] = nearC.toLong();
                hitSlot[hits + 1] = s;
                hitAt[hits + 1] = a2;
                hitLanes[hits + 2] = nearB.toLong();
                hitSlot[hits + 2] = s;
                hitAt[hits + 2] = bStart;
                hitLanes[hits + 3] = nearD.toLong();
                hitSlot[hits + 3] = s;
                hitAt[hits + 3] = b2;
                hits += 4;
            }
        }
        decide(hits, chunkEnd, w);
    }

    /**
     * Particles [from, to) of a row whose runs of candidates take a few vectors each: both runs whole,
     * a vector of candidates at a time against every particle that has candidates in it.
     */
    private void midRow(int from, int to, int aStart, int aLen, int bStart, int bLen, int chunkEnd, Chunk w) {
        w.ensureHits((to - from) * ((aLen + LANES - 1) / LANES + (bLen + LANES - 1) / LANES));
        int aEnd = aStart + aLen;
        int bEnd = bStart + bLen;
        int hits = 0;
        float[] ox = sx;
        float[] oy = sy;
        float[] oz = sz;
        long[] hitLanes = w.hitLanes;
        int[] hitSlot = w.hitSlot;
        int[] hitAt = w.hitAt;
        FloatVector lim = FloatVector.broadcast(F, limit);
        // the first run: particle s takes the slots after it
        for (int c = from + 1; c < aEnd; c += LANES) {
            FloatVector cx = FloatVector.fromArray(F, ox, c);
            FloatVector cy = FloatVector.fromArray(F, oy, c);
            FloatVector cz = FloatVector.fromArray(F, oz, c);
            VectorMask<Float> in = IOTA.compare(VectorOperators.LT, (float) (aEnd - c));
            int last = Math.min(to, c + LANES - 1);
            for (int s = from; s < last; s++) {
                VectorMask<Float> near = near(cx, cy, cz, ox[s], oy[s], oz[s], lim)
                    .and(in).and(IOTA.compare(VectorOperators.GT, (float) (s - c)));
                if (near.anyTrue()) {
                    hitLanes[hits] = near.toLong();
                    hitSlot[hits] = s;
                    hitAt[hits] = c;
                    hits++;
                }
            }
        }
        for (int c = bStart; c < bEnd; c += LANES) {
            FloatVector cx = FloatVector.fromArray(F, ox, c);
            FloatVector cy = FloatVector.fromArray(F, oy, c);
            FloatVector cz = FloatVector.fromArray(F, oz, c);
            VectorMask<Float> in = IOTA.compare(VectorOperators.LT, (float) (bEnd - c));
            for (int s = from; s < to; s++) {
                VectorMask<Float> near = near(cx, cy, cz, ox[s], oy[s], oz[s], lim).and(in);
                if (near.anyTrue()) {
                    hitLanes[hits] = near.toLong();
                    hitSlot[hits] = s;
                    hitAt[hits] = c;
                    hits++;
                }
            }
        }
        decide(hits, chunkEnd, w);
    }

    /**
     * Particles [from, to) of a row with many candidates. Its five half-shell rows are swept by window
     * where they are sorted by x (more than {@code sortedRow} particles); a row with fewer particles is
     * tested whole. Where this row is sorted too, its particles come in x order: they go in groups of
     * {@link #WINDOW_GROUP}, each group's windows running from r − 1 behind its first particle to r − 1
     * ahead of its last, moving only forward, and {@link #midRow} tests the group against them. Where
     * it is not, each particle's windows are found by bisection and tested the same way.
     *
     * <p>Rows this long are rare in some scenes, so this method may run uncompiled for a long time,
     * where the Vector API boxes every vector at hundreds of times the cost. So its own work is
     * scalar, and its tests are {@link #midRow}'s, which every scene runs often.
     */
    private void windowRow(int row, int from, int to, int chunkEnd, Chunk w) {
        int[] rs = rowStart;
        float[] ox = sx;
        int[] lo = w.lo;
        int[] hi = w.hi;
        int[] start = w.start;
        int[] end = w.end;
        boolean[] sorted = w.sorted;
        start[0] = rs[row];
        end[0] = rs[row + 1];
        start[1] = rs[row + 1];
        end[1] = rs[row + 2];
        start[2] = rs[row + py - 1];
        end[2] = rs[row + py];
        start[3] = end[2];
        end[3] = rs[row + py + 1];
        start[4] = end[3];
        end[4] = rs[row + py + 2];
        for (int k = 0; k < 5; k++) {
            sorted[k] = end[k] - start[k] > sortedRow;
            lo[k] = start[k];
            hi[k] = start[k];
        }
        float r = reach;
        if (sorted[0]) {
            // this row in x order: groups of particles, each with one window a row, swept by midRow
            for (int g = from; g < to; g += WINDOW_GROUP) {
                int gEnd = Math.min(g + WINDOW_GROUP, to);
                float behind = ox[g] - r;
                float ahead = ox[gEnd - 1] + r;
                int own = Math.max(hi[0], gEnd);
                while (own < end[0] && ox[own] <= ahead) {
                    own++;
                }
                hi[0] = own;
                for (int k = 1; k < 5; k++) {
                    if (sorted[k]) {
                        int a = lo[k];
                        while (a < end[k] && ox[a] < behind) {
                            a++;
                        }
                        lo[k] = a;
                        int b = Math.max(hi[k], a);
                        while (b < end[k] && ox[b] <= ahead) {
                            b++;
                        }
                        hi[k] = b;
                    } else {
                        hi[k] = end[k];
                    }
                }
                midRow(g, gEnd, start[0], own - start[0], lo[1], hi[1] - lo[1], chunkEnd, w);
                midRow(g, gEnd, 0, 0, lo[2], hi[2] - lo[2], chunkEnd, w);
                midRow(g, gEnd, 0, 0, lo[3], hi[3] - lo[3], chunkEnd, w);
                midRow(g, gEnd, 0, 0, lo[4], hi[4] - lo[4], chunkEnd, w);
            }
            return;
        }
        // this row in no order (few particles): each particle on its own, its own candidates the rest of
        // the row, its windows found by bisection
        for (int s = from; s < to; s++) {
            float behind = ox[s] - r;
            float ahead = ox[s] + r;
            for (int k = 1; k < 5; k++) {
                lo[k] = start[k];
                hi[k] = end[k];
                if (sorted[k]) {
                    lo[k] = firstAbove(start[k], end[k], behind, false);
                    hi[k] = firstAbove(lo[k], end[k], ahead, true);
                }
            }
            midRow(s, s + 1, start[0], end[0] - start[0], lo[1], hi[1] - lo[1], chunkEnd, w);
            midRow(s, s + 1, 0, 0, lo[2], hi[2] - lo[2], chunkEnd, w);
            midRow(s, s + 1, 0, 0, lo[3], hi[3] - lo[3], chunkEnd, w);
            midRow(s, s + 1, 0, 0, lo[4], hi[4] - lo[4], chunkEnd, w);
        }
    }

    /**
     * In slots [at, end) sorted by x, by bisection: the first whose x is not below {@code bound}, or
     * with {@code orEqual}, the first whose x is above it.
     */
    private int firstAbove(int at, int end, float bound, boolean orEqual) {
        float[] ox = sx;
        int lo = at;
        int hi = end;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ox[mid] < bound || orEqual && ox[mid] == bound) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Decides the pairs of the chunk's noted hits (particle hitSlot[h] with slot hitAt[h] + each set lane)
     * as {@link ParticleKernel#separate} does, adding each term to slot s's sum and taking it from slot
     * t's.
     */
    private void decide(int hits, int chunkEnd, Chunk w) {
        long[] hitLanes = w.hitLanes;
        int[] hitSlot = w.hitSlot;
        int[] hitAt = w.hitAt;
        // the hits' pairs in a flat list first, without a branch: a loop over each hit's lanes would
        // leave it at a different count every time
        w.ensurePairs(hits * LANES + 8);
        int[] pairS = w.pairS;
        int[] pairT = w.pairT;
        int pairs = 0;
        int[] setBits = SET_BITS;
        for (int h = 0; h < hits; h++) {
            long lanes = hitLanes[h];
            int at = hitAt[h];
            IntVector slot = IntVector.broadcast(I8, hitSlot[h]);
            for (int part = 0; part < LANES; part += 8) {
                int bits = (int) (lanes >>> part) & 0xFF;
                IntVector.fromArray(I8, setBits, 8 * bits).add(at + part).intoArray(pairT, pairs);
                slot.intoArray(pairS, pairs);
                pairs += Integer.bitCount(bits);
            }
        }
        int[] acc = t4;
        float[] ox = sx;
        float[] oy = sy;
        float[] oz = sz;
        int[] oi = sIdx;
        int rr = r2;
        double radius = this.radius;
        double strength = this.strength;
        for (int q = 0; q < pairs; q++) {
            int s = pairS[q];
            int t = pairT[q];
            // the kernel's int offsets, exactly: positions below 2^21 differ by less than 2^21, which a float
            // holds, and widen to the same doubles the kernel's ints do
            double ex = ox[s] - ox[t];
            double ey = oy[s] - oy[t];
            double ez = oz[s] - oz[t];
            double d2 = ex * ex + ey * ey + ez * ez;
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
    }

    // ------------------------------------------------------------------ apply

    /**
     * Hands each slot's sum to its particle. Only slots with a sum write: a scattered write a particle
     * that has a neighbour, where sums kept by particle during the sweep would take one for every pair
     * and every hit.
     */
    private void handOver() {
        int[] sums = t4;
        int[] out = dv;
        int[] oi = sIdx;
        SimThreads.forChunks(alive, chunks, ALIGN, (c, from, to) -> {
            for (int s = from; s < to; s++) {
                int x = sums[4 * s];
                int y = sums[4 * s + 1];
                int z = sums[4 * s + 2];
                if ((x | y | z) != 0) {
                    int i = 4 * oi[s];
                    out[i] = x;
                    out[i + 1] = y;
                    out[i + 2] = z;
                }
            }
        });
    }

    /**
     * Adds the pending velocity changes of particles [from, to) to their velocities, clamped as the
     * kernel clamps them, and clears them. Ranges of one call to {@link #separateDeferred} may be added
     * from different threads, as long as they do not overlap.
     */
    void addPending(ParticleKernel k, int from, int to) {
        int[] out = dv;
        int vmax = k.pi[MAX_VELOCITY];
        char[] age = k.age;
        int[] vx = k.vx;
        int[] vy = k.vy;
        int[] vz = k.vz;
        for (int i = from; i < to; i++) {
            if (age[i] != Fixed.DEAD) {
                vx[i] = ParticleKernel.clamp(vx[i] + out[4 * i], -vmax, vmax);
                vy[i] = ParticleKernel.clamp(vy[i] + out[4 * i + 1], -vmax, vmax);
                vz[i] = ParticleKernel.clamp(vz[i] + out[4 * i + 2], -vmax, vmax);
            }
        }
        Arrays.fill(out, 4 * from, 4 * to, 0);
    }

    /**
     * One chunk's working memory: the tests' hits, the terms it owes to slots of a later chunk (added
     * after the scan), and the windows of a long row.
     */
    private static final class Chunk {
        long[] hitLanes = new long[256];
        int[] hitSlot = new int[256];
        int[] hitAt = new int[256];
        int owed;
        int[] owedSlot = new int[256];
        int[] owedX = new int[256];
        int[] owedY = new int[256];
        int[] owedZ = new int[256];

        final int[] lo = new int[5];
        final int[] hi = new int[5];
        final int[] start = new int[5];
        final int[] end = new int[5];
        final boolean[] sorted = new boolean[5];

        int[] pairS = new int[256];
        int[] pairT = new int[256];

        void ensurePairs(int most) {
            if (pairS.length < most) {
                pairS = new int[most];
                pairT = new int[most];
            }
        }

        void ensureHits(int most) {
            if (hitLanes.length < most) {
                hitLanes = new long[most];
                hitSlot = new int[most];
                hitAt = new int[most];
            }
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
