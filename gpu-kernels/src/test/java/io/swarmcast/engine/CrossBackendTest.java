package io.swarmcast.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swarmcast.core.input.Input;
import io.swarmcast.core.input.TimedInput;
import io.swarmcast.core.scene.Emitter;
import io.swarmcast.core.scene.ForceField;
import io.swarmcast.core.scene.Presets;
import io.swarmcast.core.scene.Scene;
import io.swarmcast.core.scene.SceneJson;
import io.swarmcast.core.scene.Separation;
import io.swarmcast.core.scene.Vec3;
import io.swarmcast.core.sim.Checksum;
import io.swarmcast.core.sim.ParticleState;
import io.swarmcast.engine.jvm.JavaBackend;
import io.swarmcast.engine.opencl.OpenClBackend;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The same scene and input log give the same checksum at every tick on every backend: the Java
 * Vector API path, the scalar kernel on the JVM, and the kernel translated to OpenCL (PoCL in CI).
 * OpenCL is required here, not optional: set -Dswarmcast.opencl.optional=true only on a machine
 * with no OpenCL driver at all.
 */
class CrossBackendTest {

    private static List<TimedInput> inputs() throws Exception {
        ObjectNode stronger = (ObjectNode) SceneJson.MAPPER.readTree("{\"strength\": 80, \"falloff\": \"linear\"}");
        ObjectNode drag = (ObjectNode) SceneJson.MAPPER.readTree("{\"coefficient\": 0.9}");
        ObjectNode faster = (ObjectNode) SceneJson.MAPPER.readTree("{\"rate\": 9000}");
        return List.of(
            new TimedInput(120, new Input.AddField(new ForceField("probe", ForceField.Kind.REPULSOR,
                new Vec3(20, 10, -30), 60, 35, ForceField.Falloff.CONSTANT, null))),
            new TimedInput(200, new Input.MoveField("left", new Vec3(-20, 40, 10))),
            new TimedInput(200, new Input.SetParameters("swirl", stronger)),
            new TimedInput(280, new Input.AddEmitter(new Emitter("side", new Vec3(90, 0, 0), 3000,
                new Vec3(-1, 0.2, 0), 50, 30, 2, 1, 9, null, 0, 0))),
            new TimedInput(350, new Input.SetParameters("drag", drag)),
            new TimedInput(420, new Input.SetParameters("geyser", faster)),
            new TimedInput(480, new Input.RemoveField("probe")),
            new TimedInput(520, new Input.MoveEmitter("geyser", new Vec3(0, -60, 20), new Vec3(0.3, 1, 0))));
    }

    private static Backend opencl() {
        try {
            return OpenClBackend.create();
        } catch (BackendUnavailableException e) {
            if (Boolean.getBoolean("swarmcast.opencl.optional")) {
                return null;
            }
            return fail("OpenCL is required for the cross-backend test (CI installs PoCL): " + e.getMessage());
        }
    }

    /** Runs all backends in lock step and fails at the first tick where any checksum differs. */
    private static void assertLockStep(Scene scene, List<TimedInput> inputs, int steps) {
        List<Simulation> sims = new ArrayList<>();
        sims.add(Simulation.create(scene, new JavaBackend(true, 2)));
        sims.add(Simulation.create(scene, new JavaBackend(false, 2)));
        Backend cl = opencl();
        if (cl != null) {
            sims.add(Simulation.create(scene, cl));
        }
        try {
            for (Simulation sim : sims) {
                inputs.forEach(sim::submit);
            }
            for (int t = 0; t < steps; t++) {
                for (Simulation sim : sims) {
                    sim.step();
                }
                long expected = sims.get(0).checksum();
                for (Simulation sim : sims) {
                    if (sim.checksum() != expected) {
                        ParticleState a = sims.get(0).snapshot();
                        ParticleState b = sim.snapshot();
                        int i = a.firstDifference(b);
                        fail("tick " + sims.get(0).tick() + ": " + sim.backend().name() + " (" + sim.backend().device() + ") "
                            + Checksum.hex(sim.checksum()) + " != " + Checksum.hex(expected) + "; first difference "
                            + a.describe(i) + " vs " + b.describe(i));
                    }
                }
            }
            if (cl != null) {
                assertTrue(((OpenClBackend) cl).ranOnOpenCl(), "the OpenCL backend must have run on OpenCL, not Java");
                assertTrue(cl.device().startsWith("OpenCL"), cl.device());
            }
            assertTrue(((JavaBackend) sims.get(0).backend()).vectorized() || !JavaBackend.vectorApiAvailable());
        } finally {
            sims.forEach(Simulation::close);
        }
    }

    @Test
    void demoAt100kParticlesFor600TicksWithInputsIsBitExactOnEveryBackend() throws Exception {
        Scene demo = Presets.get("demo", 100_000);
        assertLockStep(demo, inputs(), 600);
    }

    @Test
    void separationAndWrapAreBitExactOnEveryBackend() {
        Scene swarm = Presets.get("swarm", 30_000);
        assertLockStep(swarm, List.of(new TimedInput(100, new Input.SetBehaviour(new Separation(2.5, 60)))), 250);
        assertLockStep(Presets.get("galaxy", 30_000), List.of(), 250);
    }

    @Test
    void aSceneTheKernelsNeverSawIsBitExactToo() {
        Scene fountain = Presets.get("fountain", 40_000);
        assertLockStep(fountain, List.of(new TimedInput(90, new Input.RemoveBehaviour("boundary"))), 200);
    }
}
