package io.swarmcast.engine.jvm;

import static io.swarmcast.core.sim.KernelLayout.*;

import io.swarmcast.core.sim.Checksum;
import io.swarmcast.core.sim.Fixed;
import io.swarmcast.core.sim.Hash;
import io.swarmcast.engine.kernel.ParticleKernel;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ParticleKernel#step} for many particles at a time with the Vector API. It computes the same
 * integers in the same order: ints where the kernel uses ints, doubles holding exact integers where
 * it uses doubles, and {@code (int)} truncation as a D2I conversion. Groups that straddle an emitter
 * pool's edge, the tail of a range, and particles being spawned take the scalar kernel.
 *
 * <p>The work is cut into small passes over blocks of {@link #BLOCK} particles that hand their
 * results to each other through L1-sized scratch arrays, and no vector ever crosses a method call.
 * This is what makes it fast: C2 stops inlining into a method once its node count passes a fixed
 * cutoff (NodeCountInliningCutoff, not settable in product JVMs), and a vector handed to a call it did
 * not inline is allocated on the heap. The Vector API's own methods are force-inlined past the cutoff,
 * so passes call nothing else: a pass is inlined whole or called with arrays, and never boxes.
 */
final class VectorStepper {
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED.length() >= 8
        ? DoubleVector.SPECIES_512 : DoubleVector.SPECIES_256;
    private static final int L = DS.length();
    private static final VectorSpecies<Integer> IS = VectorSpecies.of(int.class, VectorShape.forBitSize(L * 32));
    /** The widest int species, for passes that never meet a double: twice the lanes where L = 8. */
    private static final VectorSpecies<Integer> WIDE = IntVector.SPECIES_PREFERRED;
    /** Vector groups are multiples of this many particles. */
    private static final int GROUP = Math.max(L, WIDE.length());
    private static final VectorSpecies<Long> LS = VectorSpecies.of(long.class, VectorShape.forBitSize(L * 64));
    private static final VectorSpecies<Short> SS = VectorSpecies.of(short.class, VectorShape.forBitSize(L * 16));
    private static final VectorSpecies<Byte> BS = ByteVector.SPECIES_64;
    /** Bytes read by one attribute load; groups closer than this to the array end go scalar. */
    private static final int BYTE_LOAD = BS.length();
    private static final IntVector IOTA = IntVector.zero(IS).addIndex(1);
    private static final int MIXED = -2;
    private static final int AMBIENT = -1;
    /** Particles per block. */
    private static final int BLOCK = 512;
    /**
     * 1.5 · 2^52: for |x| < 2^51, {@code (x + MAGIC) - MAGIC} is x rounded half to even, exactly
     * {@code Math.rint(x)}, without leaving the double lanes.
     */
    private static final double MAGIC = 0x1.8p52;

    /** Per-chunk working memory, so chunks run on different threads without sharing. */
    private static final class Scratch {
        /** Accelerations, exact integers held in doubles. */
        final double[] ax = new double[BLOCK];
        final double[] ay = new double[BLOCK];
        final double[] az = new double[BLOCK];
        /** 1 where the vector passes move the particle; 0 where it is dead, spawned or done scalar. */
        final int[] moving = new int[BLOCK];
        /** Turbulence: each axis's lattice cell times its hash constant, and smoothed fraction. */
        final int[] cx = new int[BLOCK];
        final int[] cy = new int[BLOCK];
        final int[] cz = new int[BLOCK];
        final int[] fx = new int[BLOCK];
        final int[] fy = new int[BLOCK];
        final int[] fz = new int[BLOCK];
        /** The 8 corner hashes, corner c = x + 2y + 4z. */
        final int[][] corner = new int[8][BLOCK];
        /** The x-interpolated noise values: [component * 4 + yz]. */
        final int[][] along = new int[12][BLOCK];
        final int[] ageAttr = new int[BLOCK];
        final int[] mix = new int[BLOCK];
        final long[] high = new long[L];
        final long[] low = new long[L];
    }

    private final ParticleKernel k;
    private Scratch[] scratch = new Scratch[0];

    private VectorStepper(ParticleKernel k) {
        this.k = k;
    }

    static VectorStepper createIfAvailable(ParticleKernel k) {
        return new VectorStepper(k);
    }

    /** Vectors of 256 bits or more; below that the scalar kernel is as fast. */
    static boolean usable() {
        return DoubleVector.SPECIES_PREFERRED.vectorBitSize() >= 256;
    }

    String describe() {
        return "(" + DS.vectorBitSize() + "-bit, " + L + " lanes)";
    }

    /**
     * Steps particles [from, to). Where {@code separation} is not null, its pending velocity changes are
     * added first, a block at a time ({@link SeparationGrid#addPending}), as separation's own pass would.
     */
    void step(int from, int to, int chunk, long[] highOut, long[] lowOut, SeparationGrid separation) {
        Scratch sc = scratch(chunk);
        java.util.Arrays.fill(sc.high, 0);
        java.util.Arrays.fill(sc.low, 0);
        long high = 0;
        long low = 0;
        int[] pi = k.pi;
        int n = pi[COUNT];
        for (int block = from; block < to; block += BLOCK) {
            int blockEnd = Math.min(to, block + BLOCK);
            if (separation != null) {
                separation.addPending(k, block, blockEnd);
            }
            int vecEnd = Math.max(block, block + (Math.min(blockEnd, n - BYTE_LOAD + 1) - block) / GROUP * GROUP);
            if (vecEnd > block) {
                stepBlock(block, vecEnd, sc);
            }
            for (int j = vecEnd; j < blockEnd; j++) {
                k.step(j);
                int aa = Checksum.ageAttr(k.age[j], k.attr[j]);
                high += Checksum.mixHigh(j, k.px[j], k.py[j], k.pz[j], k.vx[j], k.vy[j], k.vz[j], aa);
                low += Checksum.mixLow(j, k.px[j], k.py[j], k.pz[j], k.vx[j], k.vy[j], k.vz[j], aa) & 0xFFFFFFFFL;
            }
        }
        for (int lane = 0; lane < L; lane++) {
            high += sc.high[lane];
            low += sc.low[lane];
        }
        highOut[chunk] = high;
        lowOut[chunk] = low;
    }

    private void stepBlock(int from, int to, Scratch sc) {
        int[] pi = k.pi;
        double[] pd = k.pd;
        int n = to - from;
        ageAndSpawn(from, to, sc);
        forces(sc, from, to);
        if (pi[TURBULENCE_ON] != 0) {
            double inv = pd[TURBULENCE_INV_CELL];
            cells(k.px, pi[MIN_X], pd[TURBULENCE_OFFSET_X], inv, Hash.LATTICE_X, sc.cx, sc.fx, from, to);
            cells(k.py, pi[MIN_Y], pd[TURBULENCE_OFFSET_Y], inv, Hash.LATTICE_Y, sc.cy, sc.fy, from, to);
            cells(k.pz, pi[MIN_Z], pd[TURBULENCE_OFFSET_Z], inv, Hash.LATTICE_Z, sc.cz, sc.fz, from, to);
            for (int c = 0; c < 8; c++) {
                cornerHash(sc, n, c & 1, (c >> 1) & 1, c >> 2, pi[SEED]);
            }
            for (int yz = 0; yz < 4; yz++) {
                lerpCorners(sc, yz, n);
            }
            double scaled = pd[TURBULENCE_SCALED];
            noise(sc, n, 0, sc.ax, scaled);
            noise(sc, n, 1, sc.ay, scaled);
            noise(sc, n, 2, sc.az, scaled);
        }
        double drag = pi[DRAG] * 0x1p-16;
        double rest = pi[RESTITUTION] * 0x1p-16;
        int vmax = pi[MAX_VELOCITY];
        int mode = pi[BOUNDARY_MODE];
        integrate(k.px, k.vx, sc.ax, sc.moving, from, to, drag, vmax, pi[MIN_X], pi[MAX_X], pi[SIZE_X], mode, rest);
        integrate(k.py, k.vy, sc.ay, sc.moving, from, to, drag, vmax, pi[MIN_Y], pi[MAX_Y], pi[SIZE_Y], mode, rest);
        integrate(k.pz, k.vz, sc.az, sc.moving, from, to, drag, vmax, pi[MIN_Z], pi[MAX_Z], pi[SIZE_Z], mode, rest);
        ageAttr(sc, from, to);
        mixHigh(sc, from, to);
        accumulate(sc.mix, sc.high, n, 0xFFFFFFFFFFFFFFFFL);
        mixLow(sc, from, to);
        accumulate(sc.mix, sc.low, n, 0xFFFFFFFFL);
    }

    private synchronized Scratch scratch(int chunk) {
        if (chunk >= scratch.length) {
            scratch = java.util.Arrays.copyOf(scratch, chunk + 1);
        }
        if (scratch[chunk] == null) {
            scratch[chunk] = new Scratch();
        }
        return scratch[chunk];
    }

    private static void fill(int[] a, int n, int value) {
        java.util.Arrays.fill(a, 0, n, value);
    }

    // ------------------------------------------------------------------ ageing and emission

    /**
     * Ages, kills and spawns; marks who moves. Groups straddling an emitter pool's edge are stepped
     * whole by the scalar kernel here and marked as not moving.
     */
    private void ageAndSpawn(int from, int to, Scratch sc) {
        int[] pi = k.pi;
        char[] age = k.age;
        int emitters = pi[EMITTER_COUNT];
        for (int i = from; i < to; i += L) {
            int end = i + L;
            int owner = AMBIENT;
            for (int e = 0; e < emitters; e++) {
                int b = EMITTER_BASE + e * EMITTER_STRIDE;
                int first = pi[b + E_FIRST];
                int last = first + pi[b + E_POOL];
                if (i >= first && end <= last) {
                    owner = e;
                } else if (i < last && end > first) {
                    owner = MIXED;
                    break;
                }
            }
            if (owner == MIXED) {
                for (int j = i; j < end; j++) {
                    k.step(j);
                    sc.moving[j - from] = 0;
                }
                continue;
            }
            IntVector a = ((IntVector) ShortVector.fromCharArray(SS, age, i)
                .convertShape(VectorOperators.S2I, IS, 0)).and(0xFFFF);
            VectorMask<Integer> alive = a.compare(VectorOperators.NE, Fixed.DEAD);
            a = a.blend(a.add(1).min(Fixed.MAX_AGE), alive);
            VectorMask<Integer> moving = alive;
            if (owner >= 0) {
                int b = EMITTER_BASE + owner * EMITTER_STRIDE;
                VectorMask<Integer> dies = alive.and(a.compare(VectorOperators.GE, pi[b + E_LIFETIME]));
                a = a.blend(Fixed.DEAD, dies);
                IntVector slot = IOTA.add(i - pi[b + E_FIRST] - pi[b + E_SPAWN_FIRST]);
                slot = slot.add(pi[b + E_POOL], slot.compare(VectorOperators.LT, 0));
                VectorMask<Integer> spawning = slot.compare(VectorOperators.LT, pi[b + E_SPAWN_COUNT]);
                moving = alive.andNot(dies).andNot(spawning);
                a = a.blend(0, spawning);
                if (spawning.anyTrue()) {
                    spawnLanes(spawning.toLong(), i, owner);
                }
            }
            ((ShortVector) a.convertShape(VectorOperators.I2S, SS, 0)).intoCharArray(age, i);
            IntVector.zero(IS).blend(1, moving).intoArray(sc.moving, i - from);
        }
    }

    private void spawnLanes(long lanes, int i, int owner) {
        for (int lane = 0; lane < L; lane++) {
            if ((lanes >> lane & 1) != 0) {
                k.spawn(i + lane, owner);
            }
        }
    }

    // ------------------------------------------------------------------ force fields

    /**
     * Gravity plus every force field, into the scratch accelerations. All fields are summed in
     * registers for one group of particles before the sums are stored: each field adds
     * rint(t · w · force), with d = (field >> 6) - (p >> 6), t = d (attractor, repulsor) or the
     * tangent (d × axis) · 2^-16 (vortex), and w the falloff weight, 0 outside the radius.
     */
    private void forces(Scratch sc, int from, int to) {
        int[] pi = k.pi;
        double[] pd = k.pd;
        int fields = pi[FIELD_COUNT];
        DoubleVector gx = DoubleVector.broadcast(DS, pi[GRAVITY_X]);
        DoubleVector gy = DoubleVector.broadcast(DS, pi[GRAVITY_Y]);
        DoubleVector gz = DoubleVector.broadcast(DS, pi[GRAVITY_Z]);
        DoubleVector full = DoubleVector.broadcast(DS, 65536.0);
        DoubleVector limit = DoubleVector.broadcast(DS, 65536.0 + MAGIC);
        for (int i = from; i < to; i += L) {
            int o = i - from;
            DoubleVector ax = gx;
            DoubleVector ay = gy;
            DoubleVector az = gz;
            if (fields > 0) {
                DoubleVector qx = (DoubleVector) IntVector.fromArray(IS, k.px, i)
                    .lanewise(VectorOperators.ASHR, Fixed.DISTANCE_SHIFT).convertShape(VectorOperators.I2D, DS, 0);
                DoubleVector qy = (DoubleVector) IntVector.fromArray(IS, k.py, i)
                    .lanewise(VectorOperators.ASHR, Fixed.DISTANCE_SHIFT).convertShape(VectorOperators.I2D, DS, 0);
                DoubleVector qz = (DoubleVector) IntVector.fromArray(IS, k.pz, i)
                    .lanewise(VectorOperators.ASHR, Fixed.DISTANCE_SHIFT).convertShape(VectorOperators.I2D, DS, 0);
                for (int f = 0; f < fields; f++) {
                    int b = FIELD_BASE + f * FIELD_STRIDE;
                    int bd = FIELD_D_BASE + f * FIELD_D_STRIDE;
                    DoubleVector dx = qx.neg().add((double) (pi[b + F_X] >> Fixed.DISTANCE_SHIFT));
                    DoubleVector dy = qy.neg().add((double) (pi[b + F_Y] >> Fixed.DISTANCE_SHIFT));
                    DoubleVector dz = qz.neg().add((double) (pi[b + F_Z] >> Fixed.DISTANCE_SHIFT));
                    // every term is an exact integer below 2^53, so fused and unfused give the same bits
                    DoubleVector d2 = dx.fma(dx, dy.fma(dy, dz.mul(dz)));
                    VectorMask<Double> outside = d2.compare(VectorOperators.GE, pd[bd + FD_R2]);
                    if (outside.allTrue()) {
                        continue;
                    }
                    // 65536 - rint(d2 / r²): (65536 + M) - (u + M) is exact (Sterbenz)
                    DoubleVector w1 = limit.sub(d2.mul(pd[bd + FD_INV_R2]).add(MAGIC));
                    double force = pd[bd + FD_FORCE];
                    int falloff = pi[b + F_FALLOFF];
                    // the kernel's (w1² · 2^-16) · force is the same real number rounded once
                    DoubleVector wk = falloff == FALLOFF_SMOOTH ? w1.mul(w1).mul(force * 0x1p-16)
                        : falloff == FALLOFF_LINEAR ? w1.mul(force) : full.mul(force);
                    // lanes outside the radius get weight 0, so they add exactly 0
                    wk = wk.blend(0.0, outside);
                    if (pi[b + F_VORTEX] != 0) {
                        double kx = pi[b + F_AXIS_X];
                        double ky = pi[b + F_AXIS_Y];
                        double kz = pi[b + F_AXIS_Z];
                        DoubleVector tx = dy.mul(kz).sub(dz.mul(ky)).mul(0x1p-16);
                        DoubleVector ty = dz.mul(kx).sub(dx.mul(kz)).mul(0x1p-16);
                        DoubleVector tz = dx.mul(ky).sub(dy.mul(kx)).mul(0x1p-16);
                        dx = tx;
                        dy = ty;
                        dz = tz;
                    }
                    ax = ax.add(dx.mul(wk).add(MAGIC).sub(MAGIC));
                    ay = ay.add(dy.mul(wk).add(MAGIC).sub(MAGIC));
                    az = az.add(dz.mul(wk).add(MAGIC).sub(MAGIC));
                }
            }
            ax.intoArray(sc.ax, o);
            ay.intoArray(sc.ay, o);
            az.intoArray(sc.az, o);
        }
    }

    // ------------------------------------------------------------------ turbulence

    /**
     * The lattice cell of one axis (floor: the coordinate is non-negative) times its hash constant,
     * and the smoothstepped fraction.
     */
    private static void cells(int[] p, int min, double offset, double inv, int hashConstant, int[] cell, int[] frac,
                              int from, int to) {
        for (int i = from; i < to; i += L) {
            DoubleVector s = ((DoubleVector) IntVector.fromArray(IS, p, i).sub(min)
                .convertShape(VectorOperators.I2D, DS, 0)).add(offset).mul(inv);
            IntVector c = (IntVector) s.convertShape(VectorOperators.D2I, IS, 0);
            c.mul(hashConstant).intoArray(cell, i - from);
            DoubleVector t = s.sub((DoubleVector) c.convertShape(VectorOperators.I2D, DS, 0))
                .mul(65536.0).add(MAGIC).sub(MAGIC);
            ((IntVector) t.mul(t).mul(t.mul(-2.0).add(196608.0)).mul(0x1p-32).add(MAGIC).viewAsIntegralLanes()
                .convertShape(VectorOperators.L2I, IS, 0)).intoArray(frac, i - from);
        }
    }

    /**
     * {@link Hash#lattice} of one corner (dx, dy, dz ∈ {0, 1}) of every particle's cell; (c + 1) · K is
     * c · K + K in wrapping int arithmetic, so the corner needs no multiply of its own.
     */
    private static void cornerHash(Scratch sc, int n, int dx, int dy, int dz, int seed) {
        int[] out = sc.corner[dx + 2 * dy + 4 * dz];
        int ox = dx * Hash.LATTICE_X;
        int oy = dy * Hash.LATTICE_Y;
        int oz = dz * Hash.LATTICE_Z;
        for (int o = 0; o < n; o += WIDE.length()) {
            IntVector h = IntVector.fromArray(WIDE, sc.cx, o).add(ox)
                .lanewise(VectorOperators.XOR, IntVector.fromArray(WIDE, sc.cy, o).add(oy))
                .lanewise(VectorOperators.XOR, IntVector.fromArray(WIDE, sc.cz, o).add(oz))
                .lanewise(VectorOperators.XOR, seed);
            // LSHR is Java's >>>, which the kernel spells (h >> n) & mask for Aparapi's sake
            h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 15)).mul(0x2c1b3c6d);
            h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16)).intoArray(out, o);
        }
    }

    /**
     * Interpolates along x between corners (0, yz) and (1, yz), for all three noise components (bits
     * 0-9, 10-19, 20-29 of the hashes) at once, into along[component * 4 + yz]. The components are
     * taken without their -512 offset: lerp(a - 512, b - 512, t) = lerp(a, b, t) - 512 exactly, so
     * {@link #noise} subtracts it once at the end.
     */
    private static void lerpCorners(Scratch sc, int yz, int n) {
        int[] h0s = sc.corner[2 * yz];
        int[] h1s = sc.corner[2 * yz + 1];
        for (int o = 0; o < n; o += WIDE.length()) {
            IntVector h0 = IntVector.fromArray(WIDE, h0s, o);
            IntVector h1 = IntVector.fromArray(WIDE, h1s, o);
            IntVector t = IntVector.fromArray(WIDE, sc.fx, o);
            // lerp(a, b, t) = a + ((b - a) * t >> 16), as ParticleKernel.lerp
            IntVector a = h0.and(1023);
            a.add(h1.and(1023).sub(a).mul(t).lanewise(VectorOperators.ASHR, 16)).intoArray(sc.along[yz], o);
            a = h0.lanewise(VectorOperators.LSHR, 10).and(1023);
            a.add(h1.lanewise(VectorOperators.LSHR, 10).and(1023).sub(a).mul(t).lanewise(VectorOperators.ASHR, 16))
                .intoArray(sc.along[4 + yz], o);
            a = h0.lanewise(VectorOperators.LSHR, 20).and(1023);
            a.add(h1.lanewise(VectorOperators.LSHR, 20).and(1023).sub(a).mul(t).lanewise(VectorOperators.ASHR, 16))
                .intoArray(sc.along[8 + yz], o);
        }
    }

    /** Finishes one noise component: interpolates along y and z, removes the offset, scales, adds to acc. */
    private static void noise(Scratch sc, int n, int component, double[] acc, double scaled) {
        int[] n00 = sc.along[component * 4];
        int[] n10 = sc.along[component * 4 + 1];
        int[] n01 = sc.along[component * 4 + 2];
        int[] n11 = sc.along[component * 4 + 3];
        for (int o = 0; o < n; o += L) {
            IntVector wy = IntVector.fromArray(IS, sc.fy, o);
            IntVector a0 = IntVector.fromArray(IS, n00, o);
            IntVector v0 = a0.add(IntVector.fromArray(IS, n10, o).sub(a0).mul(wy).lanewise(VectorOperators.ASHR, 16));
            IntVector a1 = IntVector.fromArray(IS, n01, o);
            IntVector v1 = a1.add(IntVector.fromArray(IS, n11, o).sub(a1).mul(wy).lanewise(VectorOperators.ASHR, 16));
            IntVector value = v0.add(v1.sub(v0).mul(IntVector.fromArray(IS, sc.fz, o)).lanewise(VectorOperators.ASHR, 16))
                .sub(512);
            DoubleVector accel = ((DoubleVector) value.convertShape(VectorOperators.I2D, DS, 0)).mul(scaled)
                .add(MAGIC).sub(MAGIC);
            DoubleVector.fromArray(DS, acc, o).add(accel).intoArray(acc, o);
        }
    }

    // ------------------------------------------------------------------ motion

    /** Drag, speed limit, position update and boundary of one axis, for the particles marked moving. */
    private static void integrate(int[] p, int[] v, double[] acc, int[] movingFlags, int from, int to, double drag,
                                  int vmax, int min, int max, int size, int mode, double rest) {
        if (mode == BOUNDARY_BOUNCE) {
            integrateBounce(p, v, acc, movingFlags, from, to, drag, vmax, min, max, rest);
            return;
        }
        for (int i = from; i < to; i += L) {
            int o = i - from;
            VectorMask<Integer> moving = IntVector.fromArray(IS, movingFlags, o).compare(VectorOperators.NE, 0);
            if (!moving.anyTrue()) {
                continue;
            }
            IntVector nv = velocity(v, acc, i, o, drag, vmax);
            IntVector np = IntVector.fromArray(IS, p, i).add(nv);
            VectorMask<Integer> below = np.compare(VectorOperators.LT, min);
            // wrap moves p >= max (the kernel's rule), clamp p > max
            VectorMask<Integer> above = np.compare(mode == BOUNDARY_WRAP ? VectorOperators.GE : VectorOperators.GT, max);
            if (below.or(above).anyTrue()) {
                if (mode == BOUNDARY_CLAMP) {
                    nv = nv.blend(0, below.or(above));
                } else {
                    np = np.blend(np.add(size), below).blend(np.sub(size), above);
                }
                np = np.max(min).min(max);
            }
            store(nv, np, v, p, i, moving);
        }
    }

    /**
     * {@link #integrate} for the bounce boundary, without a branch on who reached a wall: in a settled
     * scene many groups have a particle at a wall, at random, so the branch was mispredicted often.
     * With c = clamp(p, min, max), the kernel's reflection (2·min − p below, 2·max − p above, p inside)
     * is 2c − p in every case, in the same wrapping int arithmetic.
     */
    private static void integrateBounce(int[] p, int[] v, double[] acc, int[] movingFlags, int from, int to,
                                        double drag, int vmax, int min, int max, double rest) {
        for (int i = from; i < to; i += L) {
            int o = i - from;
            VectorMask<Integer> moving = IntVector.fromArray(IS, movingFlags, o).compare(VectorOperators.NE, 0);
            if (!moving.anyTrue()) {
                continue;
            }
            IntVector nv = velocity(v, acc, i, o, drag, vmax);
            IntVector np = IntVector.fromArray(IS, p, i).add(nv);
            IntVector c = np.max(min).min(max);
            IntVector bounced = rintToInt(((DoubleVector) nv.convertShape(VectorOperators.I2D, DS, 0)).mul(rest)).neg();
            store(nv.blend(bounced, np.compare(VectorOperators.NE, c)), c.add(c).sub(np).max(min).min(max), v, p, i, moving);
        }
    }

    /** The new velocity of lanes [i, i + L): (v + acc) · drag, rounded half to even, within ±vmax. */
    private static IntVector velocity(int[] v, double[] acc, int i, int o, double drag, int vmax) {
        DoubleVector dv = ((DoubleVector) IntVector.fromArray(IS, v, i).convertShape(VectorOperators.I2D, DS, 0))
            .add(DoubleVector.fromArray(DS, acc, o)).mul(drag);
        return rintToInt(dv).max(-vmax).min(vmax);
    }

    /** rint(x) as ints in one step: the low 32 bits of x + 1.5·2^52 are rint(x) for |x| < 2^31. */
    private static IntVector rintToInt(DoubleVector x) {
        return (IntVector) x.add(MAGIC).viewAsIntegralLanes().convertShape(VectorOperators.L2I, IS, 0);
    }

    /** Stores the lanes that move. */
    private static void store(IntVector nv, IntVector np, int[] v, int[] p, int i, VectorMask<Integer> moving) {
        if (moving.allTrue()) {
            nv.intoArray(v, i);
            np.intoArray(p, i);
        } else {
            nv.intoArray(v, i, moving);
            np.intoArray(p, i, moving);
        }
    }

    // ------------------------------------------------------------------ checksum

    private void ageAttr(Scratch sc, int from, int to) {
        for (int i = from; i < to; i += L) {
            IntVector attr = ((IntVector) ByteVector.fromArray(BS, k.attr, i)
                .convertShape(VectorOperators.B2I, IS, 0)).and(0xFF).lanewise(VectorOperators.LSHL, 16);
            ((IntVector) ShortVector.fromCharArray(SS, k.age, i).convertShape(VectorOperators.S2I, IS, 0))
                .and(0xFFFF).or(attr).intoArray(sc.ageAttr, i - from);
        }
    }

    /** {@link Checksum#mixHigh} of each particle into the scratch mix array. */
    private void mixHigh(Scratch sc, int from, int to) {
        for (int i = from; i < to; i += L) {
            IntVector h = IOTA.add(i).mul(0x9e3779b1)
                .add(IntVector.fromArray(IS, k.px, i).mul(0x85ebca77))
                .add(IntVector.fromArray(IS, k.py, i).mul(0xc2b2ae3d))
                .add(IntVector.fromArray(IS, k.pz, i).mul(0x27d4eb2f))
                .add(IntVector.fromArray(IS, k.vx, i).mul(0x165667b1))
                .add(IntVector.fromArray(IS, k.vy, i).mul(0xd3a2646d))
                .add(IntVector.fromArray(IS, k.vz, i).mul(0xfd7046c5))
                .add(IntVector.fromArray(IS, sc.ageAttr, i - from).mul(0xb55a4f09));
            h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16)).mul(0x7feb352d);
            h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 15)).mul(0x846ca68b);
            h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16)).intoArray(sc.mix, i - from);
        }
    }

    /** {@link Checksum#mixLow} of each particle into the scratch mix array. */
    private void mixLow(Scratch sc, int from, int to) {
        for (int i = from; i < to; i += L) {
            IntVector h = IOTA.add(i).mul(0x2545f491)
                .add(IntVector.fromArray(IS, k.px, i).mul(0x9e3779b9))
                .add(IntVector.fromArray(IS, k.py, i).mul(0x6c8e9cf5))
                .add(IntVector.fromArray(IS, k.pz, i).mul(0x7feb352d))
                .add(IntVector.fromArray(IS, k.vx, i).mul(0x846ca68b))
                .add(IntVector.fromArray(IS, k.vy, i).mul(0xcb1ab31f))
                .add(IntVector.fromArray(IS, k.vz, i).mul(0x8da6b343))
                .add(IntVector.fromArray(IS, sc.ageAttr, i - from).mul(0xd8163841));
            h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16)).mul(0x7feb352d);
            h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 15)).mul(0x846ca68b);
            h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16)).intoArray(sc.mix, i - from);
        }
    }

    /** Adds each mix, sign-extended and masked by {@code mask}, to the per-lane long sums. */
    private static void accumulate(int[] mix, long[] sums, int n, long mask) {
        LongVector acc = LongVector.fromArray(LS, sums, 0);
        for (int o = 0; o < n; o += L) {
            acc = acc.add(((LongVector) IntVector.fromArray(IS, mix, o).convertShape(VectorOperators.I2L, LS, 0)).and(mask));
        }
        acc.intoArray(sums, 0);
    }
}
