package io.swarmcast.core.sim;

/**
 * Ranges that keep the fixed-point physics exact: every intermediate value of the kernels stays an
 * integer below 2^53 when the scene is inside these limits. {@code SceneValidator} enforces them.
 */
public final class Limits {
    public static final int MAX_PARTICLES = 1 << 24;
    public static final int MIN_TICK_RATE = 10;
    public static final int MAX_TICK_RATE = 240;
    public static final double MIN_SPAN = 1.0;
    public static final double MAX_SPEED = 4096;
    public static final double MAX_GRAVITY = 1000;
    public static final int MAX_FIELDS = 16;
    public static final int MAX_EMITTERS = 8;
    public static final double MIN_RADIUS = 0.01;
    /** Largest compiled strength, in Q16.16 units/tick²: products with Q.15 × Q.16 weights stay < 2^53. */
    public static final double MAX_STRENGTH_FIXED = 1 << 21;
    public static final double MAX_EMITTER_RATE = 10_000_000;
    public static final double MAX_CONE_ANGLE = 80;
    public static final double MIN_TURBULENCE_SCALE = 0.05;
    public static final double MAX_TURBULENCE_SCALE = 10_000;
    public static final int MAX_ID_LENGTH = 64;
    /** Bytes the engine keeps per particle: 6 ints of position and velocity, a char age, a byte attribute. */
    public static final int STATE_BYTES_PER_PARTICLE = 27;
    /**
     * Extra bytes per particle while separation is on, at most, over the backends. The kernel's grid
     * (OpenCL): sorted index (4), packed positions (8), bucket table (4 to 8): 20. The Java backend's
     * sweep grid: build scratch that then holds the sums by slot (16), positions and index by slot (16),
     * sums by particle (16), row table (up to 8), and for the layer being sorted, up to 24 a particle of
     * it (all of them, where every particle is in one row): 80.
     */
    public static final double SEPARATION_BYTES_PER_PARTICLE = 80;
    /** Separation grid cells along an axis stay below this, so linear cell indices fit in a long. */
    public static final double MAX_GRID_CELLS_PER_AXIS = 1 << 20;

    private Limits() {
    }
}
