package io.swarmcast.engine.kernel;

import static io.swarmcast.core.sim.KernelLayout.*;

import com.aparapi.Kernel;
import io.swarmcast.core.sim.Checksum;
import io.swarmcast.core.sim.Fixed;
import io.swarmcast.core.sim.Hash;
import io.swarmcast.core.sim.KernelParams;
import io.swarmcast.core.sim.ParticleState;

/**
 * The physics of one particle, written once. Aparapi translates this class to OpenCL C for the
 * {@code opencl} backend; the {@code java} backend calls the same methods on its own threads. Each
 * {@code run()} executes one pass, chosen by {@link #pass}.
 *
 * <p>Rules that keep every backend bit-identical (see docs/physics.md): state is integer; doubles
 * hold exact values below 2^53 or correctly rounded results of {@code * / sqrt}, and any such result
 * is rounded to an integer ({@code Math.rint}, round half to even) before anything is added to it, so
 * FMA contraction cannot change a result. Rules that keep Aparapi translating (it silently falls back to Java otherwise): one method
 * per pass, locals of one type per slot, no objects, no unused locals, only flat single-level
 * if-statements, and no {@code >>>} (Aparapi emits an unsigned C expression that stays unsigned).
 */
public class ParticleKernel extends Kernel {
    public static final int PASS_STEP = 0;
    public static final int PASS_CHECKSUM = 1;
    public static final int PASS_GRID_CLEAR = 2;
    public static final int PASS_GRID_COUNT = 3;
    public static final int PASS_SCAN_BLOCKS = 4;
    public static final int PASS_SCAN_TOP = 5;
    public static final int PASS_SCAN_ADD = 6;
    public static final int PASS_GRID_SCATTER = 7;
    public static final int PASS_SEPARATE = 8;

    /** Grid buckets scanned by one work item in {@link #PASS_SCAN_BLOCKS}. */
    public static final int SCAN_BLOCK = 256;
    static final int SALT_SPAWN_A = 0x3c6ef372;
    static final int SALT_SPAWN_B = 0x1b873593;
    static final int SALT_SPAWN_C = 0x68e31da4;

    public int pass;
    /** Work items of the checksum pass; each sums particles g, g + partials, g + 2·partials, ... */
    public int partials;
    public int buckets;

    public int[] px;
    public int[] py;
    public int[] pz;
    public int[] vx;
    public int[] vy;
    public int[] vz;
    public char[] age;
    public byte[] attr;
    public int[] pi;
    public double[] pd;
    /** Separation grid: after the build, the first sorted index of each bucket; [buckets] = alive count. */
    public int[] gridStart;
    /** Separation grid: alive particle indices grouped by bucket. */
    public int[] gridIndex;
    /** Separation grid: the packed grid position of each particle in {@link #gridIndex}, beside it. */
    public long[] gridPos;
    public int[] scanBlocks;
    public long[] partialHigh;
    public long[] partialLow;

    @Override
    public void run() {
        // independent ifs: Aparapi cannot fold a long if/else-if chain of calls
        int g = getGlobalId();
        if (pass == PASS_STEP) {
            step(g);
        }
        if (pass == PASS_CHECKSUM) {
            checksumPartial(g);
        }
        if (pass == PASS_GRID_CLEAR) {
            gridClear(g);
        }
        if (pass == PASS_GRID_COUNT) {
            gridCount(g);
        }
        if (pass == PASS_SCAN_BLOCKS) {
            scanBlock(g);
        }
        if (pass == PASS_SCAN_TOP) {
            scanTop(g);
        }
        if (pass == PASS_SCAN_ADD) {
            scanAdd(g);
        }
        if (pass == PASS_GRID_SCATTER) {
            gridScatter(g);
        }
        if (pass == PASS_SEPARATE) {
            separate(g);
        }
    }

    // ------------------------------------------------------------------ step

