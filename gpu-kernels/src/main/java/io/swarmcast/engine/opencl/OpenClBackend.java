package io.swarmcast.engine.opencl;

import com.aparapi.Range;
import com.aparapi.device.Device;
import com.aparapi.device.OpenCLDevice;
import com.aparapi.internal.kernel.KernelManager;
import io.swarmcast.core.sim.Checksum;
import io.swarmcast.core.sim.KernelParams;
import io.swarmcast.core.sim.ParticleState;
import io.swarmcast.engine.Backend;
import io.swarmcast.engine.BackendUnavailableException;
import io.swarmcast.engine.kernel.ParticleKernel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link ParticleKernel} through Aparapi on an OpenCL device, a GPU when there is one, else a
 * CPU driver such as PoCL. The state stays on the device (explicit transfers): a step uploads only
 * the parameter block and brings back only the checksum partial sums. It never falls back to Java:
 * if Aparapi did not run the kernel on OpenCL, the step fails.
 */
public final class OpenClBackend implements Backend {
    private static final Logger LOG = LoggerFactory.getLogger(OpenClBackend.class);
    private static final int LOCAL = 256;
    private static final int SMALL_LOCAL = 64;
    private static final int MAX_PARTIALS = 16384;

    private final ParticleKernel kernel = new ParticleKernel();
    private final OpenCLDevice device;
    private ParticleState state;
    private Range particleRange;
    private Range partialRange;
    private Range bucketRange;
    private Range blockRange;
    private Range singleRange;
    private long checksum;

    static {
        // Aparapi logs through java.util.logging; send it to SLF4J with the rest of the application
        if (!org.slf4j.bridge.SLF4JBridgeHandler.isInstalled()) {
            org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
            org.slf4j.bridge.SLF4JBridgeHandler.install();
        }
    }

    private OpenClBackend(OpenCLDevice device) {
        this.device = device;
        KernelManager.instance().setPreferredDevices(kernel, new LinkedHashSet<>(List.of(device)));
        kernel.setExplicit(true);
    }

    /** The best OpenCL device here: GPUs first, then CPUs; fails with a hint when there is none. */
    public static OpenClBackend create() {
        requireSignalChaining();
        List<OpenCLDevice> devices = devices();
        if (devices.isEmpty()) {
            throw new BackendUnavailableException("no OpenCL device found: install a GPU driver with OpenCL "
                + "support, or PoCL for the CPU (Debian: apt-get install pocl-opencl-icd ocl-icd-libopencl1)");
        }
        return new OpenClBackend(devices.get(0));
    }

    /**
     * OpenCL drivers built on LLVM (PoCL, and others) install their own SIGSEGV handler while compiling
     * kernels. The JVM uses SIGSEGV for safepoint polls and null checks, so without signal chaining a
     * routine JVM trap later kills the process (seen here: random exit 139, no hs_err file). The JDK's
     * libjsig, preloaded, keeps the JVM's handler first. bin/swarmcast and the test setup preload it.
     */
    static void requireSignalChaining() {
        String preload = System.getenv("LD_PRELOAD");
        if (System.getProperty("os.name", "").startsWith("Linux") && (preload == null || !preload.contains("libjsig"))) {
            throw new BackendUnavailableException("the OpenCL backend needs the JVM's signal chaining: start Java with "
                + "LD_PRELOAD=" + System.getProperty("java.home") + "/lib/libjsig.so (bin/swarmcast does this); "
                + "without it the OpenCL driver's LLVM signal handlers crash the JVM at random");
        }
    }

    /** OpenCL devices in order of preference. */
    public static List<OpenCLDevice> devices() {
        List<OpenCLDevice> out = new ArrayList<>();
        try {
            out.addAll(OpenCLDevice.listDevices(Device.TYPE.GPU));
            out.addAll(OpenCLDevice.listDevices(Device.TYPE.CPU));
        } catch (Throwable e) {
            LOG.debug("OpenCL unavailable", e);
        }
        return out;
    }

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public String device() {
        return "OpenCL " + device.getType() + " " + device.getName() + " (" + device.getOpenCLPlatform().getName()
            + ", " + device.getMaxComputeUnits() + " compute units)";
    }

