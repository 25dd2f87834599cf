package io.swarmcast.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The bare ceiling of {@code swarmcast loadtest}: the least work any WebSocket server can do to send the
 * same frame to every viewer, to tell what this machine's kernel and load generator allow from what a
 * server's own code costs. Each tick it builds one WebSocket message (header included) from a captured
 * frame, with a fresh tick and timestamp like the Node peer, and writes the same bytes to every client
 * with non-blocking writes from {@code --threads} selector threads, no framework, no per-client copy. A
 * client whose previous frame is still being written skips the new one (conflation, as Swarmcast does;
 * nothing queues). It reads and discards what clients send.
 *
 * <pre>java -cp ... io.swarmcast.bench.load.BareServer --port 8098 --frame frame.bin [--hz 60] [--threads 2]</pre>
 */
public final class BareServer {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final byte[] template;
    private final Worker[] workers;
    private volatile ByteBuffer current;
    private volatile long seq;

    private BareServer(byte[] template, int threads) throws IOException {
        this.template = template;
        this.workers = new Worker[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = new Worker();
        }
    }

    public static void main(String[] args) throws Exception {
        int port = 8098;
        int hz = 60;
        int threads = 2;
        Path frame = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--hz" -> hz = Integer.parseInt(args[i + 1]);
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--frame" -> frame = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (frame == null) {
            throw new IllegalArgumentException("--frame is required");
        }
        BareServer s = new BareServer(Files.readAllBytes(frame), threads);
        for (Worker w : s.workers) {
            w.setDaemon(true);
            w.start();
        }
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        ticker.scheduleAtFixedRate(s::tick, 0, 1_000_000 / hz, TimeUnit.MICROSECONDS);
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", port), 4096);
            System.out.printf(Locale.ROOT, "listening on %d, %d bytes at %d Hz, %d threads%n", port, s.template.length, hz, threads);
            int next = 0;
            while (true) {
                SocketChannel c = server.accept();
                try {
                    handshake(c);
                } catch (IOException e) {
                    c.close();
                    continue;
                }
                c.configureBlocking(false);
                Worker w = s.workers[next++ % s.workers.length];
                w.joining.add(c);
                w.selector.wakeup();
            }
        }
    }

    /** One tick: one message for everybody. */
    private void tick() {
        ByteBuffer m = ByteBuffer.allocateDirect(10 + template.length).order(ByteOrder.LITTLE_ENDIAN);
        m.put((byte) 0x82).put((byte) 127).order(ByteOrder.BIG_ENDIAN).putLong(template.length).order(ByteOrder.LITTLE_ENDIAN);
        m.put(template);
        m.putLong(10 + 4, seq + 1);
        java.time.Instant now = java.time.Instant.now();
        m.putLong(10 + 12, now.getEpochSecond() * 1_000_000 + now.getNano() / 1000);
        m.flip();
        current = m;
        seq++;
        for (Worker w : workers) {
            w.selector.wakeup();
        }
    }

    /** Reads the HTTP upgrade request and answers 101 (blocking; the viewers connect before the run). */
    private static void handshake(SocketChannel c) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(8192);
        String req;
        do {
            if (c.read(in) < 0 || !in.hasRemaining()) {
                throw new IOException("bad upgrade request");
            }
            req = new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1);
        } while (!req.contains("\r\n\r\n"));
        String key = null;
        for (String line : req.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Sec-WebSocket-Key")) {
                key = line.substring(colon + 1).trim();
            }
        }
        if (key == null) {
            throw new IOException("no Sec-WebSocket-Key");
        }
        String accept;
        try {
            accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                .digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer out = ByteBuffer.wrap(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        while (out.hasRemaining()) {
            c.write(out);
        }
    }

    /** A client and the rest of the message being written to it, if any. */
    private static final class Client {
        final SocketChannel channel;
        ByteBuffer pending;

        Client(SocketChannel channel) {
            this.channel = channel;
        }
    }

    private final class Worker extends Thread {
        final Selector selector = Selector.open();
        final ConcurrentLinkedQueue<SocketChannel> joining = new ConcurrentLinkedQueue<>();
        final List<SelectionKey> keys = new ArrayList<>();
        final ByteBuffer discard = ByteBuffer.allocateDirect(64 * 1024);
        long sent;

        Worker() throws IOException {
            super("bare-worker");
        }

        @Override
        public void run() {
            try {
                while (true) {
                    selector.select();
                    for (SocketChannel c; (c = joining.poll()) != null; ) {
                        keys.add(c.register(selector, SelectionKey.OP_READ, new Client(c)));
                    }
                    for (SelectionKey k : selector.selectedKeys()) {
                        Client c = (Client) k.attachment();
                        if (!k.isValid()) {
                            continue;
                        }
                        if (k.isReadable() && !drain(k, c)) {
                            continue;
                        }
                        if (k.isValid() && k.isWritable()) {
                            write(k, c);
                        }
                    }
                    selector.selectedKeys().clear();
                    ByteBuffer m = current;
                    long s = seq;
                    if (m != null && s != sent) {
                        sent = s;
                        for (SelectionKey k : keys) {
                            Client c = (Client) k.attachment();
                            if (k.isValid() && c.pending == null) {
                                c.pending = m.duplicate();
                                write(k, c);
                            }
                        }
                        keys.removeIf(k -> !k.isValid());
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private boolean drain(SelectionKey k, Client c) {
            try {
                discard.clear();
                if (c.channel.read(discard) < 0) {
                    close(k, c);
                    return false;
                }
                return true;
            } catch (IOException e) {
                close(k, c);
                return false;
            }
        }

        private void write(SelectionKey k, Client c) {
            try {
                c.channel.write(c.pending);
                if (c.pending.hasRemaining()) {
                    k.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                } else {
                    c.pending = null;
                    k.interestOps(SelectionKey.OP_READ);
                }
            } catch (IOException e) {
                close(k, c);
            }
        }

        private void close(SelectionKey k, Client c) {
            k.cancel();
            try {
                c.channel.close();
            } catch (IOException ignored) {
                // gone already
            }
        }
    }
}