    /** Advances particle {@code i} by one tick: ageing, emission, then motion. */
    public void step(int i) {
        if (i < pi[COUNT]) {
            int owner = -1;
            int emitters = pi[EMITTER_COUNT];
            for (int e = 0; e < emitters; e++) {
                int b = EMITTER_BASE + e * EMITTER_STRIDE;
                int first = pi[b + E_FIRST];
                if (i >= first && i < first + pi[b + E_POOL]) {
                    owner = e;
                }
            }
            int a = age[i];
            int moving = 0;
            if (a != Fixed.DEAD) {
                moving = 1;
                a = Math.min(a + 1, Fixed.MAX_AGE);
            }
            if (owner >= 0) {
                int b = EMITTER_BASE + owner * EMITTER_STRIDE;
                if (moving == 1 && a >= pi[b + E_LIFETIME]) {
                    moving = 0;
                    a = Fixed.DEAD;
                }
                int slot = i - pi[b + E_FIRST] - pi[b + E_SPAWN_FIRST];
                if (slot < 0) {
                    slot = slot + pi[b + E_POOL];
                }
                if (slot < pi[b + E_SPAWN_COUNT]) {
                    spawn(i, owner);
                    moving = 0;
                    a = 0;
                }
            }
            age[i] = (char) a;
            if (moving == 1) {
                move(i);
            }
        }
    }

    /** Forces, then velocity and position update, then the boundary, for a live particle. */
    public void move(int i) {
        int x = px[i];
        int y = py[i];
        int z = pz[i];
        int ax = pi[GRAVITY_X];
        int ay = pi[GRAVITY_Y];
        int az = pi[GRAVITY_Z];
        int fields = pi[FIELD_COUNT];
        int qx = x >> Fixed.DISTANCE_SHIFT;
        int qy = y >> Fixed.DISTANCE_SHIFT;
        int qz = z >> Fixed.DISTANCE_SHIFT;
        for (int f = 0; f < fields; f++) {
            int b = FIELD_BASE + f * FIELD_STRIDE;
            int bd = FIELD_D_BASE + f * FIELD_D_STRIDE;
            int dx = (pi[b + F_X] >> Fixed.DISTANCE_SHIFT) - qx;
            int dy = (pi[b + F_Y] >> Fixed.DISTANCE_SHIFT) - qy;
            int dz = (pi[b + F_Z] >> Fixed.DISTANCE_SHIFT) - qz;
            double d2 = (double) dx * dx + (double) dy * dy + (double) dz * dz;
            if (d2 < pd[bd + FD_R2]) {
                double w1 = 65536.0 - Math.rint(d2 * pd[bd + FD_INV_R2]);
                double wk = falloffWeight(w1, pi[b + F_FALLOFF]) * pd[bd + FD_FORCE];
                double tx = dx;
                double ty = dy;
                double tz = dz;
                if (pi[b + F_VORTEX] != 0) {
                    // d × axis: with d pointing at the field, particles turn counter-clockwise about the axis
                    tx = ((double) pi[b + F_AXIS_Z] * dy - (double) pi[b + F_AXIS_Y] * dz) * 0x1p-16;
                    ty = ((double) pi[b + F_AXIS_X] * dz - (double) pi[b + F_AXIS_Z] * dx) * 0x1p-16;
                    tz = ((double) pi[b + F_AXIS_Y] * dx - (double) pi[b + F_AXIS_X] * dy) * 0x1p-16;
                }
                ax = ax + (int) Math.rint(tx * wk);
                ay = ay + (int) Math.rint(ty * wk);
                az = az + (int) Math.rint(tz * wk);
            }
        }
        if (pi[TURBULENCE_ON] != 0) {
            double inv = pd[TURBULENCE_INV_CELL];
            double sx = ((double) (x - pi[MIN_X]) + pd[TURBULENCE_OFFSET_X]) * inv;
            double sy = ((double) (y - pi[MIN_Y]) + pd[TURBULENCE_OFFSET_Y]) * inv;
            double sz = ((double) (z - pi[MIN_Z]) + pd[TURBULENCE_OFFSET_Z]) * inv;
            int x0 = (int) sx;
            int y0 = (int) sy;
            int z0 = (int) sz;
            int wx = smoothstep(Math.rint((sx - x0) * 65536.0));
            int wy = smoothstep(Math.rint((sy - y0) * 65536.0));
            int wz = smoothstep(Math.rint((sz - z0) * 65536.0));
            int seed = pi[SEED];
            int x1 = x0 + 1;
            int y1 = y0 + 1;
            int z1 = z0 + 1;
            int h000 = Hash.lattice(x0, y0, z0, seed);
            int h100 = Hash.lattice(x1, y0, z0, seed);
            int h010 = Hash.lattice(x0, y1, z0, seed);
            int h110 = Hash.lattice(x1, y1, z0, seed);
            int h001 = Hash.lattice(x0, y0, z1, seed);
            int h101 = Hash.lattice(x1, y0, z1, seed);
            int h011 = Hash.lattice(x0, y1, z1, seed);
            int h111 = Hash.lattice(x1, y1, z1, seed);
            double scaled = pd[TURBULENCE_SCALED];
            ax = ax + (int) Math.rint(noise(h000, h100, h010, h110, h001, h101, h011, h111, 0, wx, wy, wz) * scaled);
            ay = ay + (int) Math.rint(noise(h000, h100, h010, h110, h001, h101, h011, h111, 10, wx, wy, wz) * scaled);
            az = az + (int) Math.rint(noise(h000, h100, h010, h110, h001, h101, h011, h111, 20, wx, wy, wz) * scaled);
        }
        double drag = pi[DRAG] * 0x1p-16;
        int vmax = pi[MAX_VELOCITY];
        int nvx = clamp((int) Math.rint((double) (vx[i] + ax) * drag), -vmax, vmax);
        int nvy = clamp((int) Math.rint((double) (vy[i] + ay) * drag), -vmax, vmax);
        int nvz = clamp((int) Math.rint((double) (vz[i] + az) * drag), -vmax, vmax);
        int mode = pi[BOUNDARY_MODE];
        int rest = pi[RESTITUTION];
        int nx = x + nvx;
        int ny = y + nvy;
        int nz = z + nvz;
        vx[i] = boundaryVelocity(nx, nvx, pi[MIN_X], pi[MAX_X], mode, rest);
        vy[i] = boundaryVelocity(ny, nvy, pi[MIN_Y], pi[MAX_Y], mode, rest);
        vz[i] = boundaryVelocity(nz, nvz, pi[MIN_Z], pi[MAX_Z], mode, rest);
        px[i] = boundaryPosition(nx, pi[MIN_X], pi[MAX_X], pi[SIZE_X], mode);
        py[i] = boundaryPosition(ny, pi[MIN_Y], pi[MAX_Y], pi[SIZE_Y], mode);
        pz[i] = boundaryPosition(nz, pi[MIN_Z], pi[MAX_Z], pi[SIZE_Z], mode);
    }

