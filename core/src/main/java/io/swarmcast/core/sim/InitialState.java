package io.swarmcast.core.sim;

import static io.swarmcast.core.sim.KernelLayout.*;

/**
 * The state at tick 0, a pure function of the compiled scene. Particles outside every emitter pool
 * start alive, spread uniformly over the bounds with a slow random velocity; pooled particles start
 * dead at their emitter and wait for it to spawn them.
 */
public final class InitialState {
    private static final int SALT_POSITION = 0x51ed27;
    private static final int SALT_VELOCITY = 0x2f3a9b;

    private InitialState() {
    }

    public static ParticleState create(KernelParams p) {
        int[] k = p.ints;
        int n = k[COUNT];
        ParticleState s = new ParticleState(n);
        int seed = k[SEED];
        int slow = Fixed.ONE / p.scene().tickRate(); // 1 world unit per second, per tick
        int pooledFrom = n;
        for (int e = 0; e < k[EMITTER_COUNT]; e++) {
            pooledFrom = Math.min(pooledFrom, k[EMITTER_BASE + e * EMITTER_STRIDE + E_FIRST]);
        }
        for (int i = 0; i < pooledFrom; i++) {
            s.px[i] = k[MIN_X] + uniform(Hash.particle(i, 0, seed ^ SALT_POSITION), k[SIZE_X]);
            s.py[i] = k[MIN_Y] + uniform(Hash.particle(i, 1, seed ^ SALT_POSITION), k[SIZE_Y]);
            s.pz[i] = k[MIN_Z] + uniform(Hash.particle(i, 2, seed ^ SALT_POSITION), k[SIZE_Z]);
            int hv = Hash.particle(i, 0, seed ^ SALT_VELOCITY);
            s.vx[i] = (int) (((hv & 0x3FF) - 512L) * slow >> 9);
            s.vy[i] = (int) ((((hv >>> 10) & 0x3FF) - 512L) * slow >> 9);
            s.vz[i] = (int) ((((hv >>> 20) & 0x3FF) - 512L) * slow >> 9);
            s.attr[i] = (byte) (hv >>> 30);
        }
        for (int e = 0; e < k[EMITTER_COUNT]; e++) {
            int b = EMITTER_BASE + e * EMITTER_STRIDE;
            for (int i = k[b + E_FIRST]; i < k[b + E_FIRST] + k[b + E_POOL]; i++) {
                s.px[i] = k[b + E_X];
                s.py[i] = k[b + E_Y];
                s.pz[i] = k[b + E_Z];
                s.age[i] = Fixed.DEAD;
                s.attr[i] = (byte) k[b + E_ATTR];
            }
        }
        return s;
    }

    /** A uniform value in [0, size) from 31 random bits, exactly. */
    private static int uniform(int bits, int size) {
        return (int) (((bits & 0x7FFFFFFFL) * size) >>> 31);
    }
}
