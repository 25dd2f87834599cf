package io.swarmcast.core.sim;

/**
 * The 64-bit state checksum: the sum, modulo 2^64, of one 64-bit mix per particle. A sum is
 * order-independent, so backends may reduce in any order and in parallel and still agree.
 * The high 32 bits of a particle's mix come from {@link #mixHigh}, the low from {@link #mixLow};
 * partial sums are kept as {@code sum(high)} and {@code sum(low unsigned)} and combined by
 * {@link #combine}.
 */
public final class Checksum {
    private Checksum() {
    }

    public static int mixHigh(int i, int px, int py, int pz, int vx, int vy, int vz, int ageAttr) {
        return Hash.fmix(i * 0x9e3779b1 + px * 0x85ebca77 + py * 0xc2b2ae3d + pz * 0x27d4eb2f
            + vx * 0x165667b1 + vy * 0xd3a2646d + vz * 0xfd7046c5 + ageAttr * 0xb55a4f09);
    }

    public static int mixLow(int i, int px, int py, int pz, int vx, int vy, int vz, int ageAttr) {
        return Hash.fmix(i * 0x2545f491 + px * 0x9e3779b9 + py * 0x6c8e9cf5 + pz * 0x7feb352d
            + vx * 0x846ca68b + vy * 0xcb1ab31f + vz * 0x8da6b343 + ageAttr * 0xd8163841);
    }

    /** Age and attribute as one int, the form the mixes take. */
    public static int ageAttr(char age, byte attr) {
        return age | (attr & 0xFF) << 16;
    }

    public static long combine(long highSum, long lowSum) {
        return (highSum << 32) + lowSum;
    }

    /** Reference: the checksum of a whole state, single-threaded. */
    public static long of(ParticleState s) {
        long high = 0;
        long low = 0;
        for (int i = 0; i < s.count(); i++) {
            int aa = ageAttr(s.age[i], s.attr[i]);
            high += mixHigh(i, s.px[i], s.py[i], s.pz[i], s.vx[i], s.vy[i], s.vz[i], aa);
            low += mixLow(i, s.px[i], s.py[i], s.pz[i], s.vx[i], s.vy[i], s.vz[i], aa) & 0xFFFFFFFFL;
        }
        return combine(high, low);
    }

    public static String hex(long checksum) {
        return String.format("%016x", checksum);
    }
}