    /** Places particle {@code i} at emitter {@code e} with a velocity inside its cone. */
    public void spawn(int i, int e) {
        int b = EMITTER_BASE + e * EMITTER_STRIDE;
        int bd = EMITTER_D_BASE + e * EMITTER_D_STRIDE;
        int tick = pi[TICK];
        int seed = pi[SEED];
        int r1 = Hash.particle(i, tick, seed ^ SALT_SPAWN_A);
        int r2 = Hash.particle(i, tick, seed ^ SALT_SPAWN_B);
        int r3 = Hash.particle(i, tick, seed ^ SALT_SPAWN_C);
        double spread = pd[bd + ED_SPREAD];
        px[i] = clamp(pi[b + E_X] + (int) ((double) ((r1 & 0xFFFF) - 32768) * spread), pi[MIN_X], pi[MAX_X]);
        py[i] = clamp(pi[b + E_Y] + (int) ((double) (((r1 >> 16) & 0xFFFF) - 32768) * spread), pi[MIN_Y], pi[MAX_Y]);
        pz[i] = clamp(pi[b + E_Z] + (int) ((double) ((r2 & 0xFFFF) - 32768) * spread), pi[MIN_Z], pi[MAX_Z]);
        int u = ((r2 >> 16) & 0xFFFF) - 32768;
        int w = (r3 & 0xFFFF) - 32768;
        double cone = pd[bd + ED_CONE];
        int ox = pi[b + E_DIR_X] + (int) (((double) u * pi[b + E_U_X] + (double) w * pi[b + E_V_X]) * cone);
        int oy = pi[b + E_DIR_Y] + (int) (((double) u * pi[b + E_U_Y] + (double) w * pi[b + E_V_Y]) * cone);
        int oz = pi[b + E_DIR_Z] + (int) (((double) u * pi[b + E_U_Z] + (double) w * pi[b + E_V_Z]) * cone);
        double len = Math.sqrt((double) ox * ox + (double) oy * oy + (double) oz * oz);
        double scale = pd[bd + ED_SPEED] / len;
        int vmax = pi[MAX_VELOCITY];
        vx[i] = clamp((int) (ox * scale), -vmax, vmax);
        vy[i] = clamp((int) (oy * scale), -vmax, vmax);
        vz[i] = clamp((int) (oz * scale), -vmax, vmax);
        attr[i] = (byte) pi[b + E_ATTR];
    }

