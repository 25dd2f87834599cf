package io.swarmcast.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.HdrHistogram.Recorder;

/**
 * Viewers on raw non-blocking sockets: a minimal WebSocket client (RFC 6455: handshake, unmasked server
 * frames, masked client frames, pong) that reads only what it measures (type, tier and server timestamp
 * of each FRAME) and skips the rest, so that the load generator costs far less CPU per message than the
 * servers it measures. A few selector threads serve all connections.
 */
final class NioViewers implements AutoCloseable {
    private final Loop[] loops;
    private final boolean report;
    private final Recorder[] latency;
    private final Viewer.Run run;
    private final List<Conn> conns = new ArrayList<>();

    NioViewers(int threads, Recorder[] latency, Viewer.Run run, boolean report) throws IOException {
        this.report = report;
        this.latency = latency;
        this.run = run;
        loops = new Loop[threads];
        for (int i = 0; i < threads; i++) {
            loops[i] = new Loop();
            Thread t = new Thread(loops[i], "nio-viewers-" + i);
            t.setDaemon(true);
            loops[i].thread = t;
            t.start();
        }
    }

    /** Connects a viewer (blocking handshake), sends {@code firstMessage} and hands it to a selector thread. */
    Viewer connect(URI uri, byte[] firstMessage) throws IOException {
        SocketChannel ch = SocketChannel.open(new InetSocketAddress(uri.getHost(), uri.getPort()));
        ch.socket().setTcpNoDelay(true);
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String req = "GET " + (path.isEmpty() ? "/" : path) + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Version: 13\r\n\r\n";
        ch.write(ByteBuffer.wrap(req.getBytes(StandardCharsets.US_ASCII)));
        ByteBuffer in = ByteBuffer.allocate(8192);
        int end = -1;
        while (end < 0) {
            if (ch.read(in) < 0) {
                throw new IOException("closed during the handshake");
            }
            byte[] a = in.array();
            for (int i = 3; i < in.position(); i++) {
                if (a[i - 3] == '\r' && a[i - 2] == '\n' && a[i - 1] == '\r' && a[i] == '\n') {
                    end = i + 1;
                    break;
                }
            }
            if (end < 0 && !in.hasRemaining()) {
                throw new IOException("handshake response too long");
            }
        }
        String head = new String(in.array(), 0, end, StandardCharsets.US_ASCII);
        if (!head.startsWith("HTTP/1.1 101")) {
            throw new IOException("no upgrade: " + head.lines().findFirst().orElse(""));
        }
        Viewer v = new Viewer(latency, run);
        Conn c = new Conn(ch, v);
        in.flip();
        in.position(end);
        c.pending = new byte[in.remaining()];
        in.get(c.pending);
        byte[] frame = new byte[6 + firstMessage.length];
        frame[0] = (byte) 0x82;
        frame[1] = (byte) (0x80 | firstMessage.length);
        System.arraycopy(firstMessage, 0, frame, 6, firstMessage.length); // mask 0: payload as is
        ch.write(ByteBuffer.wrap(frame));
        ch.configureBlocking(false);
        synchronized (conns) {
            Loop loop = loops[conns.size() % loops.length];
            conns.add(c);
            loop.add(c);
        }
        return v;
    }

