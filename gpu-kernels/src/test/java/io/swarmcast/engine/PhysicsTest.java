package io.swarmcast.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swarmcast.core.scene.Behaviour;
import io.swarmcast.core.scene.Boundary;
import io.swarmcast.core.scene.Bounds;
import io.swarmcast.core.scene.Drag;
import io.swarmcast.core.scene.Emitter;
import io.swarmcast.core.scene.ForceField;
import io.swarmcast.core.scene.Gravity;
import io.swarmcast.core.scene.Scene;
import io.swarmcast.core.scene.Separation;
import io.swarmcast.core.scene.Turbulence;
import io.swarmcast.core.scene.Vec3;
import io.swarmcast.core.sim.Fixed;
import io.swarmcast.core.sim.ParticleState;
import io.swarmcast.engine.jvm.JavaBackend;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each behaviour does, measurably, what it claims. */
class PhysicsTest {

    private static Scene scene(int particles, double half, double maxSpeed, Behaviour... behaviours) {
        return new Scene("t", particles, Bounds.cube(half), 60, 7, maxSpeed, List.of(behaviours));
    }

    private static Simulation sim(Scene s) {
        return Simulation.create(s, new JavaBackend(true, 2));
    }

    private static double kineticEnergy(ParticleState s) {
        double e = 0;
        for (int i = 0; i < s.count(); i++) {
            if (s.alive(i)) {
                e += (double) s.vx[i] * s.vx[i] + (double) s.vy[i] * s.vy[i] + (double) s.vz[i] * s.vz[i];
            }
        }
        return e;
    }

    @Test
    void dragLowersKineticEnergyEveryTick() {
        try (Simulation sim = sim(scene(20_000, 50, 60, new Gravity(new Vec3(0, 0, 0)),
            new Turbulence(30, 5, Vec3.ZERO), new Boundary(Boundary.Mode.WRAP, 0)))) {
            for (int t = 0; t < 60; t++) {
                sim.step();
            }
            sim.applyNow(new io.swarmcast.core.input.TimedInput(sim.tick(),
                new io.swarmcast.core.input.Input.SetBehaviour(new Drag(2))));
            sim.applyNow(new io.swarmcast.core.input.TimedInput(sim.tick(),
                new io.swarmcast.core.input.Input.RemoveBehaviour("turbulence")));
            double energy = kineticEnergy(sim.snapshot());
            assertTrue(energy > 0, "turbulence should have set particles moving");
            double first = energy;
            for (int t = 0; t < 60; t++) {
                sim.step();
                double now = kineticEnergy(sim.snapshot());
                assertTrue(now < energy, "tick " + sim.tick() + ": " + now + " >= " + energy);
                energy = now;
            }
            // drag 2/s for one second leaves (1 - 2/60)^120 ≈ 0.017 of the energy
            assertTrue(energy < first * 0.05, energy / first + " of the energy left");
        }
    }

    @Test
    void bounceKeepsEveryParticleInsideTheBoundsAndReflects() {
        Scene s = scene(20_000, 20, 200, new Gravity(new Vec3(50, -300, 20)), new Turbulence(400, 3, Vec3.ZERO),
            new Boundary(Boundary.Mode.BOUNCE, 0.9));
        int min = Fixed.toFixed(-20);
        int max = Fixed.toFixed(20);
        long upward = 0;
        try (Simulation sim = sim(s)) {
            for (int t = 0; t < 240; t++) {
                sim.step();
                ParticleState p = sim.snapshot();
                for (int i = 0; i < p.count(); i++) {
                    assertTrue(p.px[i] >= min && p.px[i] <= max && p.py[i] >= min && p.py[i] <= max
                        && p.pz[i] >= min && p.pz[i] <= max, () -> "escaped: " + p.describe(0));
                    if (p.py[i] < min + Fixed.ONE && p.vy[i] > 0) {
                        upward++;
                    }
                }
            }
        }
        assertTrue(upward > 1000, "particles near the floor should be bouncing up, saw " + upward);
    }

    @Test
    void anAttractorPullsTheCentreOfMassTowardsItself() {
        Vec3 at = new Vec3(25, -10, 5);
        Scene s = scene(30_000, 50, 60, new Drag(0.5),
            new ForceField("a", ForceField.Kind.ATTRACTOR, at, 40, 120, ForceField.Falloff.SMOOTH, null),
            new Boundary(Boundary.Mode.BOUNCE, 0.5));
        try (Simulation sim = sim(s)) {
            double before = distance(centre(sim.snapshot()), at);
            for (int t = 0; t < 180; t++) {
                sim.step();
            }
            double after = distance(centre(sim.snapshot()), at);
            assertTrue(after < before * 0.5, "centre of mass moved from " + before + " to " + after + " units away");
        }
    }

