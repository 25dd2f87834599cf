package io.swarmcast.edge.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swarmcast.campaign.frames.Frame;
import io.swarmcast.core.scene.Bounds;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.util.ByteString;

/**
 * Swarmcast's WebSocket protocol, version 1 (specified in docs/protocol.md). Every message is a binary
 * WebSocket message: {@code u8 version, u8 type}, then the type's body, little-endian.
 */
public final class WireProtocol {
    public static final int VERSION = 1;

    // server to client
    public static final int HELLO = 0x01;
    public static final int STATUS = 0x02;
    public static final int FRAME = 0x10;
    public static final int TIER = 0x11;
    public static final int ACK = 0x20;
    public static final int ERROR = 0x7F;
    // client to server
    public static final int SUBSCRIBE = 0x81;
    public static final int INPUT = 0x82;
    public static final int REPORT = 0x83;

    /** Codec 1: positions as u16 relative to the bounds, planar (x[], y[], z[]), then attr u8[]. */
    public static final int CODEC_Q16 = 1;
    public static final int FRAME_HEADER = 48;
    /** SUBSCRIBE mode: the edge adapts the tier, never above the one asked for. */
    public static final int MODE_ADAPTIVE = 0;
    /** SUBSCRIBE mode: the tier stays where it was asked to be. */
    public static final int MODE_PINNED = 1;

    /** Why a TIER message was sent. */
    public static final int TIER_SUBSCRIBED = 0;
    public static final int TIER_DOWN = 1;
    public static final int TIER_UP = 2;

    /** Largest client message accepted, bytes. */
    public static final int MAX_CLIENT_MESSAGE = 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private WireProtocol() {
    }

    /** A frame of {@code tier}: the 48-byte header and the tier's particles. */
    public static ByteString frame(Frame f, int tier, int[] indices) {
        int n = indices == null ? f.count() : indices.length;
        ByteBuffer h = ByteBuffer.allocate(FRAME_HEADER).order(ByteOrder.LITTLE_ENDIAN);
        Bounds b = f.bounds();
        h.put((byte) VERSION).put((byte) FRAME).put((byte) tier).put((byte) CODEC_Q16)
            .putLong(f.tick()).putLong(f.serverMicros()).putInt(n)
            .putFloat((float) b.min().x()).putFloat((float) b.min().y()).putFloat((float) b.min().z())
            .putFloat((float) b.max().x()).putFloat((float) b.max().y()).putFloat((float) b.max().z());
        ByteString header = ByteString.fromArrayUnsafe(h.array());
        if (indices == null) {
            return header.concat(ByteString.fromArrayUnsafe(f.payload()));
        }
        byte[] src = f.payload();
        int count = f.count();
        byte[] out = new byte[n * Frame.BYTES_PER_PARTICLE];
        for (int axis = 0; axis < 3; axis++) {
            int from = 2 * count * axis;
            int to = 2 * n * axis;
            for (int j = 0; j < n; j++) {
                int s = from + 2 * indices[j];
                out[to + 2 * j] = src[s];
                out[to + 2 * j + 1] = src[s + 1];
            }
        }
        int attrFrom = 6 * count;
        int attrTo = 6 * n;
        for (int j = 0; j < n; j++) {
            out[attrTo + j] = src[attrFrom + indices[j]];
        }
        return header.concat(ByteString.fromArrayUnsafe(out));
    }

    public static ByteString json(int type, Object body) {
        try {
            byte[] json = JSON.writeValueAsBytes(body);
            byte[] out = new byte[2 + json.length];
            out[0] = VERSION;
            out[1] = (byte) type;
            System.arraycopy(json, 0, out, 2, json.length);
            return ByteString.fromArrayUnsafe(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ByteString tier(int tier, int reason) {
        return ByteString.fromArrayUnsafe(new byte[] {VERSION, TIER, (byte) tier, (byte) reason});
    }

    public static ByteString ack(long requestId, long tick, long seq) {
        ByteBuffer b = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) VERSION).put((byte) ACK).putInt((int) requestId).putLong(tick).putLong(seq);
        return ByteString.fromArrayUnsafe(b.array());
    }

    /** An error; {@code requestId} 0 when it answers no particular request. */
    public static ByteString error(long requestId, String code, String field, String message) {
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        body.put("field", field);
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer b = ByteBuffer.allocate(6 + json.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) VERSION).put((byte) ERROR).putInt((int) requestId).put(json);
        return ByteString.fromArrayUnsafe(b.array());
    }

