package io.swarmcast.engine;

import io.swarmcast.core.scene.Scene;
import io.swarmcast.core.sim.InitialState;
import io.swarmcast.core.sim.KernelParams;
import io.swarmcast.core.sim.ParticleState;
import io.swarmcast.engine.jvm.JavaBackend;
import io.swarmcast.engine.jvm.SimThreads;
import io.swarmcast.engine.opencl.OpenClBackend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates backends by kind; {@code auto} measures the candidates on the real scene and keeps the fastest. */
public final class Backends {
    private static final Logger LOG = LoggerFactory.getLogger(Backends.class);
    private static final int CALIBRATION_WARMUP = 8;
    private static final int CALIBRATION_STEPS = 12;

    private Backends() {
    }

    /**
     * The backend configured at {@code swarmcast.engine.backend} (see this module's reference.conf),
     * for {@code scene}. A bad value is refused with the choices.
     */
    public static Backend fromConfig(com.typesafe.config.Config config, Scene scene) {
        String name = config.getString("swarmcast.engine.backend");
        BackendKind kind;
        try {
            kind = BackendKind.parse(name);
        } catch (IllegalArgumentException e) {
            throw new com.typesafe.config.ConfigException.BadValue("swarmcast.engine.backend", e.getMessage());
        }
        return create(kind, scene);
    }

    public static Backend create(BackendKind kind, Scene scene) {
        return switch (kind) {
            case OPENCL -> OpenClBackend.create();
            case JAVA -> new JavaBackend(true, SimThreads.parallelism());
            case JAVA_SCALAR -> new JavaBackend(false, SimThreads.parallelism());
            case AUTO -> calibrate(scene).backend();
        };
    }

    /** What calibration measured and chose. */
    public record Calibration(Backend backend, List<String> report) {
    }

    /**
     * Times each available backend on {@code scene} from its initial state and returns the fastest.
     * Backends that cannot run here are skipped with the reason logged.
     */
    public static Calibration calibrate(Scene scene) {
        KernelParams params = new KernelParams();
        params.compile(scene);
        ParticleState initial = InitialState.create(params);
        List<String> report = new ArrayList<>();
        Backend best = null;
        double bestMs = Double.MAX_VALUE;
        for (BackendKind kind : List.of(BackendKind.JAVA, BackendKind.OPENCL)) {
            Backend candidate;
            try {
                candidate = create(kind, scene);
            } catch (BackendUnavailableException e) {
                report.add(kind.label() + ": unavailable (" + e.getMessage() + ")");
                continue;
            }
            double ms;
            try {
                ms = medianStepMs(candidate, initial, params);
            } catch (RuntimeException e) {
                report.add(kind.label() + ": failed (" + e.getMessage() + ")");
                candidate.close();
                continue;
            }
            report.add(String.format("%s: %.2f ms/step on %s", kind.label(), ms, candidate.device()));
            if (ms < bestMs) {
                if (best != null) {
                    best.close();
                }
                best = candidate;
                bestMs = ms;
            } else {
                candidate.close();
            }
        }
        if (best == null) {
            throw new BackendUnavailableException("no backend could run: " + report);
        }
        LOG.info("auto backend: chose {} ({}) for {} particles; measured {}", best.name(), best.device(),
            scene.particles(), report);
        return new Calibration(best, report);
    }

    private static double medianStepMs(Backend b, ParticleState initial, KernelParams params) {
        b.load(initial, params);
        double[] ms = new double[CALIBRATION_STEPS];
        for (int s = 0; s < CALIBRATION_WARMUP + CALIBRATION_STEPS; s++) {
            params.setTick(s);
            long t0 = System.nanoTime();
            b.step(params);
            if (s >= CALIBRATION_WARMUP) {
                ms[s - CALIBRATION_WARMUP] = (System.nanoTime() - t0) / 1e6;
            }
        }
        params.setTick(0);
        Arrays.sort(ms);
        return ms[ms.length / 2];
    }
}
