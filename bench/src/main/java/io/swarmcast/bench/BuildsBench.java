package io.swarmcast.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swarmcast.core.scene.InvalidSceneException;
import io.swarmcast.core.scene.Scene;
import io.swarmcast.core.scene.SceneJson;
import io.swarmcast.core.sim.Checksum;
import io.swarmcast.core.sim.ParticleState;
import io.swarmcast.persistence.snapshot.ParticleCodec;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code swarmcast bench builds}: two builds of the engine (core and gpu-kernels) step the same world in
 * one JVM, a step each in turn, on the java backend. Runs in separate JVMs minutes apart can differ by
 * more than a change is worth on a shared machine; here both see the same machine at the same moment.
 * Each build is loaded by its own class loader, which takes {@code io.swarmcast.core} and
 * {@code io.swarmcast.engine} from that build and everything else from this one. The scene crosses as
 * JSON, a saved state as arrays, so the two builds need only agree on those.
 */
@Command(name = "builds", mixinStandardHelpOptions = true,
    description = "Time whole steps of two builds of the engine in one JVM, alternating, on the java backend.")
public final class BuildsBench implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] STATE_ARRAYS = {"px", "py", "pz", "vx", "vy", "vz", "age", "attr"};

    @Option(names = "--a", required = true, description = "The first build: a directory holding its "
        + "swarmcast-core and swarmcast-gpu-kernels jars, or their jars or class directories joined by the "
        + "path separator (':' on Linux).")
    String a;

    @Option(names = "--b", required = true, description = "The second build, the same way.")
    String b;

    @Mixin
    SceneOptions world;

    @Option(names = "--warmup", description = "Untimed steps of each build first (default: ${DEFAULT-VALUE}).")
    int warmup = 1500;

    @Option(names = "--steps", description = "Timed steps of each build (default: ${DEFAULT-VALUE}).")
    int steps = 200;

    @Option(names = "--state", description = "Start from this saved state (a snapshot as SeparationBenchmark "
        + "saves it) instead of tick 0; needs --tick.")
    Path state;

    @Option(names = "--tick", description = "The tick of --state.")
    Long tick;

    @Option(names = "--json", description = "One JSON object per build, nothing else on stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        int particles = world.particles;
        if (particles < 1 || steps < 1 || warmup < 0 || (state == null) != (tick == null) || tick != null && tick < 0) {
            System.err.println("error: --particles and --steps must be at least 1, --warmup at least 0, "
                + "and --state and --tick (0 or more) go together");
            return 2;
        }
        String sceneJson;
        String sceneName;
        ParticleState start = null;
        List<Build> builds = new ArrayList<>();
        try {
            Scene s = world.load();
            sceneJson = SceneJson.write(s);
            sceneName = s.name();
            if (state != null) {
                start = ParticleCodec.decode(Files.readAllBytes(state));
                if (start.count() != particles) {
                    throw new IllegalArgumentException(state + " holds " + start.count() + " particles, not " + particles);
                }
            }
            builds.add(new Build("a", a));
            builds.add(new Build("b", b));
        } catch (InvalidSceneException | IllegalArgumentException | IOException e) {
            System.err.println("error: " + e.getMessage());
            builds.forEach(Build::close);
            return 2;
        }
        try {
            return race(builds, sceneJson, sceneName, start);
        } catch (InvocationTargetException e) {
            // the build's own refusal (a scene or state it does not accept): its message, not a stack trace
            Throwable cause = e.getCause();
            System.err.println("error: a build failed: " + cause);
            return 2;
        } catch (ReflectiveOperationException e) {
            System.err.println("error: a build lacks what this command calls (" + e + "); it may predate it");
            return 2;
        } finally {
            builds.forEach(Build::close);
        }
    }

    private int race(List<Build> builds, String sceneJson, String sceneName, ParticleState start) throws Exception {
        for (Build build : builds) {
            build.start(sceneJson, start, tick == null ? 0 : tick);
        }
        for (int i = 0; i < warmup; i++) {
            for (Build build : builds) {
                build.step();
            }
        }
        double[][] ms = new double[2][steps];
        for (int i = 0; i < steps; i++) {
            // each goes first every other step, so neither always finds the caches as the other left them
            for (int k = 0; k < 2; k++) {
                int which = i % 2 == 0 ? k : 1 - k;
                long t0 = System.nanoTime();
                builds.get(which).step();
                ms[which][i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        long from = (tick == null ? 0 : tick) + warmup;
        List<String> checksums = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            Build build = builds.get(k);
            double[] sorted = ms[k].clone();
            Arrays.sort(sorted);
            ObjectNode row = JSON.createObjectNode();
            row.put("build", build.name);
            row.put("classpath", build.where);
            row.put("scene", sceneName);
            row.put("particles", world.particles);
            row.put("ticks", from + "-" + (from + steps));
            ObjectNode t = row.putObject("step_ms");
            t.put("min", round(sorted[0]));
            t.put("median", round(sorted[steps / 2]));
            t.put("p90", round(sorted[Math.min(steps - 1, steps * 9 / 10)]));
            String sum = Checksum.hex(build.checksum());
            row.put("checksum", sum);
            checksums.add(sum);
            System.out.println(json ? JSON.writeValueAsString(row) : String.format("%s  ticks %s  median %.3f ms, min %.3f, p90 %.3f | checksum %s | %s",
                build.name, row.get("ticks").asText(), t.get("median").asDouble(), t.get("min").asDouble(),
                t.get("p90").asDouble(), sum, build.where));
        }
        boolean agree = checksums.get(0).equals(checksums.get(1));
        if (!json) {
            System.out.println(agree ? "checksums agree" : "checksums DIFFER " + checksums);
        }
        return agree ? 0 : 1;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** One build: its class loader and, once started, its simulation. */
    private static final class Build {
        final String name;
        final String where;
        final URLClassLoader loader;
        Object simulation;
        Method step;
        Method checksum;

        Build(String name, String spec) throws IOException {
            this.name = name;
            List<Path> paths = paths(spec);
            this.where = paths.toString();
            URL[] urls = new URL[paths.size()];
            for (int i = 0; i < urls.length; i++) {
                urls[i] = paths.get(i).toUri().toURL();
            }
            this.loader = new EngineFirst(urls, BuildsBench.class.getClassLoader());
            try {
                loader.loadClass("io.swarmcast.engine.Simulation");
                loader.loadClass("io.swarmcast.core.scene.SceneJson");
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException("build " + name + " (" + spec + ") holds no " + e.getMessage()
                    + ": give the directory of its swarmcast-core and swarmcast-gpu-kernels jars");
            }
        }

        /** A directory holding the two jars, or a list of jars and class directories. */
        private static List<Path> paths(String spec) throws IOException {
            Path dir = Path.of(spec);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    List<Path> jars = files.filter(p -> {
                        String f = p.getFileName().toString();
                        return f.endsWith(".jar") && (f.startsWith("swarmcast-core-") || f.startsWith("swarmcast-gpu-kernels-"));
                    }).sorted().toList();
                    if (!jars.isEmpty()) {
                        return jars;
                    }
                }
            }
            List<Path> out = new ArrayList<>();
            for (String part : spec.split(File.pathSeparator)) {
                Path p = Path.of(part);
                if (!Files.exists(p)) {
                    throw new IllegalArgumentException("no such file or directory: " + p);
                }
                out.add(p);
            }
            return out;
        }

        void start(String sceneJson, ParticleState from, long tick) throws ReflectiveOperationException {
            Class<?> sceneClass = loader.loadClass("io.swarmcast.core.scene.Scene");
            Object scene = loader.loadClass("io.swarmcast.core.scene.SceneJson").getMethod("parse", String.class)
                .invoke(null, sceneJson);
            Object backend = loader.loadClass("io.swarmcast.engine.jvm.JavaBackend").getConstructor().newInstance();
            Class<?> backendClass = loader.loadClass("io.swarmcast.engine.Backend");
            Class<?> sim = loader.loadClass("io.swarmcast.engine.Simulation");
            if (from == null) {
                simulation = sim.getMethod("create", sceneClass, backendClass).invoke(null, scene, backend);
            } else {
                Class<?> stateClass = loader.loadClass("io.swarmcast.core.sim.ParticleState");
                Object state = stateClass.getConstructor(int.class).newInstance(from.count());
                for (String field : STATE_ARRAYS) {
                    Object src = ParticleState.class.getField(field).get(from);
                    System.arraycopy(src, 0, stateClass.getField(field).get(state), 0, from.count());
                }
                simulation = sim.getMethod("restore", sceneClass, long.class, stateClass, backendClass)
                    .invoke(null, scene, tick, state, backend);
            }
            step = sim.getMethod("step");
            checksum = sim.getMethod("checksum");
        }

        void step() throws IllegalAccessException, InvocationTargetException {
            step.invoke(simulation);
        }

        long checksum() throws IllegalAccessException, InvocationTargetException {
            return (long) checksum.invoke(simulation);
        }

        void close() {
            try {
                if (simulation instanceof AutoCloseable c) {
                    c.close();
                }
                loader.close();
            } catch (Exception e) {
                System.err.println("warning: closing build " + name + ": " + e);
            }
        }
    }

    /**
     * Loads the engine's packages from its own URLs before asking its parent, so that a build's core and
     * gpu-kernels replace the ones this command was started with; everything else comes from the parent.
     */
    private static final class EngineFirst extends URLClassLoader {
        EngineFirst(URL[] urls, ClassLoader parent) {
            super(urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("io.swarmcast.core.") && !name.startsWith("io.swarmcast.engine.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = findClass(name);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }

        @Override
        public URL getResource(String name) {
            URL own = findResource(name);
            return own != null ? own : super.getResource(name);
        }
    }
}
