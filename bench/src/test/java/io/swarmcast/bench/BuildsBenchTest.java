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
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BuildsBenchTest {
    private static final int PARTICLES = 4_000;

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = new CommandLine(new BenchCli()).execute(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** This build's core and gpu-kernels, as jars or class directories, joined as --a and --b take them. */
    private static String thisBuild() throws Exception {
        Path core = Path.of(ParticleState.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path engine = Path.of(Simulation.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return core + File.pathSeparator + engine;
    }

    private static List<JsonNode> rows(Run r) throws Exception {
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
        Run r = run("builds", "--a", build, "--b", build, "--particles", String.valueOf(PARTICLES), "--separation", "0.5",
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
        Run r = run("builds", "--a", build, "--b", build, "--particles", String.valueOf(PARTICLES), "--separation", "0.5",
            "--state", file.toString(), "--tick", "5", "--warmup", "2", "--steps", "3", "--json");
        assertEquals(0, r.exit(), r.err());
        for (JsonNode row : rows(r)) {
            assertEquals("7-10", row.get("ticks").asText());
            assertEquals(Checksum.hex(straightChecksum(10)), row.get("checksum").asText());
        }
    }

    @Test
    void refusesAMissingBuildOrAStateWithoutItsTick() throws Exception {
        Run missing = run("builds", "--a", dir.resolve("nope").toString(), "--b", thisBuild(), "--particles", "100");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("no such file or directory"), missing.err());
        // a build without the engine is refused, though this command's own class loader has one: each build's
        // engine comes from the build, never from here
        Run empty = run("builds", "--a", dir.toString(), "--b", thisBuild(), "--particles", "100");
        assertEquals(2, empty.exit());
        assertTrue(empty.err().contains("holds no io.swarmcast"), empty.err());
        Run noTick = run("builds", "--a", thisBuild(), "--b", thisBuild(), "--state", dir.resolve("x").toString());
        assertEquals(2, noTick.exit());
        assertTrue(noTick.err().contains("--state and --tick"), noTick.err());
    }
}
