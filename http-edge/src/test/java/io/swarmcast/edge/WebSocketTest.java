package io.swarmcast.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.swarmcast.edge.security.Role;
import io.swarmcast.edge.stream.CampaignFeeds;
import io.swarmcast.edge.stream.Tiers;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The WebSocket endpoint against a real server: protocol, tiers, inputs, malformed traffic, stalled viewers. */
class WebSocketTest {
    static TestServer t;

    @BeforeAll
    static void server() {
        t = TestServer.shared();
        assertEquals(201, t.createCampaign("ws-a", "default", true, 20_000).status());
    }

    private String ws(String id, String token) {
        return "ws://127.0.0.1:" + t.server.port() + "/ws/campaigns/" + id + (token == null ? "" : "?access_token=" + token);
    }

    @Test
    void helloThenFramesOfTheSubscribedTierWithAStableSubset() throws Exception {
        try (WsClient c = WsClient.connect(t.http, ws("ws-a", null))) {
            JsonNode hello = WsClient.json(c.next(0x01, 10), 2);
            assertEquals(1, hello.get("protocol").asInt());
            assertEquals(20_000, hello.get("particles").asInt());
            assertEquals(Tiers.COUNT, hello.get("tiers").size());
            assertFalse(hello.get("canInput").asBoolean(), "anonymous viewers cannot send inputs");
            c.send(WsClient.subscribe(1, 2));
            ByteBuffer tier = c.next(0x11, 10);
            assertEquals(2, tier.get(2));
            int expected = Tiers.size(20_000, 2);
            long lastTick = -1;
            for (int i = 0; i < 10; i++) {
                ByteBuffer f = c.next(0x10, 10);
                assertEquals(2, f.get(2), "tier");
                assertEquals(1, f.get(3), "codec");
                long tick = f.getLong(4);
                long micros = f.getLong(12);
                int n = f.getInt(20);
                assertEquals(expected, n);
                assertEquals(48 + 7 * n, f.limit());
                assertEquals(-100f, f.getFloat(24));
                assertEquals(100f, f.getFloat(36));
                assertTrue(tick > lastTick, "ticks increase");
                java.time.Instant now = java.time.Instant.now();
                long age = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000 - micros;
                assertTrue(age > -1000 && age < 5_000_000, "server timestamp is recent epoch micros: " + age);
                lastTick = tick;
            }
            JsonNode st = WsClient.json(c.next(0x02, 5), 2);
            assertEquals("running", st.get("state").asText());
            assertTrue(st.get("tick").asLong() > 0);
            assertTrue(st.get("checksum").asText().matches("[0-9a-f]{16}"));
        }
    }

    @Test
    void aViewerThatNeverSubscribesStartsNoFeed() throws Exception {
        assertEquals(201, t.createCampaign("ws-idle", "default", true, 2_000).status());
        try (WsClient c = WsClient.connect(t.http, ws("ws-idle", null))) {
            c.next(0x01, 10);
            Thread.sleep(2_500);
            assertTrue(t.server.feeds().existing("ws-idle") == null, "no frames are made for a viewer that has not subscribed");
        }
    }

    @Test
    void tiersAreNestedDeterministicSubsets() {
        int[][] idx = Tiers.indices(100_000);
        for (int tier = 1; tier < Tiers.COUNT; tier++) {
            double share = idx[tier].length / 100_000.0;
            assertEquals(1.0 / Tiers.divisor(tier), share, 0.35 / Tiers.divisor(tier), "tier " + tier + " share");
            if (tier > 1) {
                java.util.Set<Integer> above = new java.util.HashSet<>();
                for (int i : idx[tier - 1]) {
                    above.add(i);
                }
                for (int i : idx[tier]) {
                    assertTrue(above.contains(i), "tier " + tier + " is inside tier " + (tier - 1));
                }
            }
        }
    }

    @Test
    void playersSendInputsAndGetAcksViewersGetForbidden() throws Exception {
        String player = t.token(Role.PLAYER, "default");
        try (WsClient c = WsClient.connect(t.http, ws("ws-a", player))) {
            assertTrue(WsClient.json(c.next(0x01, 10), 2).get("canInput").asBoolean());
            c.send(WsClient.input(7, -1, "{\"type\":\"moveField\",\"id\":\"left\",\"position\":[-40,5,0]}"));
            ByteBuffer ack = c.next(0x20, 20);
            assertEquals(7, ack.getInt(2));
            assertTrue(ack.getLong(6) > 0, "takes effect at a tick");
            c.send(WsClient.input(8, -1, "{\"type\":\"moveField\",\"id\":\"nope\",\"position\":[0,0,0]}"));
            ByteBuffer err = c.next(0x7F, 20);
            assertEquals(8, err.getInt(2));
            assertEquals("invalid", WsClient.json(err, 6).get("code").asText());
        }
        String viewer = t.token(Role.VIEWER, "default");
        try (WsClient c = WsClient.connect(t.http, ws("ws-a", viewer))) {
            c.send(WsClient.input(9, -1, "{\"type\":\"moveField\",\"id\":\"left\",\"position\":[0,0,0]}"));
            ByteBuffer err = c.next(0x7F, 10);
            assertEquals(9, err.getInt(2));
            assertEquals("forbidden", WsClient.json(err, 6).get("code").asText());
        }
    }

