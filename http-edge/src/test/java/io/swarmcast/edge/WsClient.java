package io.swarmcast.edge;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A test viewer over the JDK's WebSocket client: whole binary messages in a queue. */
public final class WsClient implements WebSocket.Listener, AutoCloseable {
    public final LinkedBlockingQueue<ByteBuffer> messages = new LinkedBlockingQueue<>();
    public final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    public WebSocket ws;

    public static WsClient connect(HttpClient http, String url) {
        WsClient c = new WsClient();
        c.ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(URI.create(url), c).join();
        return c;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        partial.write(b, 0, b.length);
        if (last) {
            messages.add(ByteBuffer.wrap(partial.toByteArray()).order(ByteOrder.LITTLE_ENDIAN));
            partial.reset();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
    }

    public void send(byte[] bytes) {
        ws.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    /** The next message of {@code type}, skipping others; fails after {@code seconds}. */
    public ByteBuffer next(int type, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            long left = deadline - System.nanoTime();
            ByteBuffer m = left <= 0 ? null : messages.poll(left, TimeUnit.NANOSECONDS);
            if (m == null) {
                throw new AssertionError("no message of type 0x" + Integer.toHexString(type) + " within " + seconds + " s");
            }
            if ((m.get(1) & 0xFF) == type) {
                return m;
            }
        }
    }

    public static JsonNode json(ByteBuffer m, int offset) {
        try {
            return TestServer.JSON.readTree(new String(m.array(), offset, m.limit() - offset, StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    public static byte[] subscribe(int mode, int tier) {
        return new byte[] {1, (byte) 0x81, (byte) mode, (byte) tier};
    }

    public static byte[] input(int requestId, long tick, String json) {
        byte[] j = json.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(14 + j.length).order(ByteOrder.LITTLE_ENDIAN).put((byte) 1).put((byte) 0x82)
            .putInt(requestId).putLong(tick).put(j).array();
    }

    @Override
    public void close() {
        if (!ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        ws.abort();
    }
}
