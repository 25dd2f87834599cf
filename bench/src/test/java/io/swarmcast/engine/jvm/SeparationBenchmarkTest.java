package io.swarmcast.engine.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swarmcast.core.scene.Presets;
import io.swarmcast.core.scene.SceneValidator;
import io.swarmcast.core.scene.Separation;
import io.swarmcast.core.sim.ParticleState;
import io.swarmcast.engine.Simulation;
import io.swarmcast.persistence.snapshot.ParticleCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeparationBenchmarkTest {
    private static final int PARTICLES = 3_000;
    private static final int TICK = 40;

    @TempDir
    Path dir;

    private SeparationBenchmark benchmark(int tick) {
        SeparationBenchmark b = new SeparationBenchmark();
        b.tick = tick;
        b.particles = PARTICLES;
        b.radius = 0.5;
        b.states = dir.toString();
        return b;
    }

    @Test
    void savesTheSteppedStateAndReadsItBackOnTheNextRun() throws Exception {
        benchmark(TICK).setUp();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.toList();
        }
        assertEquals(1, files.size(), "one state file: " + files);
        ParticleState saved = ParticleCodec.decode(Files.readAllBytes(files.get(0)));
        try (Simulation sim = Simulation.create(SceneValidator.requireValid(
            Presets.get("demo", PARTICLES).removing(Separation.TYPE).adding(new Separation(0.5, 100))), new JavaBackend())) {
            for (int i = 0; i < TICK; i++) {
                sim.step();
            }
            assertEquals(sim.checksum(), saved.checksum(), "the file holds the state at tick " + TICK);
        }
        // a file that is there is read, not stepped again: one of another size is refused by name
        Files.write(files.get(0), ParticleCodec.encode(new ParticleState(10)));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> benchmark(TICK).setUp());
        assertTrue(e.getMessage().contains("holds 10 particles, not " + PARTICLES), e.getMessage());
    }

    @Test
    void anotherTickIsAnotherFile() throws Exception {
        benchmark(TICK).setUp();
        benchmark(TICK + 1).setUp();
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(2, s.count());
        }
    }

    @Test
    void refusesANegativeTick() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> benchmark(-1).setUp());
        assertTrue(e.getMessage().contains("tick"), e.getMessage());
    }
}
