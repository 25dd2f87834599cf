package io.swarmcast.engine.jvm;

import io.swarmcast.engine.kernel.ParticleKernel;

/** Placeholder replaced in the next commit by the Vector API stepper. */
final class VectorStepper {
    static VectorStepper createIfAvailable(ParticleKernel k) {
        return null;
    }

    String describe() {
        return "";
    }

    void step(int from, int to, int chunk, long[] high, long[] low) {
        throw new UnsupportedOperationException();
    }
}
