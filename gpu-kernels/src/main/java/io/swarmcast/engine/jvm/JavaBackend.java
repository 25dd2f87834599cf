package io.swarmcast.engine.jvm;

import io.swarmcast.core.sim.Checksum;
import io.swarmcast.core.sim.Fixed;
import io.swarmcast.core.sim.KernelParams;
import io.swarmcast.core.sim.ParticleState;
import io.swarmcast.engine.Backend;
import io.swarmcast.engine.kernel.ParticleKernel;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Steps particles on the JVM over all cores. Per particle it runs the same {@link ParticleKernel}
 * code the OpenCL backend translates, or, where the running JDK has the Vector API, the
 * {@link VectorStepper} that computes the same integers eight particles at a time. The checksum is
 * accumulated in the same pass as the step, while the particle is in registers.
 */
public final class JavaBackend implements Backend {
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final int ALIGN = 64;

    private final ParticleKernel kernel = new ParticleKernel();
    private final VectorStepper vector;
    /** The sweep grid for separation, with the Vector API; null runs the kernel's grid passes. */
    private final SeparationGrid grid;
    private final int chunks;
    private final long[] chunkHigh;
    private final long[] chunkLow;
    private ParticleState state;
    private long checksum;

    /**
     * @param useVector use the Vector API when the JDK has it; false forces the scalar kernel
     * @param threads   worker count, at most the shared pool's size
     */
    public JavaBackend(boolean useVector, int threads) {
        this.vector = useVector && vectorApiAvailable() ? VectorStepper.createIfAvailable(kernel) : null;
        // 8 chunks a thread balance the two cores of a small machine best (measured: 4 per thread left a
        // slower, noisier tail)
        this.chunks = Math.max(1, threads) * 8;
        this.grid = vector != null ? new SeparationGrid(chunks) : null;
        this.chunkHigh = new long[chunks];
        this.chunkLow = new long[chunks];
    }

    public JavaBackend() {
        this(true, SimThreads.parallelism());
    }

    /**
     * Whether this JVM can run the Vector API path: the incubator module must be resolved (the launcher
     * passes {@code --add-modules jdk.incubator.vector}) and the CPU must have 256-bit vectors or wider.
     */
    public static boolean vectorApiAvailable() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() && VectorStepper.usable();
    }

    public boolean vectorized() {
        return vector != null;
    }

    @Override
    public String name() {
        return "java";
    }

    @Override
    public String device() {
        String jdk = "JDK " + Runtime.version().feature();
        String how = vector != null ? "Vector API " + vector.describe() : "scalar";
        return jdk + " " + how + ", " + SimThreads.parallelism() + " threads";
    }

    @Override
    public void load(ParticleState s, KernelParams params) {
        state = s.copy();
        kernel.bind(state, params);
        kernel.gridStart = null;
        checksum = Checksum.of(state);
    }

    @Override
    public void step(KernelParams params) {
        kernel.pi = params.ints;
        kernel.pd = params.doubles;
        int n = state.count();
        // the sweep grid leaves its velocity changes pending, and the vector stepper adds them block by
        // block as it loads the velocities
        SeparationGrid pending = null;
        if (params.separationOn()) {
            if (grid != null && grid.separateDeferred(kernel, n)) {
                pending = grid;
            } else {
                separate(n);
            }
        }
        SeparationGrid separation = pending;
        SimThreads.forChunks(n, chunks, ALIGN, (chunk, from, to) -> {
            if (vector != null) {
                vector.step(from, to, chunk, chunkHigh, chunkLow, separation);
            } else {
                stepScalar(from, to, chunk);
            }
        });
        long high = 0;
        long low = 0;
        for (int c = 0; c < chunks; c++) {
            high += chunkHigh[c];
            low += chunkLow[c];
            chunkHigh[c] = 0;
            chunkLow[c] = 0;
        }
        checksum = Checksum.combine(high, low);
    }

    private void stepScalar(int from, int to, int chunk) {
        ParticleKernel k = kernel;
        long high = 0;
        long low = 0;
        for (int i = from; i < to; i++) {
            k.step(i);
            int aa = Checksum.ageAttr(k.age[i], k.attr[i]);
            high += Checksum.mixHigh(i, k.px[i], k.py[i], k.pz[i], k.vx[i], k.vy[i], k.vz[i], aa);
            low += Checksum.mixLow(i, k.px[i], k.py[i], k.pz[i], k.vx[i], k.vy[i], k.vz[i], aa) & 0xFFFFFFFFL;
        }
        chunkHigh[chunk] = high;
        chunkLow[chunk] = low;
    }

    /**
     * Builds the kernel's bucket grid (counting sort by bucket) and applies separation to velocities
     * with {@link ParticleKernel#separate}: the scalar backend's path, and the fallback of the sweep grid.
     */
    private void separate(int n) {
        ParticleKernel k = kernel;
        k.sizeGrid(n);
        int[] start = k.gridStart;
        java.util.Arrays.fill(start, 0);
        SimThreads.forChunks(n, chunks, ALIGN, (chunk, from, to) -> {
            for (int i = from; i < to; i++) {
                if (k.age[i] != Fixed.DEAD) {
                    INTS.getAndAdd(start, k.bucketOf(i), 1);
                }
            }
        });
        int sum = 0;
        for (int b = 0; b < k.buckets; b++) {
            sum += start[b];
            start[b] = sum;
        }
        start[k.buckets] = sum;
        SimThreads.forChunks(n, chunks, ALIGN, (chunk, from, to) -> {
            for (int i = from; i < to; i++) {
                if (k.age[i] != Fixed.DEAD) {
                    k.place((int) INTS.getAndAdd(start, k.bucketOf(i), -1) - 1, i);
                }
            }
        });
        SimThreads.forChunks(n, chunks, ALIGN, (chunk, from, to) -> {
            for (int i = from; i < to; i++) {
                k.separate(i);
            }
        });
    }

    @Override
    public long checksum() {
        return checksum;
    }

    @Override
    public void read(ParticleState into) {
        into.copyFrom(state);
    }

    @Override
    public void close() {
        state = null;
    }
}