    public static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** Falloff weight in Q.16 from {@code 1 - d²/r²} in Q.16 (an exact double). */
    public static double falloffWeight(double w1, int falloff) {
        double w = 65536.0;
        if (falloff == FALLOFF_SMOOTH) {
            w = w1 * w1 * 0x1p-16;
        }
        if (falloff == FALLOFF_LINEAR) {
            w = w1;
        }
        return w;
    }

    /** 3t² - 2t³ in Q.16, for t in [0, 65536] (an exact integer as a double). */
    public static int smoothstep(double t) {
        return (int) Math.rint(t * t * (196608.0 - 2.0 * t) * 0x1p-32);
    }

    public static int lerp(int a, int b, int t) {
        return a + (((b - a) * t) >> 16);
    }

    /** One 10-bit lattice value in [-512, 511], bits {@code shift}..{@code shift + 9} of a corner hash. */
    public static int corner(int h, int shift) {
        return ((h >> shift) & 1023) - 512;
    }

    /** Trilinear interpolation of one noise component between the 8 corner hashes. */
    public static int noise(int h000, int h100, int h010, int h110, int h001, int h101, int h011, int h111,
                            int shift, int wx, int wy, int wz) {
        int n00 = lerp(corner(h000, shift), corner(h100, shift), wx);
        int n10 = lerp(corner(h010, shift), corner(h110, shift), wx);
        int n01 = lerp(corner(h001, shift), corner(h101, shift), wx);
        int n11 = lerp(corner(h011, shift), corner(h111, shift), wx);
        return lerp(lerp(n00, n10, wy), lerp(n01, n11, wy), wz);
    }

    /** Velocity after the boundary, given the position before it. */
    public static int boundaryVelocity(int p, int v, int min, int max, int mode, int restitution) {
        int out = v;
        int outside = 0;
        if (p < min) {
            outside = 1;
        }
        if (p > max) {
            outside = 1;
        }
        if (outside == 1) {
            if (mode == BOUNDARY_BOUNCE) {
                out = -(int) Math.rint(v * (restitution * 0x1p-16));
            }
            if (mode == BOUNDARY_CLAMP) {
                out = 0;
            }
        }
        return out;
    }

    public static int boundaryPosition(int p, int min, int max, int size, int mode) {
        int out = p;
        if (mode == BOUNDARY_BOUNCE) {
            if (p < min) {
                out = 2 * min - p;
            }
            if (p > max) {
                out = 2 * max - p;
            }
        }
        if (mode == BOUNDARY_WRAP) {
            if (p < min) {
                out = p + size;
            }
            if (p >= max) {
                out = p - size;
            }
        }
        return clamp(out, min, max);
    }

    // ------------------------------------------------------------------ checksum

    /** Sums the checksum mixes of particles g, g + partials, ... into partialHigh/Low[g]. */
    public void checksumPartial(int g) {
        long high = 0;
        long low = 0;
        int n = pi[COUNT];
        for (int i = g; i < n; i += partials) {
            int aa = age[i] | ((attr[i] & 0xFF) << 16);
            high += Checksum.mixHigh(i, px[i], py[i], pz[i], vx[i], vy[i], vz[i], aa);
            low += Checksum.mixLow(i, px[i], py[i], pz[i], vx[i], vy[i], vz[i], aa) & 0xFFFFFFFFL;
        }
        partialHigh[g] = high;
        partialLow[g] = low;
    }