    @Override
    public void load(ParticleState s, KernelParams params) {
        state = s.copy();
        int n = s.count();
        ParticleKernel k = kernel;
        k.bind(state, params);
        k.gridStart = null;
        k.sizeGrid(n);
        k.partials = Math.min(MAX_PARTIALS, roundUp(n, LOCAL));
        k.partialHigh = new long[k.partials];
        k.partialLow = new long[k.partials];
        particleRange = device.createRange(roundUp(n, LOCAL), LOCAL);
        partialRange = device.createRange(k.partials, Math.min(LOCAL, k.partials));
        singleRange = device.createRange(SMALL_LOCAL, SMALL_LOCAL);
        gridRanges();
        k.put(k.px).put(k.py).put(k.pz).put(k.vx).put(k.vy).put(k.vz).put(k.age).put(k.attr)
            .put(k.pi).put(k.pd).put(k.gridStart).put(k.gridIndex).put(k.gridPos).put(k.scanBlocks)
            .put(k.partialHigh).put(k.partialLow);
        checksum = Checksum.of(state);
    }

    @Override
    public void step(KernelParams params) {
        ParticleKernel k = kernel;
        if (k.pi != params.ints || k.pd != params.doubles) {
            k.pi = params.ints;
            k.pd = params.doubles;
        }
        k.put(k.pi).put(k.pd);
        if (k.sizeGrid(state.count())) {
            gridRanges();
            k.put(k.gridStart).put(k.gridIndex).put(k.gridPos).put(k.scanBlocks);
        }
        if (params.separationOn()) {
            run(ParticleKernel.PASS_GRID_CLEAR, bucketRange);
            run(ParticleKernel.PASS_GRID_COUNT, particleRange);
            run(ParticleKernel.PASS_SCAN_BLOCKS, blockRange);
            run(ParticleKernel.PASS_SCAN_TOP, singleRange);
            run(ParticleKernel.PASS_SCAN_ADD, bucketRange);
            run(ParticleKernel.PASS_GRID_SCATTER, particleRange);
            run(ParticleKernel.PASS_SEPARATE, particleRange);
        }
        run(ParticleKernel.PASS_STEP, particleRange);
        run(ParticleKernel.PASS_CHECKSUM, partialRange);
        k.get(k.partialHigh).get(k.partialLow);
        long high = 0;
        long low = 0;
        for (int g = 0; g < k.partials; g++) {
            high += k.partialHigh[g];
            low += k.partialLow[g];
        }
        checksum = Checksum.combine(high, low);
    }

    /** Ranges of the grid passes, which depend on the bucket count; every pass uses whole work groups. */
    private void gridRanges() {
        bucketRange = device.createRange(roundUp(kernel.buckets + 1, LOCAL), LOCAL);
        blockRange = device.createRange(roundUp(kernel.scanBlocks.length, SMALL_LOCAL), SMALL_LOCAL);
    }

    private void run(int pass, Range range) {
        kernel.pass = pass;
        kernel.execute(range);
        if (!kernel.isRunningCL()) {
            throw new BackendUnavailableException("Aparapi did not run the particle kernel on OpenCL device "
                + device.getName() + " (it fell back to Java; see the Aparapi warning above). Refusing to "
                + "continue on a silent fallback.");
        }
    }

    /** True once a step has run, and every pass of it ran as OpenCL on the device (never Java). */
    public boolean ranOnOpenCl() {
        return kernel.isRunningCL() && kernel.getTargetDevice() == device;
    }

    @Override
    public long checksum() {
        return checksum;
    }

    @Override
    public void read(ParticleState into) {
        ParticleKernel k = kernel;
        k.get(k.px).get(k.py).get(k.pz).get(k.vx).get(k.vy).get(k.vz).get(k.age).get(k.attr);
        into.copyFrom(state);
    }

    @Override
    public void close() {
        kernel.dispose();
        state = null;
    }

    static int roundUp(int n, int multiple) {
        return (n + multiple - 1) / multiple * multiple;
    }
}
