package io.swarmcast.campaign.frames;

import io.swarmcast.core.scene.Bounds;

/**
 * One tick of a campaign as viewers need it: every particle's position quantized to 16 bits per axis
 * relative to {@code bounds}, and its 8-bit attribute (255 marks a dead particle, which is not drawn).
 * {@code payload} is planar, little-endian: {@code x[count] u16, y[count] u16, z[count] u16, attr[count] u8},
 * 7 bytes a particle. Immutable once published: many subscribers share the same bytes.
 *
 * @param serverMicros wall-clock time (epoch microseconds) at which the tick's state was captured
 */
public record Frame(String campaign, long tick, long serverMicros, int count, Bounds bounds, byte[] payload) {
    public static final int BYTES_PER_PARTICLE = 7;
    public static final int DEAD = 255;

    public Frame {
        if (payload.length != count * BYTES_PER_PARTICLE) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes for " + count + " particles");
        }
    }

    /** The frame payload of {@code s}: positions quantized to 16 bits relative to {@code b}, attributes. */
    public static byte[] quantize(io.swarmcast.core.sim.ParticleState s, Bounds b) {
        int n = s.count();
        byte[] payload = new byte[n * BYTES_PER_PARTICLE];
        axis(s.px, n, io.swarmcast.core.sim.Fixed.toFixed(b.min().x()), io.swarmcast.core.sim.Fixed.toFixed(b.max().x()), payload, 0);
        axis(s.py, n, io.swarmcast.core.sim.Fixed.toFixed(b.min().y()), io.swarmcast.core.sim.Fixed.toFixed(b.max().y()), payload, 2 * n);
        axis(s.pz, n, io.swarmcast.core.sim.Fixed.toFixed(b.min().z()), io.swarmcast.core.sim.Fixed.toFixed(b.max().z()), payload, 4 * n);
        char[] age = s.age;
        byte[] attr = s.attr;
        int off = 6 * n;
        for (int i = 0; i < n; i++) {
            int a = attr[i] & 0xFF;
            payload[off + i] = (byte) (age[i] == io.swarmcast.core.sim.Fixed.DEAD ? DEAD : Math.min(a, DEAD - 1));
        }
        return payload;
    }

    /** Quantizes in chunks: a loop the JIT vectorizes into a small buffer, then one bulk copy of its bytes. */
    private static final int CHUNK = 2048;

    private static void axis(int[] p, int n, int min, int max, byte[] out, int off) {
        double scale = 65535.0 / Math.max(1, (long) max - min);
        double lo = min;
        short[] chunk = new short[Math.min(n, CHUNK)];
        java.nio.ShortBuffer dst = java.nio.ByteBuffer.wrap(out, off, 2 * n).slice()
            .order(java.nio.ByteOrder.LITTLE_ENDIAN).asShortBuffer();
        for (int base = 0; base < n; base += CHUNK) {
            int len = Math.min(CHUNK, n - base);
            for (int i = 0; i < len; i++) {
                // exactly ((long) p - min) * scale + 0.5, clamped to [0, 65535] and truncated: ints are exact in doubles
                double q = ((double) p[base + i] - lo) * scale + 0.5;
                chunk[i] = (short) (int) Math.min(Math.max(q, 0.0), 65535.0);
            }
            dst.put(chunk, 0, len);
        }
    }

    public int x(int i) {
        return u16(2 * i);
    }

    public int y(int i) {
        return u16(2 * count + 2 * i);
    }

    public int z(int i) {
        return u16(4 * count + 2 * i);
    }

    public int attr(int i) {
        return payload[6 * count + i] & 0xFF;
    }

    private int u16(int off) {
        return (payload[off] & 0xFF) | (payload[off + 1] & 0xFF) << 8;
    }
}
