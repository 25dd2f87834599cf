package io.swarmcast.engine.jvm;

import io.swarmcast.core.scene.Presets;
import io.swarmcast.core.scene.SceneJson;
import io.swarmcast.core.scene.Scene;
import io.swarmcast.core.scene.SceneValidator;
import io.swarmcast.core.scene.Separation;
import io.swarmcast.core.sim.Checksum;
import io.swarmcast.core.sim.KernelParams;
import io.swarmcast.core.sim.ParticleState;
import io.swarmcast.engine.Simulation;
import io.swarmcast.engine.kernel.ParticleKernel;
import io.swarmcast.persistence.snapshot.ParticleCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Java backend's separation pass alone ({@link SeparationGrid#separate}), on the state the demo with
 * separation reaches at a given tick. {@code bench sim} times whole steps from tick 0; this one holds one
 * state still, so that a change to the sweep or the build can be compared in isolation, and at ticks
 * that a whole run would take minutes to reach. It sits in the grid's package because the grid is not
 * public. Run with {@code bin/swarmcast bench jmh SeparationBenchmark} (add {@code -p tick=5000} for a
 * denser state; stepping there is part of the set-up).
 *
 * <p>Stepping to a late tick takes minutes (tick 40,000: about ten), so {@code -p states=DIR} keeps the
 * stepped state in DIR, one file per scene, particle count, radius and tick, and later runs start from
 * it. The file holds the state as the engine of the run that saved it computed it: after a change to
 * the physics, empty DIR. A change to the separation pass alone leaves the states valid, which is what
 * this benchmark is for.
 *
 * <p>Each call adds the separation to the same positions' velocities again: the work depends only on
 * the positions, and the velocities stay clamped to the maximum.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class SeparationBenchmark {
    @Param({"1500"})
    public int tick;

    @Param({"500000"})
    public int particles;

    /** Separation radius, world units (strength 100, as {@code bench sim --separation}). */
    @Param({"0.5"})
    public double radius;

    /** A directory that keeps stepped states between runs; empty: step from tick 0 every run. */
    @Param({""})
    public String states;

    private ParticleKernel kernel;
    private SeparationGrid grid;
    private int count;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        if (tick < 0 || particles < 1) {
            throw new IllegalArgumentException("tick must be 0 or more and particles 1 or more; got tick " + tick
                + ", particles " + particles);
        }
        Scene scene = SceneValidator.requireValid(
            Presets.get("demo", particles).removing(Separation.TYPE).adding(new Separation(radius, 100)));
        ParticleState state = states.isEmpty() ? step(scene) : saved(scene);
        KernelParams params = new KernelParams();
        params.compile(scene);
        params.setTick(tick);
        kernel = new ParticleKernel();
        kernel.bind(state, params);
        count = state.count();
        grid = new SeparationGrid(SimThreads.parallelism() * 8);
        if (!grid.separate(kernel, count)) {
            throw new IllegalStateException("the sweep grid refused this state (positions outside the bounds?)");
        }
    }

    private ParticleState step(Scene scene) {
        try (Simulation sim = Simulation.create(scene, new JavaBackend())) {
            for (int i = 0; i < tick; i++) {
                sim.step();
            }
            return sim.snapshot();
        }
    }

    /**
     * The state at {@link #tick} from {@link #states}, stepped and saved there first if it is not. The
     * file's name holds a hash of the scene's JSON, so another scene, count or radius is another file.
     */
    private ParticleState saved(Scene scene) throws IOException {
        String key = Integer.toHexString(SceneJson.write(scene).hashCode());
        Path file = Path.of(states).resolve("separation-" + scene.name() + "-" + particles + "-t" + tick + "-" + key + ".snap");
        if (Files.isRegularFile(file)) {
            ParticleState state = ParticleCodec.decode(Files.readAllBytes(file));
            if (state.count() != particles) {
                throw new IllegalStateException(file + " holds " + state.count() + " particles, not " + particles);
            }
            System.out.println("state at tick " + tick + " read from " + file + ", checksum " + Checksum.hex(state.checksum()));
            return state;
        }
        ParticleState state = step(scene);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path part = file.resolveSibling(file.getFileName() + ".part");
        Files.write(part, ParticleCodec.encode(state));
        Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("state at tick " + tick + " saved to " + file + ", checksum " + Checksum.hex(state.checksum()));
        return state;
    }

    @Benchmark
    public int separate() {
        grid.separate(kernel, count);
        return kernel.vx[count - 1];
    }
}