    // ------------------------------------------------------------------ separation grid

    /** A grid coordinate: Q.7 world units from the minimum bound, 21 bits. */
    public static int gridCoordinate(int p, int min) {
        return (p - min) >> GRID_SHIFT;
    }

    public int cell(int q) {
        return (int) (q * pd[SEPARATION_INV_CELL]);
    }

    public static long pack(int qx, int qy, int qz) {
        return ((long) qx << (2 * GRID_BITS)) | ((long) qy << GRID_BITS) | qz;
    }

    public static int unpackX(long packed) {
        return (int) ((packed >> (2 * GRID_BITS)) & 0x1FFFFF);
    }

    public static int unpackY(long packed) {
        return (int) ((packed >> GRID_BITS) & 0x1FFFFF);
    }

    public static int unpackZ(long packed) {
        return (int) (packed & 0x1FFFFF);
    }

    /**
     * The bucket of a cell: its linear index modulo the table size. Linear, not hashed, so the cells
     * x-1, x, x+1 of a row are consecutive buckets and contiguous in {@link #gridIndex}.
     */
    public int bucket(int cx, int cy, int cz) {
        return (int) (((long) cx + (long) cy * pi[GRID_NX] + (long) cz * pi[GRID_NXY]) & pi[GRID_MASK]);
    }

    /** The grid bucket of particle {@code i}. */
    public int bucketOf(int i) {
        return bucket(cell(gridCoordinate(px[i], pi[MIN_X])), cell(gridCoordinate(py[i], pi[MIN_Y])),
            cell(gridCoordinate(pz[i], pi[MIN_Z])));
    }

    public void gridClear(int g) {
        if (g <= buckets) {
            gridStart[g] = 0;
        }
    }

    public void gridCount(int i) {
        if (i < pi[COUNT] && age[i] != Fixed.DEAD) {
            atomicAdd(gridStart, bucketOf(i), 1);
        }
    }

    /** Inclusive prefix sum of one block of bucket counts; the block's total goes to scanBlocks. */
    public void scanBlock(int block) {
        int sum = 0;
        int from = block * SCAN_BLOCK;
        int to = Math.min(from + SCAN_BLOCK, buckets);
        if (from < buckets) {
            for (int c = from; c < to; c++) {
                sum += gridStart[c];
                gridStart[c] = sum;
            }
            scanBlocks[block] = sum;
        }
    }

    /** Exclusive prefix sum of the block totals, by one work item; stores the grand total at [buckets]. */
    public void scanTop(int g) {
        if (g == 0) {
            int sum = 0;
            int blocks = (buckets + SCAN_BLOCK - 1) / SCAN_BLOCK;
            for (int k = 0; k < blocks; k++) {
                int t = scanBlocks[k];
                scanBlocks[k] = sum;
                sum += t;
            }
            gridStart[buckets] = sum;
        }
    }

    public void scanAdd(int c) {
        if (c < buckets) {
            gridStart[c] = gridStart[c] + scanBlocks[c / SCAN_BLOCK];
        }
    }

    /** Counts down each bucket's end to place alive particles; leaves gridStart[c] = first index of c. */
    public void gridScatter(int i) {
        if (i < pi[COUNT] && age[i] != Fixed.DEAD) {
            place(atomicAdd(gridStart, bucketOf(i), -1) - 1, i);
        }
    }

    /**
     * Points the kernel at a state's arrays and a parameter block, without copying. Host side only: the
     * OpenCL translation never reaches it.
     */
    public void bind(ParticleState s, KernelParams params) {
        px = s.px;
        py = s.py;
        pz = s.pz;
        vx = s.vx;
        vy = s.vy;
        vz = s.vz;
        age = s.age;
        attr = s.attr;
        pi = params.ints;
        pd = params.doubles;
    }