    @Test
    void inputsAreRateLimitedPerConnection() throws Exception {
        String player = t.token(Role.PLAYER, "default");
        try (WsClient c = WsClient.connect(t.http, ws("ws-a", player))) {
            c.next(0x01, 10);
            int n = 200;
            for (int i = 1; i <= n; i++) {
                c.send(WsClient.input(i, -1, "{\"type\":\"moveField\",\"id\":\"left\",\"position\":[-40," + (i % 50) + ",0]}"));
            }
            int acks = 0;
            int limited = 0;
            while (acks + limited < n) {
                ByteBuffer m = c.messages.poll(20, TimeUnit.SECONDS);
                if (m == null) {
                    break;
                }
                if ((m.get(1) & 0xFF) == 0x20) {
                    acks++;
                } else if ((m.get(1) & 0xFF) == 0x7F) {
                    assertEquals("rate-limited", code(m));
                    limited++;
                }
            }
            assertEquals(n, acks + limited, "every input was answered");
            assertTrue(acks >= 30 && acks <= 100, acks + " accepted: the burst of a connection (60) plus refill");
            assertTrue(limited >= 100, limited + " refused");
            assertFalse(c.closed.isDone(), "rate limiting does not close the connection");
        }
    }

    @Test
    void malformedTrafficGetsErrorsAndTheServerCarriesOn() throws Exception {
        long tickBefore = t.call("GET", "/api/campaigns/ws-a", (String) null, null).json().get("tick").asLong();
        String player = t.token(Role.PLAYER, "default");
        try (WsClient c = WsClient.connect(t.http, ws("ws-a", player))) {
            c.next(0x01, 10);
            c.send(new byte[] {1});
            assertEquals("malformed", code(c.next(0x7F, 10)));
            c.send(new byte[] {1, (byte) 0x81, 0});
            assertEquals("malformed", code(c.next(0x7F, 10)));
            c.send(new byte[] {1, (byte) 0x81, 0, 9});
            JsonNode e = WsClient.json(c.next(0x7F, 10), 6);
            assertEquals("invalid", e.get("code").asText());
            assertEquals("tier", e.get("field").asText());
            c.send(new byte[] {1, 0x55, 0, 0});
            assertEquals("unknown-type", code(c.next(0x7F, 10)));
            c.send(new byte[] {1, (byte) 0x83, 5});
            assertEquals("malformed", code(c.next(0x7F, 10)));
            c.send(new byte[] {1, (byte) 0x83, 5, 0, 0, 0, 0, 0, 0, 0}); // a valid REPORT gets no answer
            c.send(WsClient.input(3, -1, "{not json"));
            ByteBuffer bad = c.next(0x7F, 10);
            assertEquals(3, bad.getInt(2));
            assertEquals("malformed", code(bad));
            c.ws.sendText("hello", true).join();
            assertEquals("binary-only", code(c.next(0x7F, 10)));
            Random rnd = new Random(1);
            for (int i = 0; i < 5; i++) {
                byte[] junk = new byte[1 + rnd.nextInt(200)];
                rnd.nextBytes(junk);
                junk[0] = 1;
                c.send(junk);
                c.next(0x7F, 10);
            }
            // the connection still works
            c.send(WsClient.subscribe(1, 4));
            c.next(0x10, 10);
            assertFalse(c.closed.isDone());
        }
        try (WsClient c = WsClient.connect(t.http, ws("ws-a", null))) {
            c.next(0x01, 10);
            c.send(new byte[] {2, (byte) 0x81, 0, 0});
            assertEquals("unsupported-version", code(c.next(0x7F, 10)));
            c.closed.get(10, TimeUnit.SECONDS);
        }
        try (WsClient c = WsClient.connect(t.http, ws("ws-a", null))) {
            c.next(0x01, 10);
            c.send(new byte[100_000]);
            assertEquals("too-large", code(c.next(0x7F, 10)));
            c.closed.get(10, TimeUnit.SECONDS);
        }
        try (WsClient c = WsClient.connect(t.http, ws("ws-a", null))) {
            c.next(0x01, 10);
            for (int i = 0; i < 25; i++) {
                c.send(new byte[] {1, 0x55});
            }
            c.closed.get(10, TimeUnit.SECONDS);
        }
        // the campaign and the server carry on
        Thread.sleep(300);
        long tickAfter = t.call("GET", "/api/campaigns/ws-a", (String) null, null).json().get("tick").asLong();
        assertTrue(tickAfter > tickBefore, "the campaign kept ticking");
        try (WsClient c = WsClient.connect(t.http, ws("ws-a", null))) {
            c.next(0x01, 10);
        }
    }