    @Test
    void aVortexTurnsParticlesAroundItsAxis() {
        Scene s = scene(20_000, 50, 60,
            new ForceField("v", ForceField.Kind.VORTEX, Vec3.ZERO, 30, 80, ForceField.Falloff.SMOOTH, Vec3.UP),
            new Boundary(Boundary.Mode.BOUNCE, 0.5));
        try (Simulation sim = sim(s)) {
            for (int t = 0; t < 60; t++) {
                sim.step();
            }
            ParticleState p = sim.snapshot();
            double lz = 0;
            for (int i = 0; i < p.count(); i++) {
                lz += (double) p.pz[i] * p.vx[i] - (double) p.px[i] * p.vz[i];
            }
            // right-hand rule: a positive vortex about +y gives angular momentum along +y
            assertTrue(lz > 0, "angular momentum about +y: " + lz);
        }
    }

    @Test
    void anEmitterKeepsItsRateAndParticleLifetimes() {
        Emitter e = new Emitter("e", new Vec3(0, -40, 0), 600, Vec3.UP, 20, 10, 1.0, 0.5, 7, null, 0, 0);
        Scene s = scene(5_000, 50, 60, e, new Boundary(Boundary.Mode.BOUNCE, 0.5));
        int pool = e.poolSize();
        assertEquals(600, pool);
        int first = s.particles() - pool;
        try (Simulation sim = sim(s)) {
            int spawned = 0;
            for (int t = 1; t <= 150; t++) {
                sim.step();
                ParticleState p = sim.snapshot();
                int born = 0;
                int alive = 0;
                for (int i = first; i < p.count(); i++) {
                    if (p.alive(i)) {
                        alive++;
                        assertTrue(p.age[i] < 60, "particle " + i + " outlived its 60-tick life: " + (int) p.age[i]);
                        assertEquals(7, p.attr[i]);
                        if (p.age[i] == 0) {
                            born++;
                        }
                    }
                }
                assertEquals(10, born, "600/s at 60 Hz is 10 spawns every tick (tick " + t + ")");
                spawned += born;
                assertEquals(Math.min(600, t * 10), alive, "tick " + t);
            }
            assertEquals(1500, spawned);
        }
    }

    @Test
    void separationReducesOverlaps() {
        // a harmonic well collapses a sparse cloud; without separation it ends in a heap
        double radius = 1.0;
        Scene collapsing = scene(3_000, 20, 30, new Drag(2), new Boundary(Boundary.Mode.BOUNCE, 0.2),
            new ForceField("well", ForceField.Kind.ATTRACTOR, Vec3.ZERO, 200, 40, ForceField.Falloff.CONSTANT, null));
        Scene separated = collapsing.adding(new Separation(radius, 300));
        long without = overlapsAfter(collapsing, radius, 300);
        long with = overlapsAfter(separated, radius, 300);
        assertTrue(without > 10_000, "the well should pile particles up: " + without + " overlapping pairs");
        assertTrue(with < without / 10, "overlapping pairs with separation " + with + ", without " + without);
    }

    private static long overlapsAfter(Scene s, double radius, int ticks) {
        try (Simulation sim = sim(s)) {
            for (int t = 0; t < ticks; t++) {
                sim.step();
            }
            ParticleState p = sim.snapshot();
            long r = Fixed.toFixed(radius);
            long r2 = r * r;
            long pairs = 0;
            for (int i = 0; i < p.count(); i++) {
                for (int j = i + 1; j < p.count(); j++) {
                    long dx = p.px[i] - p.px[j];
                    long dy = p.py[i] - p.py[j];
                    long dz = p.pz[i] - p.pz[j];
                    if (dx * dx + dy * dy + dz * dz < r2) {
                        pairs++;
                    }
                }
            }
            return pairs;
        }
    }

    private static Vec3 centre(ParticleState s) {
        double x = 0;
        double y = 0;
        double z = 0;
        for (int i = 0; i < s.count(); i++) {
            x += Fixed.toWorld(s.px[i]);
            y += Fixed.toWorld(s.py[i]);
            z += Fixed.toWorld(s.pz[i]);
        }
        return new Vec3(x / s.count(), y / s.count(), z / s.count());
    }

    private static double distance(Vec3 a, Vec3 b) {
        return a.minus(b).length();
    }
}
