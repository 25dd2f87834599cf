package io.swarmcast.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swarmcast.core.input.Input;
import io.swarmcast.core.input.TimedInput;
import io.swarmcast.core.scene.InvalidSceneException;
import io.swarmcast.core.scene.Presets;
import io.swarmcast.core.scene.Scene;
import io.swarmcast.core.scene.Vec3;
import io.swarmcast.core.sim.ParticleState;
import io.swarmcast.engine.jvm.JavaBackend;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulationTest {
    private final Scene small = Presets.get("small");

    @Test
    void inputsForPastTicksAreRefused() {
        try (Simulation sim = Simulation.create(small, new JavaBackend())) {
            sim.step();
            sim.step();
            InvalidSceneException e = assertThrows(InvalidSceneException.class,
                () -> sim.submit(new TimedInput(1, new Input.RemoveField("centre"))));
            assertEquals("tick", e.field());
        }
    }

    @Test
    void aQueuedInputThatBecameIllegalIsReportedAndTheWorldGoesOn() {
        try (Simulation sim = Simulation.create(small, new JavaBackend())) {
            List<TimedInput> rejected = new ArrayList<>();
            sim.onRejected((in, e) -> rejected.add(in));
            sim.submit(new TimedInput(3, new Input.RemoveField("centre")));
            sim.submit(new TimedInput(3, new Input.MoveField("centre", Vec3.ZERO)));
            for (int t = 0; t < 5; t++) {
                sim.step();
            }
            assertEquals(1, rejected.size());
            assertTrue(sim.scene().byTarget("centre").isEmpty());
            assertEquals(5, sim.tick());
        }
    }

    @Test
    void resumingFromASnapshotGivesTheSameFutureAsNeverStopping() {
        List<TimedInput> log = List.of(new TimedInput(40, new Input.MoveField("centre", new Vec3(10, 0, 0))),
            new TimedInput(130, new Input.RemoveEmitter("spark")));
        List<Long> uninterrupted = new ArrayList<>();
        try (Simulation sim = Simulation.create(small, new JavaBackend())) {
            log.forEach(sim::submit);
            for (int t = 0; t < 200; t++) {
                sim.step();
                uninterrupted.add(sim.checksum());
            }
        }
        Scene sceneAt100;
        ParticleState stateAt100;
        try (Simulation sim = Simulation.create(small, new JavaBackend())) {
            log.forEach(sim::submit);
            for (int t = 0; t < 100; t++) {
                sim.step();
            }
            sceneAt100 = sim.scene();
            stateAt100 = sim.snapshot();
        }
        try (Simulation resumed = Simulation.restore(sceneAt100, 100, stateAt100, new JavaBackend(false, 1))) {
            resumed.submit(log.get(1));
            for (int t = 100; t < 200; t++) {
                resumed.step();
                assertEquals(uninterrupted.get(t), resumed.checksum(), "tick " + resumed.tick());
            }
        }
    }

    @Test
    void theParticleCountOfARunningWorldCannotChange() {
        try (Simulation sim = Simulation.create(small, new JavaBackend())) {
            assertThrows(InvalidSceneException.class, () -> sim.applyNow(new TimedInput(0,
                new Input.SetParameters("spark", (com.fasterxml.jackson.databind.node.ObjectNode)
                    io.swarmcast.core.scene.SceneJson.MAPPER.readTree("{\"pool\": 100000}")))));
            assertEquals(small, sim.scene());
        }
    }

    @Test
    void unknownBackendNamesAreRefusedWithTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BackendKind.parse("cuda"));
        assertTrue(e.getMessage().contains("opencl") && e.getMessage().contains("java"), e.getMessage());
    }

    @Test
    void autoCalibratesOnTheRealSceneAndReportsWhatItMeasured() {
        Backends.Calibration c = Backends.calibrate(small);
        try {
            assertTrue(c.report().stream().anyMatch(r -> r.startsWith("java:")), c.report().toString());
            assertTrue(c.report().stream().anyMatch(r -> r.startsWith("opencl:")), c.report().toString());
            try (Simulation sim = Simulation.create(small, c.backend())) {
                sim.step();
                assertTrue(sim.tick() == 1);
            }
        } finally {
            c.backend().close();
        }
    }
}