    // ---- client messages ----

    /** A message from a client. */
    public sealed interface ClientMessage {
    }

    /** Start (or change) the frame stream: {@code mode} adaptive or pinned, at {@code tier}. */
    public record Subscribe(int mode, int tier) implements ClientMessage {
    }

    /** An input for {@code tick} (negative: the next tick); {@code input} is its JSON. */
    public record Input(long requestId, long tick, JsonNode input) implements ClientMessage {
    }

    /** The newest tick the client has received (optional; lets the edge see lag in the network buffers). */
    public record Report(long tick) implements ClientMessage {
    }

    /** Parses one client message, or throws {@link ProtocolException} saying what is wrong with it. */
    public static ClientMessage parse(ByteString bytes) {
        if (bytes.size() < 2) {
            throw new ProtocolException("malformed", "type", "a message starts with a version byte and a type byte; got "
                + bytes.size() + " byte(s)", false);
        }
        int version = bytes.apply(0) & 0xFF;
        if (version != VERSION) {
            throw new ProtocolException("unsupported-version", "version", "protocol version " + version
                + " is not supported; this server speaks " + VERSION, true);
        }
        int type = bytes.apply(1) & 0xFF;
        ByteBuffer b = bytes.asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        switch (type) {
            case SUBSCRIBE: {
                if (bytes.size() != 4) {
                    throw new ProtocolException("malformed", "subscribe", "SUBSCRIBE is 4 bytes (version, type, mode, "
                        + "tier); got " + bytes.size(), false);
                }
                int mode = b.get(2) & 0xFF;
                int tier = b.get(3) & 0xFF;
                if (mode != MODE_ADAPTIVE && mode != MODE_PINNED) {
                    throw new ProtocolException("invalid", "mode", "mode must be 0 (adaptive) or 1 (pinned), was " + mode,
                        false);
                }
                if (tier >= Tiers.COUNT) {
                    throw new ProtocolException("invalid", "tier", "tier must be 0-" + (Tiers.COUNT - 1) + ", was " + tier,
                        false);
                }
                return new Subscribe(mode, tier);
            }
            case INPUT: {
                if (bytes.size() < 15) {
                    throw new ProtocolException("malformed", "input", "INPUT is version, type, u32 request id, i64 tick "
                        + "and a JSON input; got " + bytes.size() + " bytes", false);
                }
                long requestId = Integer.toUnsignedLong(b.getInt(2));
                long tick = b.getLong(6);
                byte[] json = bytes.drop(14).toArray();
                JsonNode node;
                try {
                    node = JSON.readTree(new String(json, StandardCharsets.UTF_8));
                } catch (JsonProcessingException e) {
                    throw new ProtocolException("malformed", "input", "the input is not JSON: "
                        + e.getOriginalMessage(), false);
                }
                if (node == null || !node.isObject()) {
                    throw new ProtocolException("invalid", "input", "the input must be a JSON object", false);
                }
                return new Input(requestId, tick, node);
            }
            case REPORT: {
                if (bytes.size() != 10) {
                    throw new ProtocolException("malformed", "report", "REPORT is 10 bytes (version, type, u64 tick); got "
                        + bytes.size(), false);
                }
                return new Report(b.getLong(2));
            }
            default:
                throw new ProtocolException("unknown-type", "type", "unknown message type 0x"
                    + Integer.toHexString(type), false);
        }
    }

    /** The request id of an INPUT message whose body could not be used, else 0. */
    public static long requestIdOf(ByteString bytes) {
        if (bytes.size() >= 6 && (bytes.apply(1) & 0xFF) == INPUT) {
            return Integer.toUnsignedLong(bytes.asByteBuffer().order(ByteOrder.LITTLE_ENDIAN).getInt(2));
        }
        return 0;
    }
}
