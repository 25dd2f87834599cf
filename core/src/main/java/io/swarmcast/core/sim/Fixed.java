package io.swarmcast.core.sim;

/**
 * Fixed-point conventions shared by every backend. Positions are Q16.16 world units; velocities are
 * Q16.16 world units per tick; accelerations Q16.16 world units per tick². Distances inside force
 * computations are taken at Q.10 ({@link #DISTANCE_SHIFT} bits dropped) so that squared distances stay
 * exact in a double.
 */
public final class Fixed {
    public static final int FRACTION_BITS = 16;
    public static final int ONE = 1 << FRACTION_BITS;
    /** Bits dropped from Q16.16 differences before squaring them. */
    public static final int DISTANCE_SHIFT = 6;
    /** Largest |coordinate| of any bound, in world units: keeps |position| ≤ 2^29. */
    public static final double MAX_COORDINATE = 8192;
    /** Age value of a particle that is not alive. */
    public static final char DEAD = 0xFFFF;
    /** Ages saturate here; lifetimes must be shorter. */
    public static final int MAX_AGE = 0xFFFE;

    private Fixed() {
    }

    public static int toFixed(double worldUnits) {
        return (int) Math.round(worldUnits * ONE);
    }

    public static double toWorld(int fixed) {
        return fixed / (double) ONE;
    }

    /** Q16.16 units per tick from world units per second. */
    public static int perTick(double perSecond, int tickRate) {
        return (int) Math.round(perSecond * ONE / tickRate);
    }

    /** Q16.16 units per tick² from world units per second², as a double so callers can range-check. */
    public static double perTickSquared(double perSecondSquared, int tickRate) {
        return perSecondSquared * ONE / ((double) tickRate * tickRate);
    }

    /** A length in world units at distance precision (Q.10). */
    public static double toDistance(double worldUnits) {
        return worldUnits * (ONE >> DISTANCE_SHIFT);
    }
}
