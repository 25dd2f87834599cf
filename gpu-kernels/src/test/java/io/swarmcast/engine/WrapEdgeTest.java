package io.swarmcast.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.swarmcast.core.scene.Boundary;
import io.swarmcast.core.scene.Bounds;
import io.swarmcast.core.scene.Scene;
import io.swarmcast.core.sim.Fixed;
import io.swarmcast.core.sim.ParticleState;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A particle that lands exactly on the upper bound in wrap mode wraps to the lower one on every
 * backend (the kernel wraps p ≥ max); the Java backend's fast path once kept it at max when no other
 * particle of its vector group crossed a wall.
 */
class WrapEdgeTest {
    @Test
    void landingExactlyOnTheUpperBoundWrapsOnEveryBackend() {
        Scene scene = new Scene("wrap-edge", 64, Bounds.cube(10), 60, 1, 100,
            List.of(new Boundary(Boundary.Mode.WRAP, 1.0)));
        int max = Fixed.toFixed(10);
        ParticleState s = new ParticleState(64);
        for (int i = 0; i < 64; i++) {
            s.px[i] = i * 1000;
            s.vx[i] = i % 8 == 0 ? 0 : 1;
        }
        s.px[0] = max - 100;
        s.vx[0] = 100;
        long[] px0 = new long[BackendKind.values().length];
        long[] checksums = new long[BackendKind.values().length];
        int k = 0;
        for (BackendKind kind : new BackendKind[] {BackendKind.JAVA, BackendKind.JAVA_SCALAR}) {
            try (Simulation sim = Simulation.restore(scene, 0, copy(s), Backends.create(kind, scene))) {
                sim.step();
                px0[k] = sim.snapshot().px[0];
                checksums[k] = sim.checksum();
            }
            k++;
        }
        assertEquals(px0[1], px0[0], "java and java-scalar agree on the particle at the wall");
        assertEquals(checksums[1], checksums[0]);
        assertEquals(Fixed.toFixed(-10), px0[1], "it wrapped to the lower bound");
    }

    private static ParticleState copy(ParticleState s) {
        ParticleState c = new ParticleState(s.count());
        System.arraycopy(s.px, 0, c.px, 0, s.count());
        System.arraycopy(s.vx, 0, c.vx, 0, s.count());
        return c;
    }
}
