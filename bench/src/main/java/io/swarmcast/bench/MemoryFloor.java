package io.swarmcast.bench;

import io.swarmcast.core.sim.ParticleState;
import io.swarmcast.engine.jvm.SimThreads;

/**
 * The memory-bandwidth floor of one step: the time to read and write every byte of the particle
 * state once, on all cores. No step can be faster than this on this machine.
 */
public final class MemoryFloor {
    private MemoryFloor() {
    }

    /** Best of {@code reps} passes over a state of {@code particles} particles, in milliseconds. */
    public static double measure(int particles, int reps) {
        ParticleState s = new ParticleState(particles);
        int chunks = SimThreads.parallelism() * 4;
        double best = Double.MAX_VALUE;
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            SimThreads.forChunks(particles, chunks, 64, (chunk, from, to) -> touch(s, from, to));
            best = Math.min(best, (System.nanoTime() - t0) / 1e6);
        }
        return best;
    }

    private static void touch(ParticleState s, int from, int to) {
        for (int i = from; i < to; i++) {
            s.px[i]++;
            s.py[i]++;
            s.pz[i]++;
            s.vx[i]++;
            s.vy[i]++;
            s.vz[i]++;
            s.age[i]++;
            s.attr[i]++;
        }
    }
}
