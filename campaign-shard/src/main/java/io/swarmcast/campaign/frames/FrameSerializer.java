package io.swarmcast.campaign.frames;

import io.swarmcast.core.scene.Bounds;
import io.swarmcast.core.scene.Vec3;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/** Frames between nodes (stream references): a fixed header, then the payload bytes as they are. */
public final class FrameSerializer extends SerializerWithStringManifest {
    public static final int IDENTIFIER = 7302;
    private static final String MANIFEST = "frame-v1";

    @Override
    public int identifier() {
        return IDENTIFIER;
    }

    @Override
    public String manifest(Object o) {
        return MANIFEST;
    }

    @Override
    public byte[] toBinary(Object o) {
        Frame f = (Frame) o;
        byte[] id = f.campaign().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + id.length + 8 + 8 + 4 + 48 + f.payload().length);
        b.putInt(id.length).put(id).putLong(f.tick()).putLong(f.serverMicros()).putInt(f.count());
        Vec3 min = f.bounds().min();
        Vec3 max = f.bounds().max();
        b.putDouble(min.x()).putDouble(min.y()).putDouble(min.z()).putDouble(max.x()).putDouble(max.y())
            .putDouble(max.z());
        b.put(f.payload());
        return b.array();
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) {
        if (!MANIFEST.equals(manifest)) {
            throw new IllegalArgumentException("unknown frame manifest '" + manifest + "'");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte[] id = new byte[b.getInt()];
        b.get(id);
        long tick = b.getLong();
        long micros = b.getLong();
        int count = b.getInt();
        Bounds bounds = new Bounds(new Vec3(b.getDouble(), b.getDouble(), b.getDouble()),
            new Vec3(b.getDouble(), b.getDouble(), b.getDouble()));
        byte[] payload = new byte[b.remaining()];
        b.get(payload);
        return new Frame(new String(id, StandardCharsets.UTF_8), tick, micros, count, bounds, payload);
    }
}
