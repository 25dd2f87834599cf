package io.swarmcast.bench.load;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.HdrHistogram.Recorder;

/**
 * One simulated viewer: counts whole FRAME messages and their bytes, and records tick-to-receipt
 * latency (now − the frame's server timestamp, same machine and clock) per tier. Small on purpose:
 * thousands of them run in one JVM.
 */
final class Viewer implements WebSocket.Listener {
    private final Recorder[] latency;
    private final Run run;
    volatile WebSocket ws;
    final CompletableFuture<WebSocket> opened = new CompletableFuture<>();
    volatile boolean closed;
    int frames;
    long bytes;
    int tier = -1;
    private int messageType = -1;
    private int messageTier;
    private long messageMicros;
    private long messageBytes;

    /** The measurement window shared by every viewer of a run. */
    static final class Run {
        volatile boolean measuring;
    }

    Viewer(Recorder[] latency, Run run) {
        this.latency = latency;
        this.run = run;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        ws = webSocket;
        opened.complete(webSocket);
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        if (messageType < 0) {
            ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            int p = b.position();
            messageType = b.remaining() >= 2 ? b.get(p + 1) & 0xFF : 0;
            if (messageType == 0x10 && b.remaining() >= 20) {
                messageTier = b.get(p + 2) & 0xFF;
                messageMicros = b.getLong(p + 12);
            }
        }
        messageBytes += data.remaining();
        if (last) {
            if (messageType == 0x10) {
                tier = messageTier;
                if (run.measuring) {
                    java.time.Instant now = java.time.Instant.now();
                    long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
                    latency[Math.min(messageTier, latency.length - 1)].recordValue(Math.max(0, micros - messageMicros));
                    frames++;
                    bytes += messageBytes;
                }
            }
            messageType = -1;
            messageBytes = 0;
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed = true;
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed = true;
        opened.completeExceptionally(error);
    }
}
