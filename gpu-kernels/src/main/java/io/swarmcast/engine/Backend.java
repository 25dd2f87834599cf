package io.swarmcast.engine;

import io.swarmcast.core.sim.KernelParams;
import io.swarmcast.core.sim.ParticleState;

/**
 * Where a simulation's particles live and are stepped. Every backend produces the same state, bit for
 * bit, from the same inputs; they differ only in speed. A backend owns its copy of the state.
 */
public interface Backend extends AutoCloseable {

    /** The backend's name as users select it: {@code opencl} or {@code java}. */
    String name();

    /** What actually runs the kernels, e.g. the OpenCL device or the JDK and its vector width. */
    String device();

    /** Replaces the backend's state with a copy of {@code state}. */
    void load(ParticleState state, KernelParams params);

    /** Advances one tick with {@code params}, whose tick and scene are already set for this step. */
    void step(KernelParams params);

    /** The checksum of the current state. */
    long checksum();

    /** Copies the current state into {@code into}. */
    void read(ParticleState into);

    @Override
    void close();
}
