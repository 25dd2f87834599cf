package io.swarmcast.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swarmcast.core.scene.Presets;
import io.swarmcast.core.scene.SceneValidator;
import io.swarmcast.core.scene.Separation;
import io.swarmcast.core.sim.Checksum;
import io.swarmcast.core.sim.ParticleState;
import io.swarmcast.engine.Simulation;
import io.swarmcast.engine.jvm.JavaBackend;
import io.swarmcast.persistence.snapshot.ParticleCodec;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildsBenchTest {
    private static final int PARTICLES = 4_000;

    @TempDir
    Path dir;

    /** This build's core and gpu-kernels, as jars or class directories, joined as --a and --b take them. */
    private static String thisBuild() throws Exception {
        Path core = Path.of(ParticleState.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path engine = Path.of(Simulation.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return core + File.pathSeparator + engine;
    }

    private static List<JsonNode> rows(BenchRun r) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : r.out().strip().split("\n")) {
            rows.add(new ObjectMapper().readTree(line));
        }
        return rows;
    }

    private static long straightChecksum(int ticks) {
        try (Simulation sim = Simulation.create(SceneValidator.requireValid(Presets.get("demo", PARTICLES)
            .removing(Separation.TYPE).adding(new Separation(0.5, 100))), new JavaBackend())) {
            for (int i = 0; i < ticks; i++) {
                sim.step();
            }
            return sim.checksum();
        }
    }

    @Test
    void twoCopiesOfOneBuildStepTheSameWorldInTheirOwnClassLoaders() throws Exception {
        String build = thisBuild();
        BenchRun r = BenchRun.of("builds", "--a", build, "--b", build, "--particles", String.valueOf(PARTICLES), "--separation", "0.5",
            "--warmup", "3", "--steps", "4", "--json");
        assertEquals(0, r.exit(), r.err());
        List<JsonNode> rows = rows(r);
        assertEquals(2, rows.size(), r.out());
        for (JsonNode row : rows) {
            assertEquals("3-7", row.get("ticks").asText());
            assertTrue(row.get("step_ms").get("min").asDouble() > 0, row.toString());
            // the same world as stepping it here, in this class loader
            assertEquals(Checksum.hex(straightChecksum(7)), row.get("checksum").asText());
        }
    }

    @Test
    void aSavedStateResumesWhereItWasSaved() throws Exception {
        ParticleState at5;
        try (Simulation sim = Simulation.create(SceneValidator.requireValid(Presets.get("demo", PARTICLES)
            .removing(Separation.TYPE).adding(new Separation(0.5, 100))), new JavaBackend())) {
            for (int i = 0; i < 5; i++) {
                sim.step();
            }
            at5 = sim.snapshot();
        }
        Path file = dir.resolve("t5.snap");
        Files.write(file, ParticleCodec.encode(at5));
        String build = thisBuild();
        BenchRun r = BenchRun.of("builds", "--a", build, "--b", build, "--particles", String.valueOf(PARTICLES), "--separation", "0.5",
            "--state", file.toString(), "--tick", "5", "--warmup", "2", "--steps", "3", "--json");
        assertEquals(0, r.exit(), r.err());
        for (JsonNode row : rows(r)) {
            assertEquals("7-10", row.get("ticks").asText());
            assertEquals(Checksum.hex(straightChecksum(10)), row.get("checksum").asText());
        }
    }

    @Test
    void refusesAMissingBuildOrAStateWithoutItsTick() throws Exception {
        BenchRun missing = BenchRun.of("builds", "--a", dir.resolve("nope").toString(), "--b", thisBuild(), "--particles", "100");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("no such file or directory"), missing.err());
        // a build without the engine is refused, though this command's own class loader has one: each build's
        // engine comes from the build, never from here
        BenchRun empty = BenchRun.of("builds", "--a", dir.toString(), "--b", thisBuild(), "--particles", "100");
        assertEquals(2, empty.exit());
        assertTrue(empty.err().contains("holds no io.swarmcast"), empty.err());
        BenchRun noTick = BenchRun.of("builds", "--a", thisBuild(), "--b", thisBuild(), "--state", dir.resolve("x").toString());
        assertEquals(2, noTick.exit());
        assertTrue(noTick.err().contains("--state and --tick"), noTick.err());
    }

    @Test
    void refusesAStateFileThatIsMissingCorruptOrOfAnotherSize() throws Exception {
        String build = thisBuild();
        BenchRun missing = BenchRun.of("builds", "--a", build, "--b", build, "--particles", "100",
            "--state", dir.resolve("none.snap").toString(), "--tick", "5");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("none.snap"), missing.err());
        Path junk = dir.resolve("junk.snap");
        Files.writeString(junk, "not a snapshot");
        BenchRun corrupt = BenchRun.of("builds", "--a", build, "--b", build, "--particles", "100",
            "--state", junk.toString(), "--tick", "5");
        assertEquals(2, corrupt.exit());
        assertTrue(corrupt.err().contains("not a particle snapshot"), corrupt.err());
        Path small = dir.resolve("small.snap");
        Files.write(small, ParticleCodec.encode(new ParticleState(10)));
        BenchRun size = BenchRun.of("builds", "--a", build, "--b", build, "--particles", "100",
            "--state", small.toString(), "--tick", "5");
        assertEquals(2, size.exit());
        assertTrue(size.err().contains("holds 10 particles, not 100"), size.err());
    }
}