    @Test
    void eachTierIsEncodedOncePerTickHoweverManyViewers() throws Exception {
        assertEquals(201, t.createCampaign("ws-fan", "default", true, 8_000).status());
        List<WsClient> viewers = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                WsClient c = WsClient.connect(t.http, ws("ws-fan", null));
                c.send(WsClient.subscribe(1, 1));
                viewers.add(c);
            }
            for (WsClient c : viewers) {
                for (int i = 0; i < 30; i++) {
                    c.next(0x10, 10);
                }
            }
            CampaignFeeds.Feed feed = t.server.feeds().existing("ws-fan");
            long frames = feed.frames.get();
            long encodes = feed.encodes.get(1);
            assertTrue(encodes >= 30, "encoded " + encodes);
            assertTrue(encodes <= frames, "tier 1 encoded " + encodes + " times for " + frames + " frames and 6 viewers");
            assertEquals(0, feed.encodes.get(0), "nobody watched the full tier");
        } finally {
            viewers.forEach(WsClient::close);
        }
    }

    @Test
    void viewersAreCountedOnceAndUncountedWhenTheyLeave() throws Exception {
        assertEquals(201, t.createCampaign("ws-count", "default", true, 4_000).status());
        List<WsClient> viewers = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                WsClient c = WsClient.connect(t.http, ws("ws-count", null));
                c.send(WsClient.subscribe(1, 2));
                viewers.add(c);
            }
            viewers.get(0).send(WsClient.subscribe(1, 3)); // a second SUBSCRIBE changes the tier only
            for (WsClient c : viewers) {
                c.next(0x10, 10);
            }
            CampaignFeeds.Feed feed = t.server.feeds().existing("ws-count");
            assertEquals(3, feed.viewers());
            viewers.remove(0).close();
            assertEventually(() -> feed.viewers() == 2, "one of three viewers left: 2 still counted");
        } finally {
            viewers.forEach(WsClient::close);
        }
        CampaignFeeds.Feed feed = t.server.feeds().existing("ws-count");
        assertEventually(() -> feed.viewers() == 0, "every viewer left: none still counted");
    }

    private static void assertEventually(java.util.function.BooleanSupplier condition, String message) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, message);
            Thread.sleep(20);
        }
    }

    @Test
    void aStalledViewerHoldsNoBacklogAndDoesNotSlowTheTick() throws Exception {
        assertEquals(201, t.createCampaign("ws-stall", "default", true, 40_000).status());
        // a viewer that subscribes to full frames (280 KB each, 17 MB/s) and then never reads
        Socket raw = new Socket("127.0.0.1", t.server.port());
        raw.setReceiveBufferSize(4096);
        OutputStream out = raw.getOutputStream();
        String key = Base64.getEncoder().encodeToString(new byte[16]);
        out.write(("GET /ws/campaigns/ws-stall HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] sub = {1, (byte) 0x81, 1, 0};
        byte[] frame = new byte[6 + sub.length];
        frame[0] = (byte) 0x82;
        frame[1] = (byte) (0x80 | sub.length);
        for (int i = 0; i < sub.length; i++) {
            frame[6 + i] = sub[i]; // mask 0
        }
        out.write(frame);
        out.flush();
        InputStream in = raw.getInputStream();
        byte[] head = new byte[12];
        assertTrue(in.read(head) > 0, "handshake answered");
        var mem = ManagementFactory.getMemoryMXBean();
        try (WsClient healthy = WsClient.connect(t.http, ws("ws-stall", null))) {
            healthy.send(WsClient.subscribe(1, 3));
            healthy.next(0x10, 10);
            System.gc();
            long heapBefore = mem.getHeapMemoryUsage().getUsed();
            JsonNode before = t.call("GET", "/api/campaigns/ws-stall", (String) null, null).json();
            long t0 = System.nanoTime();
            healthy.messages.clear();
            Thread.sleep(8_000);
            double seconds = (System.nanoTime() - t0) / 1e9;
            int frames = 0;
            for (ByteBuffer m : healthy.messages) {
                if ((m.get(1) & 0xFF) == 0x10) {
                    frames++;
                }
            }
            JsonNode after = t.call("GET", "/api/campaigns/ws-stall", (String) null, null).json();
            System.gc();
            long heapAfter = mem.getHeapMemoryUsage().getUsed();
            double ticksPerSecond = (after.get("tick").asLong() - before.get("tick").asLong()) / seconds;
            assertTrue(ticksPerSecond > 50, "the campaign ticks at " + ticksPerSecond + "/s with a stalled viewer");
            assertTrue(frames / seconds > 40, "a healthy viewer still gets " + frames / seconds + " frames/s");
            // an unbounded queue would hold 8 s × 60 × 280 KB = 134 MB by now
            assertTrue(heapAfter - heapBefore < 40_000_000L, "heap grew by " + (heapAfter - heapBefore) + " bytes");
        } finally {
            raw.close();
        }
    }

    private static String code(ByteBuffer error) {
        return WsClient.json(error, 6).get("code").asText();
    }
}
