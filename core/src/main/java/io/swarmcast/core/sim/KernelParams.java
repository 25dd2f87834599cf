package io.swarmcast.core.sim;

import static io.swarmcast.core.sim.KernelLayout.*;

import io.swarmcast.core.scene.Boundary;
import io.swarmcast.core.scene.Drag;
import io.swarmcast.core.scene.Emitter;
import io.swarmcast.core.scene.ForceField;
import io.swarmcast.core.scene.Gravity;
import io.swarmcast.core.scene.Scene;
import io.swarmcast.core.scene.Separation;
import io.swarmcast.core.scene.Turbulence;
import io.swarmcast.core.scene.Vec3;
import java.util.List;

/**
 * A scene compiled to the fixed-point constants the kernels read, laid out by {@link KernelLayout}.
 * All floating-point work happens here, on the host, once per scene change ({@link #compile}) or per
 * tick ({@link #setTick}); kernels only see the results, so every backend starts from the same bits.
 */
public final class KernelParams {
    /** Peak of q·w over the unit ball for each falloff, q = d/r: smooth (1-q²)², linear 1-q², constant 1. */
    private static final double[] PEAK_FACTOR = {
        (1 / Math.sqrt(5)) * (16.0 / 25.0),
        (1 / Math.sqrt(3)) * (2.0 / 3.0),
        1.0
    };

    public final int[] ints = new int[INT_LENGTH];
    public final double[] doubles = new double[DOUBLE_LENGTH];
    private Scene scene;
    private List<Emitter> emitters = List.of();
    private long tick;

    public Scene scene() {
        return scene;
    }

    public long tick() {
        return tick;
    }

    public int count() {
        return ints[COUNT];
    }

    public boolean separationOn() {
        return ints[SEPARATION_ON] != 0;
    }

    /**
     * Buckets in the separation grid: the next power of two at or above the particle count, doubled
     * until no two of the 9 rows a particle scans (cells x-1..x+1 at each y, z offset) can share a
     * bucket. With cells wider than the radius that makes the distance test alone exact.
     */
    public static int gridBuckets(int particles, int nx, int nxy) {
        int b = Math.max(1024, Integer.highestOneBit(Math.max(1, particles - 1)) << 1);
        while (rowsCanShareBucket(nx, nxy, b) && b < (1 << 30)) {
            b <<= 1;
        }
        return b;
    }

