package io.swarmcast.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swarmcast.core.scene.InvalidSceneException;
import io.swarmcast.core.scene.Scene;
import io.swarmcast.core.sim.Checksum;
import io.swarmcast.engine.Backend;
import io.swarmcast.engine.BackendKind;
import io.swarmcast.engine.BackendUnavailableException;
import io.swarmcast.engine.Backends;
import io.swarmcast.engine.Simulation;
import io.swarmcast.engine.jvm.SimThreads;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code swarmcast bench sim}: times the particle step on each backend, with the memory floor and a
 * naive baseline measured in the same run for comparison. Every backend starts from the same state
 * and takes the same steps, so their final checksums must agree; the command says whether they do.
 */
@Command(name = "sim", mixinStandardHelpOptions = true,
    description = "Time one simulation step per backend, against the memory floor and a naive baseline.")
public final class SimBench implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    SceneOptions world;

    @Option(names = "--steps", description = "Timed steps per backend (default: ${DEFAULT-VALUE}).")
    int steps = 200;

    @Option(names = "--warmup", description = "Untimed steps first: the JIT compiles the step and the scene settles into its steady state (default: ${DEFAULT-VALUE}).")
    int warmup = 1500;

    @Option(names = "--backend", description = "opencl, java, java-scalar, auto or all (default: ${DEFAULT-VALUE}).")
    String backend = "all";

    @Option(names = "--baseline-steps", description = "Steps timed for the naive baseline; 0 skips it (default: ${DEFAULT-VALUE}).")
    int baselineSteps = 10;

    @Option(names = "--json", description = "One JSON object per backend, nothing else on stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (world.particles < 1 || steps < 1 || warmup < 0 || baselineSteps < 0) {
            System.err.println("error: --particles and --steps must be at least 1, --warmup and --baseline-steps at least 0");
            return 2;
        }
        Scene s;
        List<BackendKind> kinds;
        try {
            s = world.load();
            kinds = kinds();
        } catch (InvalidSceneException | IllegalArgumentException | IOException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        double floorMs = MemoryFloor.measure(world.particles, 20);
        double baselineMs = baselineSteps > 0 ? baseline(s) : Double.NaN;
        Set<String> checksums = new LinkedHashSet<>();
        List<ObjectNode> rows = new ArrayList<>();
        for (BackendKind kind : kinds) {
            ObjectNode row = run(kind, s, floorMs, baselineMs);
            if (row.has("checksum")) {
                checksums.add(row.get("checksum").asText());
            }
            rows.add(row);
            System.out.println(json ? JSON.writeValueAsString(row) : human(row));
        }
        if (!json) {
            System.out.printf("memory floor %.3f ms, naive baseline %.1f ms; checksums %s%n", floorMs, baselineMs,
                checksums.size() <= 1 ? "agree" : "DIFFER " + checksums);
        }
        return checksums.size() <= 1 ? 0 : 1;
    }

    private List<BackendKind> kinds() {
        if (backend.equals("all")) {
            return List.of(BackendKind.JAVA, BackendKind.JAVA_SCALAR, BackendKind.OPENCL);
        }
        List<BackendKind> out = new ArrayList<>();
        for (String name : backend.split(",")) {
            out.add(BackendKind.parse(name));
        }
        return out;
    }

    private ObjectNode run(BackendKind kind, Scene s, double floorMs, double baselineMs) {
        ObjectNode row = JSON.createObjectNode();
        row.put("backend", kind.label());
        row.put("scene", s.name());
        row.put("particles", world.particles);
        row.put("steps", steps);
        row.put("jdk", Runtime.version().toString());
        row.put("cores", SimThreads.parallelism());
        Backend b;
        try {
            b = Backends.create(kind, s);
        } catch (BackendUnavailableException e) {
            row.put("error", e.getMessage());
            return row;
        }
        try (Simulation sim = Simulation.create(s, b)) {
            if (kind == BackendKind.AUTO) {
                row.put("backend", "auto:" + b.name());
            }
            row.put("device", b.device());
            for (int i = 0; i < warmup; i++) {
                sim.step();
            }
            Histogram h = new Histogram(3_600_000_000_000L, 3);
            for (int i = 0; i < steps; i++) {
                long t0 = System.nanoTime();
                sim.step();
                h.recordValue(System.nanoTime() - t0);
            }
            double median = h.getValueAtPercentile(50) / 1e6;
            row.put("checksum", Checksum.hex(sim.checksum()));
            row.put("tick", sim.tick());
            ObjectNode ms = row.putObject("step_ms");
            ms.put("min", round(h.getMinValue() / 1e6));
            ms.put("median", round(median));
            ms.put("p99", round(h.getValueAtPercentile(99) / 1e6));
            ms.put("max", round(h.getMaxValue() / 1e6));
            row.put("floor_ms", round(floorMs));
            row.put("baseline_ms", round(baselineMs));
            row.put("x_floor", round(median / floorMs));
            row.put("speedup_vs_baseline", round(baselineMs / median));
        } catch (RuntimeException e) {
            row.put("error", e.toString());
        }
        return row;
    }

    /** Median step of the naive baseline, after two untimed steps. */
    private double baseline(Scene s) {
        NaiveSimulation naive = new NaiveSimulation(s);
        naive.step();
        naive.step();
        double[] ms = new double[baselineSteps];
        for (int i = 0; i < baselineSteps; i++) {
            long t0 = System.nanoTime();
            naive.step();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        java.util.Arrays.sort(ms);
        return ms[ms.length / 2];
    }

    private static double round(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 1000) / 1000.0;
    }

    private static String human(ObjectNode r) {
        if (r.has("error")) {
            return String.format("%-12s unavailable: %s", r.get("backend").asText(), r.get("error").asText());
        }
        return String.format("%-12s %s%n             %d particles: median %.3f ms, min %.3f, p99 %.3f | %.1fx floor, %.1fx faster than baseline | checksum %s",
            r.get("backend").asText(), r.get("device").asText(), r.get("particles").asInt(),
            r.get("step_ms").get("median").asDouble(), r.get("step_ms").get("min").asDouble(),
            r.get("step_ms").get("p99").asDouble(), r.get("x_floor").asDouble(), r.get("speedup_vs_baseline").asDouble(),
            r.get("checksum").asText());
    }
}
