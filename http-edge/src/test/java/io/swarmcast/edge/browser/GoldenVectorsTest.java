package io.swarmcast.edge.browser;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swarmcast.campaign.frames.Frame;
import io.swarmcast.core.scene.Bounds;
import io.swarmcast.core.scene.Presets;
import io.swarmcast.core.scene.Vec3;
import io.swarmcast.core.sim.InitialState;
import io.swarmcast.core.sim.KernelParams;
import io.swarmcast.core.sim.ParticleState;
import io.swarmcast.edge.stream.Tiers;
import io.swarmcast.edge.stream.WireProtocol;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden test vectors shared with the web client (web/test/vectors): FRAME messages written by the
 * server's encoder ({@link WireProtocol#frame}) and the float32 values a decoder must produce from
 * them (as IEEE-754 bit patterns, so the comparison is exact). The web tests decode the same files
 * with the WebAssembly (SIMD and scalar) and JS decoders.
 *
 * <p>Run with {@code -Dswarmcast.writeVectors=true} to (re)write the files; otherwise the encoder's
 * output must equal the committed bytes, and the reference decoder below must give the committed
 * floats.
 *
 * <p>Decoding arithmetic, identical in every decoder: {@code scale = (float) ((max - min) / 65535.0)}
 * computed in double from the float bounds, then {@code x = min + (float) q * scale} in float (two
 * roundings, no fused multiply-add). The fourth float of each particle is its attribute (255 = dead).
 */
