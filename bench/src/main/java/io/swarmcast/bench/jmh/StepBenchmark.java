package io.swarmcast.bench.jmh;

import io.swarmcast.core.scene.Presets;
import io.swarmcast.core.scene.Scene;
import io.swarmcast.engine.BackendKind;
import io.swarmcast.engine.Backends;
import io.swarmcast.engine.Simulation;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH cross-check of {@code bench sim}: the distribution of one step of a preset on one backend,
 * sampled by JMH's own harness. Run with {@code bin/swarmcast bench jmh StepBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class StepBenchmark {
    @Param({"java"})
    public String backend;

    @Param({"500000"})
    public int particles;

    @Param({"demo"})
    public String scene;

    private Simulation sim;

    @Setup(Level.Trial)
    public void setUp() {
        Scene s = Presets.get(scene, particles);
        sim = Simulation.create(s, Backends.create(BackendKind.parse(backend), s));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        sim.close();
    }

    @Benchmark
    public long step() {
        sim.step();
        return sim.checksum();
    }
}
