package io.swarmcast.core.sim;

/**
 * Integer hashes used by the physics. Pure int arithmetic (wrapping multiply, xor, masked arithmetic
 * shift) gives the same bits in Java, in the Vector API and in OpenCL C. Kernels call these directly;
 * logical shifts are written {@code (h >> n) & mask} because Aparapi turns {@code >>>} into unsigned C.
 */
public final class Hash {
    private Hash() {
    }

    /** Avalanche finaliser (lowbias32). */
    public static int fmix(int h) {
        h ^= (h >> 16) & 0xFFFF;
        h *= 0x7feb352d;
        h ^= (h >> 15) & 0x1FFFF;
        h *= 0x846ca68b;
        h ^= (h >> 16) & 0xFFFF;
        return h;
    }

    /**
     * Hash of a lattice point, for noise and the separation grid: a multiply per coordinate and one
     * xorshift-multiply-xorshift round, enough to decorrelate neighbouring cells in every output bit.
     */
    public static int lattice(int x, int y, int z, int seed) {
        int h = x * LATTICE_X ^ y * LATTICE_Y ^ z * LATTICE_Z ^ seed;
        h ^= (h >> 15) & 0x1FFFF;
        h *= 0x2c1b3c6d;
        h ^= (h >> 16) & 0xFFFF;
        return h;
    }

    public static final int LATTICE_X = 0x8da6b343;
    public static final int LATTICE_Y = 0xd8163841;
    public static final int LATTICE_Z = 0xcb1ab31f;

    /** Per-particle random bits for the tick {@code tick}, stream {@code salt}. */
    public static int particle(int index, int tick, int salt) {
        return fmix(index * 0x9e3779b1 ^ tick * 0x85ebca77 ^ salt);
    }
}