    private static boolean rowsCanShareBucket(long nx, long nxy, int buckets) {
        for (int dy = -2; dy <= 2; dy++) {
            for (int dz = -2; dz <= 2; dz++) {
                if (dy != 0 || dz != 0) {
                    long gap = Math.floorMod(dy * nx + dz * nxy, (long) buckets);
                    if (gap <= 2 || gap >= buckets - 2) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Strength as the kernels store it, for validation: Q16.16 units/tick² before peak normalisation. */
    public static double fieldStrengthFixed(ForceField f, int tickRate) {
        return Fixed.perTickSquared(f.strength(), tickRate) / PEAK_FACTOR[f.falloff().ordinal()];
    }

    public void compile(Scene s) {
        scene = s;
        emitters = s.emitters();
        java.util.Arrays.fill(ints, 0);
        java.util.Arrays.fill(doubles, 0);
        int hz = s.tickRate();
        ints[COUNT] = s.particles();
        ints[SEED] = (int) (s.seed() ^ (s.seed() >>> 32));
        Vec3 min = s.bounds().min();
        Vec3 max = s.bounds().max();
        ints[MIN_X] = Fixed.toFixed(min.x());
        ints[MIN_Y] = Fixed.toFixed(min.y());
        ints[MIN_Z] = Fixed.toFixed(min.z());
        ints[MAX_X] = Fixed.toFixed(max.x());
        ints[MAX_Y] = Fixed.toFixed(max.y());
        ints[MAX_Z] = Fixed.toFixed(max.z());
        ints[SIZE_X] = ints[MAX_X] - ints[MIN_X];
        ints[SIZE_Y] = ints[MAX_Y] - ints[MIN_Y];
        ints[SIZE_Z] = ints[MAX_Z] - ints[MIN_Z];
        ints[MAX_VELOCITY] = Fixed.perTick(s.maxSpeed(), hz);
        ints[DRAG] = Fixed.ONE;
        ints[BOUNDARY_MODE] = BOUNDARY_CLAMP;

        s.find(Gravity.class).ifPresent(g -> {
            ints[GRAVITY_X] = (int) Math.round(Fixed.perTickSquared(g.acceleration().x(), hz));
            ints[GRAVITY_Y] = (int) Math.round(Fixed.perTickSquared(g.acceleration().y(), hz));
            ints[GRAVITY_Z] = (int) Math.round(Fixed.perTickSquared(g.acceleration().z(), hz));
        });
        s.find(Drag.class).ifPresent(d -> ints[DRAG] = (int) Math.round((1 - d.coefficient() / hz) * Fixed.ONE));
        s.find(Boundary.class).ifPresent(b -> {
            ints[BOUNDARY_MODE] = b.mode() == Boundary.Mode.BOUNCE ? BOUNDARY_BOUNCE : BOUNDARY_WRAP;
            ints[RESTITUTION] = (int) Math.round(b.restitution() * Fixed.ONE);
        });
        s.find(Turbulence.class).ifPresent(t -> {
            ints[TURBULENCE_ON] = 1;
            doubles[TURBULENCE_INV_CELL] = 1.0 / (t.scale() * Fixed.ONE);
            doubles[TURBULENCE_SCALED] = Math.round(Fixed.perTickSquared(t.strength(), hz)) * 0x1p-9;
        });
        s.find(Separation.class).ifPresent(sep -> {
            ints[SEPARATION_ON] = 1;
            int radius = (int) Math.max(1, Math.round(sep.radius() * (Fixed.ONE >> GRID_SHIFT)));
            int width = radius + 1;
            ints[SEPARATION_RADIUS] = radius;
            ints[SEPARATION_STRENGTH] = (int) Math.round(Fixed.perTickSquared(sep.strength(), hz));
            doubles[SEPARATION_R2] = (double) radius * radius;
            doubles[SEPARATION_INV_CELL] = 1.0 / width;
            int nx = (ints[SIZE_X] >> GRID_SHIFT) / width + 1;
            int ny = (ints[SIZE_Y] >> GRID_SHIFT) / width + 1;
            ints[GRID_NX] = nx;
            ints[GRID_NXY] = (int) Math.min(Integer.MAX_VALUE, (long) nx * ny);
            ints[GRID_MASK] = gridBuckets(s.particles(), nx, ints[GRID_NXY]) - 1;
        });

        List<ForceField> fields = s.fields();
        ints[FIELD_COUNT] = fields.size();
        for (int f = 0; f < fields.size(); f++) {
            compileField(fields.get(f), f, hz);
        }
        ints[EMITTER_COUNT] = emitters.size();
        int next = s.particles();
        for (int e = 0; e < emitters.size(); e++) {
            Emitter em = emitters.get(e);
            next -= em.poolSize();
            compileEmitter(em, e, next, hz);
        }
        setTick(tick);
    }

    private void compileField(ForceField f, int index, int hz) {
        int bi = FIELD_BASE + index * FIELD_STRIDE;
        int bd = FIELD_D_BASE + index * FIELD_D_STRIDE;
        ints[bi + F_VORTEX] = f.kind() == ForceField.Kind.VORTEX ? 1 : 0;
        ints[bi + F_FALLOFF] = f.falloff().ordinal();
        ints[bi + F_X] = Fixed.toFixed(f.position().x());
        ints[bi + F_Y] = Fixed.toFixed(f.position().y());
        ints[bi + F_Z] = Fixed.toFixed(f.position().z());
        Vec3 axis = f.axis();
        double len = axis.length();
        ints[bi + F_AXIS_X] = (int) Math.round(axis.x() / len * Fixed.ONE);
        ints[bi + F_AXIS_Y] = (int) Math.round(axis.y() / len * Fixed.ONE);
        ints[bi + F_AXIS_Z] = (int) Math.round(axis.z() / len * Fixed.ONE);
        double r = Math.round(Fixed.toDistance(f.radius()));
        doubles[bd + FD_R2] = r * r;
        doubles[bd + FD_INV_R2] = 65536.0 / (r * r);
        long strength = Math.round(fieldStrengthFixed(f, hz));
        if (f.kind() == ForceField.Kind.REPULSOR) {
            strength = -strength;
        }
        doubles[bd + FD_FORCE] = strength * 0x1p-16 / r;
    }

    private void compileEmitter(Emitter em, int index, int first, int hz) {
        int bi = EMITTER_BASE + index * EMITTER_STRIDE;
        int bd = EMITTER_D_BASE + index * EMITTER_D_STRIDE;
        ints[bi + E_FIRST] = first;
        ints[bi + E_POOL] = em.poolSize();
        ints[bi + E_LIFETIME] = (int) Math.max(1, Math.min(Fixed.MAX_AGE, Math.round(em.lifetime() * hz)));
        ints[bi + E_X] = Fixed.toFixed(em.position().x());
        ints[bi + E_Y] = Fixed.toFixed(em.position().y());
        ints[bi + E_Z] = Fixed.toFixed(em.position().z());
        ints[bi + E_ATTR] = em.attribute();
        Vec3 d = em.direction();
        double dl = d.length();
        double dx = d.x() / dl;
        double dy = d.y() / dl;
        double dz = d.z() / dl;
        // a helper axis not parallel to d gives the cone's two perpendicular directions
        double hx = Math.abs(dy) < 0.9 ? 0 : 1;
        double hy = Math.abs(dy) < 0.9 ? 1 : 0;
        double ux = dy * 0 - dz * hy;
        double uy = dz * hx - dx * 0;
        double uz = dx * hy - dy * hx;
        double ul = Math.sqrt(ux * ux + uy * uy + uz * uz);
        ux /= ul;
        uy /= ul;
        uz /= ul;
        double vx = dy * uz - dz * uy;
        double vy = dz * ux - dx * uz;
        double vz = dx * uy - dy * ux;
        ints[bi + E_DIR_X] = (int) Math.round(dx * 32768);
        ints[bi + E_DIR_Y] = (int) Math.round(dy * 32768);
        ints[bi + E_DIR_Z] = (int) Math.round(dz * 32768);
        ints[bi + E_U_X] = (int) Math.round(ux * 32768);
        ints[bi + E_U_Y] = (int) Math.round(uy * 32768);
        ints[bi + E_U_Z] = (int) Math.round(uz * 32768);
        ints[bi + E_V_X] = (int) Math.round(vx * 32768);
        ints[bi + E_V_Y] = (int) Math.round(vy * 32768);
        ints[bi + E_V_Z] = (int) Math.round(vz * 32768);
        doubles[bd + ED_CONE] = Math.tan(Math.toRadians(em.coneAngle())) / Math.sqrt(2) * 0x1p-15;
        doubles[bd + ED_SPREAD] = Fixed.toFixed(em.spread()) * 0x1p-15;
        doubles[bd + ED_SPEED] = em.speed() * Fixed.ONE / hz;
    }

    /** Sets the per-tick values for the step that advances the world from {@code t} to {@code t + 1}. */
    public void setTick(long t) {
        tick = t;
        ints[TICK] = (int) t;
        if (scene == null) {
            return;
        }
        int hz = scene.tickRate();
        scene.find(Turbulence.class).ifPresent(tb -> {
            long period = Math.round(tb.scale() * Fixed.ONE) << 24;
            doubles[TURBULENCE_OFFSET_X] = Math.floorMod(Math.round(t * (tb.flow().x() * Fixed.ONE / hz)), period);
            doubles[TURBULENCE_OFFSET_Y] = Math.floorMod(Math.round(t * (tb.flow().y() * Fixed.ONE / hz)), period);
            doubles[TURBULENCE_OFFSET_Z] = Math.floorMod(Math.round(t * (tb.flow().z() * Fixed.ONE / hz)), period);
        });
        for (int e = 0; e < emitters.size(); e++) {
            Emitter em = emitters.get(e);
            int bi = EMITTER_BASE + e * EMITTER_STRIDE;
            long before = em.spawnedBy(t, hz);
            long after = em.spawnedBy(t + 1, hz);
            int pool = ints[bi + E_POOL];
            ints[bi + E_SPAWN_FIRST] = (int) Math.floorMod(before, (long) pool);
            ints[bi + E_SPAWN_COUNT] = (int) Math.min(pool, after - before);
        }
    }
}
