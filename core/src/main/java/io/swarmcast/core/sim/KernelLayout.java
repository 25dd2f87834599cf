package io.swarmcast.core.sim;

/**
 * Offsets into the two flat parameter arrays every backend reads ({@link KernelParams#ints},
 * {@link KernelParams#doubles}). One flat block instead of many fields: an OpenCL kernel gets it in
 * two small transfers per tick, and the layout is defined once, here.
 */
public final class KernelLayout {
    private KernelLayout() {
    }

    // ---- ints: scene-wide ----
    public static final int COUNT = 0;
    public static final int TICK = 1;
    public static final int SEED = 2;
    public static final int MIN_X = 3;
    public static final int MIN_Y = 4;
    public static final int MIN_Z = 5;
    public static final int MAX_X = 6;
    public static final int MAX_Y = 7;
    public static final int MAX_Z = 8;
    public static final int SIZE_X = 9;
    public static final int SIZE_Y = 10;
    public static final int SIZE_Z = 11;
    /** One of {@link #BOUNDARY_CLAMP}, {@link #BOUNDARY_BOUNCE}, {@link #BOUNDARY_WRAP}. */
    public static final int BOUNDARY_MODE = 12;
    /** Q.16 fraction of normal velocity kept by a bounce. */
    public static final int RESTITUTION = 13;
    public static final int GRAVITY_X = 14;
    public static final int GRAVITY_Y = 15;
    public static final int GRAVITY_Z = 16;
    /** Q.16 velocity factor per tick; 65536 means no drag. */
    public static final int DRAG = 17;
    public static final int MAX_VELOCITY = 18;
    /** 0 when turbulence is off. */
    public static final int TURBULENCE_ON = 19;
    /** 0 when separation is off. */
    public static final int SEPARATION_ON = 20;
    public static final int GRID_MASK = 21;
    public static final int FIELD_COUNT = 22;
    public static final int EMITTER_COUNT = 23;
    /** Separation strength in Q16.16 units/tick² (peak, at contact). */
    public static final int SEPARATION_STRENGTH = 24;
    /** Separation radius in grid units (Q.7 world units, {@link #GRID_SHIFT} bits below Q16.16). */
    public static final int SEPARATION_RADIUS = 25;
    /** Separation grid cells along x, and along x times y: the linear cell index is x + y·NX + z·NXY. */
    public static final int GRID_NX = 26;
    public static final int GRID_NXY = 27;

    /** Bits dropped from a Q16.16 position (relative to the minimum bound) to get its grid position. */
    public static final int GRID_SHIFT = 9;
    /** Bits per axis of a packed grid position: 2^21 grid units cover the widest world. */
    public static final int GRID_BITS = 21;

    public static final int BOUNDARY_CLAMP = 0;
    public static final int BOUNDARY_BOUNCE = 1;
    public static final int BOUNDARY_WRAP = 2;

    // ---- ints: per force field ----
    public static final int FIELD_BASE = 32;
    public static final int FIELD_STRIDE = 8;
    /** 0 attractor/vortex sign is carried by strength; kind: 0 radial, 1 vortex. */
    public static final int F_VORTEX = 0;
    /** Falloff: 0 smooth, 1 linear, 2 constant. */
    public static final int F_FALLOFF = 1;
    public static final int F_X = 2;
    public static final int F_Y = 3;
    public static final int F_Z = 4;
    /** Vortex axis, unit vector in Q.16. */
    public static final int F_AXIS_X = 5;
    public static final int F_AXIS_Y = 6;
    public static final int F_AXIS_Z = 7;

    public static final int FALLOFF_SMOOTH = 0;
    public static final int FALLOFF_LINEAR = 1;
    public static final int FALLOFF_CONSTANT = 2;

    // ---- ints: per emitter ----
    public static final int EMITTER_BASE = FIELD_BASE + Limits.MAX_FIELDS * FIELD_STRIDE;
    public static final int EMITTER_STRIDE = 20;
    /** First particle index of the emitter's pool. */
    public static final int E_FIRST = 0;
    public static final int E_POOL = 1;
    /** Pool slot (0-based) of the first particle spawned this tick. */
    public static final int E_SPAWN_FIRST = 2;
    /** Particles spawned this tick. */
    public static final int E_SPAWN_COUNT = 3;
    /** Lifetime in ticks. */
    public static final int E_LIFETIME = 4;
    public static final int E_X = 5;
    public static final int E_Y = 6;
    public static final int E_Z = 7;
    public static final int E_ATTR = 8;
    /** Cone axis and two perpendicular unit vectors, Q.15. */
    public static final int E_DIR_X = 9;
    public static final int E_DIR_Y = 10;
    public static final int E_DIR_Z = 11;
    public static final int E_U_X = 12;
    public static final int E_U_Y = 13;
    public static final int E_U_Z = 14;
    public static final int E_V_X = 15;
    public static final int E_V_Y = 16;
    public static final int E_V_Z = 17;

    public static final int INT_LENGTH = EMITTER_BASE + Limits.MAX_EMITTERS * EMITTER_STRIDE;

    // ---- doubles: scene-wide ----
    /** 1 / (cell size in Q16.16 units). */
    public static final int TURBULENCE_INV_CELL = 0;
    /** Noise drift, in Q16.16 units, non-negative, wrapping after 2^24 lattice cells. */
    public static final int TURBULENCE_OFFSET_X = 1;
    public static final int TURBULENCE_OFFSET_Y = 2;
    public static final int TURBULENCE_OFFSET_Z = 3;
    /** Turbulence peak acceleration × 2^-9 (the noise value spans ±512). */
    public static final int TURBULENCE_SCALED = 4;
    /** Separation radius squared, in grid units. */
    public static final int SEPARATION_R2 = 5;
    /** 1 / cell width in grid units; the width is the radius + 1, so cells beyond the 27 are out of reach. */
    public static final int SEPARATION_INV_CELL = 6;

    // ---- doubles: per force field ----
    public static final int FIELD_D_BASE = 8;
    public static final int FIELD_D_STRIDE = 3;
    /** Radius squared at Q.10². */
    public static final int FD_R2 = 0;
    /** 65536 / radius². */
    public static final int FD_INV_R2 = 1;
    /** Signed strength (Q16.16 units/tick², before peak normalisation) × 2^-16 / radius (Q.10). */
    public static final int FD_FORCE = 2;

    // ---- doubles: per emitter ----
    public static final int EMITTER_D_BASE = FIELD_D_BASE + Limits.MAX_FIELDS * FIELD_D_STRIDE;
    public static final int EMITTER_D_STRIDE = 4;
    /** tan(cone half-angle) / √2 × 2^-15: lateral offset scale for a unit-square sample. */
    public static final int ED_CONE = 0;
    /** Spread radius (Q16.16) × 2^-15. */
    public static final int ED_SPREAD = 1;
    /** Speed in Q16.16 units per tick. */
    public static final int ED_SPEED = 2;

    public static final int DOUBLE_LENGTH = EMITTER_D_BASE + Limits.MAX_EMITTERS * EMITTER_D_STRIDE;
}
