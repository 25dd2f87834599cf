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
