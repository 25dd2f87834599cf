package io.swarmcast.campaign.frames;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.swarmcast.core.scene.Bounds;
import io.swarmcast.core.scene.Vec3;
import io.swarmcast.core.sim.Fixed;
import io.swarmcast.core.sim.ParticleState;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Frame#quantize} gives the bytes of the plain per-particle formula the protocol documents
 * (and the golden vectors hold), for every position: inside the bounds, on them, outside them and at
 * the ends of the int range, for counts that do and do not fill its chunks.
 */
class FrameQuantizeTest {
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 2047, 2048, 2049, 10_000})
    void sameBytesAsThePlainFormula(int n) {
        SplittableRandom rnd = new SplittableRandom(n);
        Bounds b = new Bounds(new Vec3(-50, 0, -12.5), new Vec3(50, 30, 12.5));
        ParticleState s = new ParticleState(n);
        int[][] axes = {s.px, s.py, s.pz};
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < 3; a++) {
                int lo = Fixed.toFixed(a == 0 ? b.min().x() : a == 1 ? b.min().y() : b.min().z());
                int hi = Fixed.toFixed(a == 0 ? b.max().x() : a == 1 ? b.max().y() : b.max().z());
                axes[a][i] = switch (i % 8) {
                    case 0 -> lo;
                    case 1 -> hi;
                    case 2 -> Integer.MIN_VALUE;
                    case 3 -> Integer.MAX_VALUE;
                    case 4 -> lo - 1 - rnd.nextInt(1000);
                    case 5 -> hi + 1 + rnd.nextInt(1000);
                    default -> (int) (lo + rnd.nextLong((long) hi - lo + 1));
                };
            }
            s.age[i] = i % 5 == 0 ? Fixed.DEAD : (char) i;
            s.attr[i] = (byte) rnd.nextInt(256);
        }
        byte[] got = Frame.quantize(s, b);
        assertEquals(n * Frame.BYTES_PER_PARTICLE, got.length);
        assertArrayEquals(reference(s, b), got);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3000})
    void degenerateBoundsDoNotDivideByZero(int n) {
        Bounds flat = new Bounds(new Vec3(0, 0, 0), new Vec3(0, 0, 0));
        ParticleState s = new ParticleState(n);
        for (int i = 0; i < n; i++) {
            s.px[i] = i - n / 2;
        }
        assertArrayEquals(reference(s, flat), Frame.quantize(s, flat));
    }

    /** The formula, one particle and one byte at a time. */
    private static byte[] reference(ParticleState s, Bounds b) {
        int n = s.count();
        byte[] out = new byte[n * Frame.BYTES_PER_PARTICLE];
        int[][] p = {s.px, s.py, s.pz};
        double[][] mm = {{b.min().x(), b.max().x()}, {b.min().y(), b.max().y()}, {b.min().z(), b.max().z()}};
        for (int a = 0; a < 3; a++) {
            int min = Fixed.toFixed(mm[a][0]);
            int max = Fixed.toFixed(mm[a][1]);
            double scale = 65535.0 / Math.max(1, (long) max - min);
            for (int i = 0; i < n; i++) {
                double q = ((long) p[a][i] - min) * scale + 0.5;
                int v = q <= 0 ? 0 : q >= 65535 ? 65535 : (int) q;
                out[2 * a * n + 2 * i] = (byte) v;
                out[2 * a * n + 2 * i + 1] = (byte) (v >> 8);
            }
        }
        for (int i = 0; i < n; i++) {
            out[6 * n + i] = (byte) (s.age[i] == Fixed.DEAD ? Frame.DEAD : Math.min(s.attr[i] & 0xFF, Frame.DEAD - 1));
        }
        return out;
    }
}