class GoldenVectorsTest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    record Vector(String name, String description, Frame frame, int tier, int[] indices) {
    }

    static Path dir() {
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        return base.resolve("../web/test/vectors").normalize();
    }

    static List<Vector> vectors() {
        List<Vector> out = new ArrayList<>();
        // 1. edge values: both ends of the range, the middle, attributes 0..255, n not a multiple of 8
        int[] qs = {0, 1, 2, 32767, 32768, 65533, 65534, 65535, 12345, 54321, 40000};
        int[] attrs = {0, 1, 2, 3, 4, 127, 128, 200, 254, 255, 7};
        out.add(new Vector("edge-values", "q at both ends and the middle, every kind of attribute, 11 particles",
            frame("edge", 1, 1_700_000_000_000_000L, Bounds.cube(100), qs, rot(qs, 3), rot(qs, 7), attrs), 0, null));
        // 2. unusual bounds, a tick above 2^32 (the u64 field), pseudo-random values, 37 particles
        int n = 37;
        int[] x = new int[n], y = new int[n], z = new int[n], a = new int[n];
        long s = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < n; i++) {
            s = s * 6364136223846793005L + 1442695040888963407L;
            x[i] = (int) (s >>> 48);
            y[i] = (int) (s >>> 32) & 0xFFFF;
            z[i] = (int) (s >>> 16) & 0xFFFF;
            a[i] = (int) (s >>> 8) & 0xFF;
        }
        Bounds odd = new Bounds(new Vec3(-1.5, 2.25, -1000), new Vec3(3.75, 2.5, 1000));
        out.add(new Vector("odd-bounds", "bounds of very different sizes, tick 2^40+5, 37 pseudo-random particles",
            frame("odd", (1L << 40) + 5, 1_750_000_123_456_789L, odd, x, y, z, a), 0, null));
        // 3 and 4. a real world: the 'small' preset at 1000 particles (pooled emitter particles start dead)
        ParticleState st = world(1000);
        Bounds sb = Presets.get("small", 1000).bounds();
        Frame real = new Frame("small", 0, 1_760_000_000_000_000L, st.count(), sb, Frame.quantize(st, sb));
        out.add(new Vector("small-world", "the 'small' preset resized to 1000 particles, tick 0, tier 0", real, 0, null));
        int[] idx = Tiers.indices(1000)[2];
        out.add(new Vector("small-world-tier2", "the same world at tier 2 (1/16): the Tiers subset, in index order", real, 2,
            idx));
        return out;
    }

    static ParticleState world(int particles) {
        KernelParams p = new KernelParams();
        p.compile(Presets.get("small", particles));
        return InitialState.create(p);
    }

    static int[] rot(int[] v, int by) {
        int[] o = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = v[(i + by) % v.length];
        }
        return o;
    }

    static Frame frame(String campaign, long tick, long micros, Bounds b, int[] x, int[] y, int[] z, int[] a) {
        int n = x.length;
        byte[] p = new byte[n * Frame.BYTES_PER_PARTICLE];
        for (int i = 0; i < n; i++) {
            put16(p, 2 * i, x[i]);
            put16(p, 2 * n + 2 * i, y[i]);
            put16(p, 4 * n + 2 * i, z[i]);
            p[6 * n + i] = (byte) a[i];
        }
        return new Frame(campaign, tick, micros, n, b, p);
    }

    static void put16(byte[] p, int off, int v) {
        p[off] = (byte) v;
        p[off + 1] = (byte) (v >>> 8);
    }

    /** The reference decoder: a FRAME message to float32 x, y, z, attribute per particle. */
    static float[] decode(byte[] message) {
        ByteBuffer b = ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(WireProtocol.VERSION, b.get(0));
        assertEquals(WireProtocol.FRAME, b.get(1) & 0xFF);
        assertEquals(WireProtocol.CODEC_Q16, b.get(3) & 0xFF);
        int n = b.getInt(20);
        assertEquals(WireProtocol.FRAME_HEADER + 7 * n, message.length);
        float[] min = {b.getFloat(24), b.getFloat(28), b.getFloat(32)};
        float[] max = {b.getFloat(36), b.getFloat(40), b.getFloat(44)};
        float[] out = new float[4 * n];
        for (int axis = 0; axis < 3; axis++) {
            float scale = (float) (((double) max[axis] - (double) min[axis]) / 65535.0);
            int from = WireProtocol.FRAME_HEADER + 2 * n * axis;
            for (int i = 0; i < n; i++) {
                int q = (message[from + 2 * i] & 0xFF) | (message[from + 2 * i + 1] & 0xFF) << 8;
                out[4 * i + axis] = min[axis] + (float) q * scale;
            }
        }
        for (int i = 0; i < n; i++) {
            out[4 * i + 3] = message[WireProtocol.FRAME_HEADER + 6 * n + i] & 0xFF;
        }
        return out;
    }

    static ObjectNode expected(Vector v, byte[] message, float[] decoded) {
        ByteBuffer b = ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN);
        ObjectNode o = JSON.createObjectNode();
        o.put("name", v.name());
        o.put("description", v.description());
        o.put("tier", v.tier());
        o.put("codec", WireProtocol.CODEC_Q16);
        o.put("tick", Long.toString(v.frame().tick()));
        o.put("serverMicros", Long.toString(v.frame().serverMicros()));
        o.put("count", b.getInt(20));
        ArrayNode min = o.putArray("min");
        ArrayNode max = o.putArray("max");
        for (int k = 0; k < 3; k++) {
            min.add(b.getFloat(24 + 4 * k));
            max.add(b.getFloat(36 + 4 * k));
        }
        o.put("format", "bits: x, y, z, attribute of each particle as float32 IEEE-754 bit patterns (unsigned); "
            + "values: the same, as decimal numbers, for reading");
        ArrayNode bits = o.putArray("bits");
        ArrayNode values = o.putArray("values");
        for (float f : decoded) {
            bits.add(Integer.toUnsignedLong(Float.floatToRawIntBits(f)));
            values.add(f);
        }
        return o;
    }

    @Test
    void encoderAndReferenceDecoderMatchTheCommittedVectors() throws IOException {
        Path dir = dir();
        boolean write = Boolean.getBoolean("swarmcast.writeVectors");
        if (write) {
            Files.createDirectories(dir);
        }
        assertTrue(Files.isDirectory(dir), "golden vectors directory " + dir + " is missing (write them with "
            + "-Dswarmcast.writeVectors=true)");
        for (Vector v : vectors()) {
            byte[] message = WireProtocol.frame(v.frame(), v.tier(), v.indices()).toArray();
            float[] decoded = decode(message);
            ObjectNode exp = expected(v, message, decoded);
            Path bin = dir.resolve(v.name() + ".bin");
            Path json = dir.resolve(v.name() + ".json");
            if (write) {
                Files.write(bin, message);
                JSON.writeValue(json.toFile(), exp);
                continue;
            }
            assertTrue(Files.exists(bin), "missing " + bin);
            assertArrayEquals(Files.readAllBytes(bin), message, v.name() + ": the encoder's bytes changed");
            JsonNode committed = JSON.readTree(json.toFile());
            JsonNode bits = committed.get("bits");
            assertEquals(decoded.length, bits.size(), v.name() + ": float count");
            for (int i = 0; i < decoded.length; i++) {
                assertEquals(bits.get(i).asLong(), Integer.toUnsignedLong(Float.floatToRawIntBits(decoded[i])),
                    v.name() + ": float " + i + " (particle " + i / 4 + ", component " + "xyzw".charAt(i % 4) + ")");
            }
            assertEquals(committed.get("count").asInt(), decoded.length / 4);
            assertEquals(committed.get("tick").asText(), Long.toString(v.frame().tick()));
        }
    }

    @Test
    void decodedPositionsAreWithinHalfAStepOfTheSpec() {
        // x = min + q / 65535 * (max - min), computed in double: the float decoder is within a few ulps
        for (Vector v : vectors()) {
            byte[] m = WireProtocol.frame(v.frame(), v.tier(), v.indices()).toArray();
            ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
            int n = b.getInt(20);
            float[] d = decode(m);
            for (int axis = 0; axis < 3; axis++) {
                double min = b.getFloat(24 + 4 * axis);
                double max = b.getFloat(36 + 4 * axis);
                for (int i = 0; i < n; i++) {
                    int off = WireProtocol.FRAME_HEADER + 2 * n * axis + 2 * i;
                    int q = (m[off] & 0xFF) | (m[off + 1] & 0xFF) << 8;
                    double exact = min + q / 65535.0 * (max - min);
                    double tol = 4 * Math.ulp((float) Math.max(Math.abs(min), Math.abs(max)));
                    assertEquals(exact, d[4 * i + axis], tol, v.name() + " particle " + i + " axis " + axis);
                }
            }
        }
    }
}