    @Override
    public void close() throws IOException {
        for (Loop l : loops) {
            l.stop = true;
            l.selector.wakeup();
        }
        for (Loop l : loops) {
            try {
                l.thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (conns) {
            for (Conn c : conns) {
                c.ch.close();
            }
        }
    }

    private final class Loop implements Runnable {
        final Selector selector = Selector.open();
        final ConcurrentLinkedQueue<Conn> added = new ConcurrentLinkedQueue<>();
        final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 18);
        volatile boolean stop;
        Thread thread;

        Loop() throws IOException {
        }

        void add(Conn c) {
            added.add(c);
            selector.wakeup();
        }

        @Override
        public void run() {
            try {
                while (!stop) {
                    selector.select(100);
                    for (Conn c; (c = added.poll()) != null; ) {
                        c.ch.register(selector, SelectionKey.OP_READ, c);
                        if (c.pending.length > 0) {
                            c.consume(ByteBuffer.wrap(c.pending));
                        }
                    }
                    Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                    while (it.hasNext()) {
                        SelectionKey k = it.next();
                        it.remove();
                        Conn c = (Conn) k.attachment();
                        try {
                            buf.clear();
                            int r = c.ch.read(buf);
                            if (r < 0) {
                                c.viewer.closed = true;
                                k.cancel();
                                continue;
                            }
                            buf.flip();
                            c.consume(buf);
                        } catch (IOException e) {
                            c.viewer.closed = true;
                            k.cancel();
                        }
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** One connection's frame parser: header, then the first bytes of a message's payload, then skipping. */
    private final class Conn {
        final SocketChannel ch;
        final Viewer viewer;
        byte[] pending;
        private final byte[] head = new byte[14];
        private int headLen;
        private int headNeed = 2;
        private long payloadLeft = -1;
        private int opcode;
        private boolean fin;
        /** The message so far: its first 20 payload bytes, total bytes. */
        private final byte[] first = new byte[20];
        private int firstLen;
        private long messageBytes;
        private final byte[] control = new byte[125];
        private long lastReport;
        private int controlLen;

        Conn(SocketChannel ch, Viewer viewer) {
            this.ch = ch;
            this.viewer = viewer;
        }

        void consume(ByteBuffer b) throws IOException {
            while (b.hasRemaining()) {
                if (payloadLeft < 0) {
                    head[headLen++] = b.get();
                    if (headLen == 2) {
                        int len7 = head[1] & 0x7F;
                        headNeed = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + ((head[1] & 0x80) != 0 ? 4 : 0);
                    }
                    if (headLen == headNeed) {
                        fin = (head[0] & 0x80) != 0;
                        int op = head[0] & 0x0F;
                        int len7 = head[1] & 0x7F;
                        long len = len7;
                        if (len7 == 126) {
                            len = (head[2] & 0xFF) << 8 | (head[3] & 0xFF);
                        } else if (len7 == 127) {
                            len = 0;
                            for (int i = 2; i < 10; i++) {
                                len = len << 8 | (head[i] & 0xFF);
                            }
                        }
                        if (op != 0) {
                            opcode = op;
                        }
                        if (op >= 8) {
                            controlLen = 0;
                        } else if (op != 0) {
                            firstLen = 0;
                            messageBytes = 0;
                        }
                        payloadLeft = len;
                        headLen = 0;
                        headNeed = 2;
                        if (len == 0) {
                            endOfFrame(op);
                        }
                    }
                    continue;
                }
                int take = (int) Math.min(payloadLeft, b.remaining());
                int op = opcode;
                if ((head[0] & 0x0F) >= 8 || opcode >= 8) {
                    for (int i = 0; i < take; i++) {
                        control[controlLen++] = b.get();
                    }
                } else {
                    int copy = Math.min(take, first.length - firstLen);
                    if (copy > 0) {
                        b.get(first, firstLen, copy);
                        firstLen += copy;
                    }
                    b.position(b.position() + (take - Math.max(copy, 0)));
                    messageBytes += take;
                }
                payloadLeft -= take;
                if (payloadLeft == 0) {
                    endOfFrame(op);
                }
            }
        }

        private void endOfFrame(int op) throws IOException {
            payloadLeft = -1;
            if (op == 9) { // ping: pong with the same payload, masked with 0
                byte[] pong = new byte[6 + controlLen];
                pong[0] = (byte) 0x8A;
                pong[1] = (byte) (0x80 | controlLen);
                System.arraycopy(control, 0, pong, 6, controlLen);
                ch.write(ByteBuffer.wrap(pong));
            } else if (op == 8) {
                viewer.closed = true;
            } else if (op < 8 && fin && opcode == 2 && firstLen >= 20 && first[1] == 0x10) {
                java.time.Instant now = java.time.Instant.now();
                long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
                long sent = 0;
                for (int i = 19; i >= 12; i--) {
                    sent = sent << 8 | (first[i] & 0xFF);
                }
                int tier = first[2] & 0xFF;
                viewer.tier = tier;
                long nanos = System.nanoTime();
                if (report && nanos - lastReport > 250_000_000L) {
                    // REPORT the newest tick received, so the edge sees lag in the socket buffers
                    lastReport = nanos;
                    byte[] r = new byte[16];
                    r[0] = (byte) 0x82;
                    r[1] = (byte) (0x80 | 10);
                    r[6] = 1;
                    r[7] = (byte) 0x83;
                    System.arraycopy(first, 4, r, 8, 8);
                    ch.write(ByteBuffer.wrap(r));
                }
                if (run.measuring) {
                    latency[Math.min(tier, latency.length - 1)].recordValue(Math.max(0, micros - sent));
                    viewer.frames++;
                    viewer.bytes += messageBytes;
                }
            }
            if (op >= 8) {
                opcode = 2;
            }
        }
    }
}
