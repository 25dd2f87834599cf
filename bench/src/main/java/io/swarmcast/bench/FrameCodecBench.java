package io.swarmcast.bench;

import com.github.luben.zstd.Zstd;
import io.swarmcast.campaign.frames.Frame;
import io.swarmcast.core.scene.Presets;
import io.swarmcast.core.scene.Scene;
import io.swarmcast.edge.stream.Tiers;
import io.swarmcast.edge.stream.WireProtocol;
import io.swarmcast.engine.BackendKind;
import io.swarmcast.engine.Backends;
import io.swarmcast.engine.Simulation;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code swarmcast bench codec}: what compressing frames would buy. For real frames of the demo, per
 * tier: the raw q16 frame (the protocol's codec) and its encode time, against Zstandard on the frame
 * and on its delta from the previous frame (element-wise, per plane), with their sizes and times.
 */
@Command(name = "codec", mixinStandardHelpOptions = true,
    description = "Frame size and encode time per tier: raw q16 against zstd and delta + zstd")
public final class FrameCodecBench implements Callable<Integer> {
    @Option(names = "--particles", defaultValue = "500000")
    int particles;
    @Option(names = "--warmup", defaultValue = "600", description = "ticks before the frames are taken")
    int warmup;
    @Option(names = "--repeat", defaultValue = "30")
    int repeat;

    @Override
    public Integer call() {
        Scene scene = Presets.get("demo", particles);
        byte[] prev;
        byte[] cur;
        double quantizeMs;
        try (Simulation sim = Simulation.create(scene, Backends.create(BackendKind.JAVA, scene))) {
            for (int i = 0; i < warmup; i++) {
                sim.step();
            }
            prev = Frame.quantize(sim.snapshot(), scene.bounds());
            sim.step();
            var state = sim.snapshot();
            cur = Frame.quantize(state, scene.bounds());
            // every tick a watched campaign quantizes its whole state once, before any tier is cut from it
            quantizeMs = median(() -> Frame.quantize(state, scene.bounds()).length);
        }
        System.out.printf("quantize the whole state (%d particles) into a frame payload: %.3f ms%n", particles, quantizeMs);
        Frame f = new Frame("bench", warmup + 1, 0, particles, scene.bounds(), cur);
        Frame p = new Frame("bench", warmup, 0, particles, scene.bounds(), prev);
        int[][] idx = Tiers.indices(particles);
        System.out.printf("%-7s %9s %9s | %9s %7s %8s | %9s %7s %8s%n", "tier", "raw B", "encode ms",
            "zstd1 B", "ratio", "zstd ms", "dz1 B", "ratio", "dz ms");
        for (int tier = 0; tier < Tiers.COUNT; tier++) {
            int t = tier;
            byte[] raw = WireProtocol.frame(f, t, idx[t]).toArray();
            byte[] rawPrev = WireProtocol.frame(p, t, idx[t]).toArray();
            double encodeMs = median(() -> WireProtocol.frame(f, t, idx[t]).size());
            byte[] z = Zstd.compress(raw, 1);
            double zMs = median(() -> Zstd.compress(raw, 1).length);
            byte[] d = delta(raw, rawPrev);
            byte[] dz = Zstd.compress(d, 1);
            double dzMs = median(() -> Zstd.compress(delta(raw, rawPrev), 1).length);
            System.out.printf("%-7s %9d %9.3f | %9d %6.2fx %8.3f | %9d %6.2fx %8.3f%n", Tiers.NAMES[t], raw.length, encodeMs,
                z.length, raw.length / (double) z.length, zMs, dz.length, raw.length / (double) dz.length, dzMs);
        }
        System.out.printf("demo at tick %d, %d particles, JDK %s; times are medians of %d, one thread%n", warmup + 1,
            particles, Runtime.version(), repeat);
        return 0;
    }

    /** u16 planes: the element-wise difference mod 2^16; attributes: xor; header kept. */
    private static byte[] delta(byte[] cur, byte[] prev) {
        byte[] out = cur.clone();
        int n = (cur.length - WireProtocol.FRAME_HEADER) / Frame.BYTES_PER_PARTICLE;
        int h = WireProtocol.FRAME_HEADER;
        for (int i = 0; i < 3 * n; i++) {
            int o = h + 2 * i;
            int a = (cur[o] & 0xFF) | (cur[o + 1] & 0xFF) << 8;
            int b = (prev[o] & 0xFF) | (prev[o + 1] & 0xFF) << 8;
            int dv = (a - b) & 0xFFFF;
            out[o] = (byte) dv;
            out[o + 1] = (byte) (dv >> 8);
        }
        for (int i = h + 6 * n; i < cur.length; i++) {
            out[i] = (byte) (cur[i] ^ prev[i]);
        }
        return out;
    }

    private double median(java.util.function.IntSupplier work) {
        double[] ms = new double[repeat];
        long sink = 0;
        for (int w = 0; w < 5; w++) {
            sink += work.getAsInt();
        }
        for (int i = 0; i < repeat; i++) {
            long t0 = System.nanoTime();
            sink += work.getAsInt();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        if (sink == 42) {
            System.out.print("");
        }
        Arrays.sort(ms);
        return ms[repeat / 2];
    }
}
