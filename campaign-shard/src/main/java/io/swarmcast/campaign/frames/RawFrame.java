package io.swarmcast.campaign.frames;

import io.swarmcast.core.scene.Bounds;
import io.swarmcast.core.sim.ParticleState;

/** A reusable capture buffer: the tick's state, copied out of the backend on the tick. */
final class RawFrame {
    final ParticleState state;
    long tick;
    long serverMicros;
    Bounds bounds;

    RawFrame(int count) {
        state = new ParticleState(count);
    }
}