    /** Puts particle {@code i} and its packed grid position in grid slot {@code slot}. */
    public void place(int slot, int i) {
        gridIndex[slot] = i;
        gridPos[slot] = pack(gridCoordinate(px[i], pi[MIN_X]), gridCoordinate(py[i], pi[MIN_Y]),
            gridCoordinate(pz[i], pi[MIN_Z]));
    }

    /**
     * Sizes the separation grid for the current parameters: full size while separation is on, a
     * one-element placeholder (kernel arguments must exist) while it is off. Returns whether the
     * arrays were replaced, so a device backend knows to upload them.
     */
    public boolean sizeGrid(int particles) {
        int wanted = pi[SEPARATION_ON] != 0 ? pi[GRID_MASK] + 1 : 1;
        int slots = pi[SEPARATION_ON] != 0 ? particles : 1;
        if (gridStart != null && buckets == wanted && gridIndex.length == slots) {
            return false;
        }
        buckets = wanted;
        gridStart = new int[wanted + 1];
        gridIndex = new int[slots];
        gridPos = new long[slots];
        scanBlocks = new int[(wanted + SCAN_BLOCK - 1) / SCAN_BLOCK];
        return true;
    }

    /**
     * Separation for the {@code g}-th alive particle in grid order. Pushes it away from every
     * neighbour closer than the radius r, by {@code strength · (1 - d/r)} along the unit direction.
     * Candidates are read in grid order from {@link #gridPos}, so the scan is sequential in memory.
     * Cells are wider than r and the table never puts two scanned rows in one bucket, so the distance
     * test alone picks each neighbour exactly once; integer sums make the order within a bucket moot.
     */
    public void separate(int g) {
        if (g < gridStart[buckets]) {
            int i = gridIndex[g];
            long own = gridPos[g];
            int qx = unpackX(own);
            int qy = unpackY(own);
            int qz = unpackZ(own);
            int cx = cell(qx);
            int cy = cell(qy);
            int cz = cell(qz);
            double r = pi[SEPARATION_RADIUS];
            double r2 = pd[SEPARATION_R2];
            double strength = pi[SEPARATION_STRENGTH];
            int push = pi[SEPARATION_STRENGTH];
            int sx = 0;
            int sy = 0;
            int sz = 0;
            for (int row = 0; row < 9; row++) {
                // the row's three cells x-1, x, x+1 are buckets first .. first + 2, modulo the table
                int first = bucket(cx - 1, cy + (row % 3) - 1, cz + (row / 3) - 1);
                int end = first + 3;
                for (int part = 0; part < 2; part++) {
                    // part 1 is the wrap past the table's end; gridStart[0] is 0, so it is empty otherwise
                    int from = gridStart[first];
                    int to = gridStart[Math.min(end, buckets)];
                    if (part == 1) {
                        from = 0;
                        to = gridStart[Math.max(0, end - buckets)];
                    }
                    for (int k = from; k < to; k++) {
                        long other = gridPos[k];
                        int ex = qx - unpackX(other);
                        int ey = qy - unpackY(other);
                        int ez = qz - unpackZ(other);
                        double d2 = (double) ex * ex + (double) ey * ey + (double) ez * ez;
                        if (k != g && d2 < r2) {
                            if (d2 == 0) {
                                // coincident: push apart along x, in opposite directions for the two particles
                                sx = sx + push - 2 * push * (i < gridIndex[k] ? 1 : 0);
                            }
                            if (d2 > 0) {
                                double dist = Math.sqrt(d2);
                                double k2 = (r - dist) / (dist * r);
                                sx = sx + (int) (ex * k2 * strength);
                                sy = sy + (int) (ey * k2 * strength);
                                sz = sz + (int) (ez * k2 * strength);
                            }
                        }
                    }
                }
            }
            int vmax = pi[MAX_VELOCITY];
            vx[i] = clamp(vx[i] + sx, -vmax, vmax);
            vy[i] = clamp(vy[i] + sy, -vmax, vmax);
            vz[i] = clamp(vz[i] + sz, -vmax, vmax);
        }
    }
}
