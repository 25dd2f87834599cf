package io.swarmcast.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.swarmcast.edge.security.Role;
import io.swarmcast.edge.security.SigningKey;
import io.swarmcast.edge.security.TokenService;
import io.swarmcast.edge.server.SwarmcastServer;
import io.swarmcast.edge.stream.Tiers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code swarmcast loadtest}: N WebSocket viewers against a running server, then (with --baseline node,bare)
 * the same viewers against a minimal Node.js {@code ws} broadcast server and/or {@link BareServer} (the least work
 * any server can do) sending the same frame bytes, and a raw loopback TCP throughput, all in one run. Reports per tier frames/s per viewer (min, median),
 * tick-to-receipt latency p50/p99, bytes/s, and the servers' CPU and memory.
 */
@Command(name = "loadtest", mixinStandardHelpOptions = true,
    description = {"Opens N WebSocket viewers against a Swarmcast server and reports, per tier, frames/s per viewer,",
        "tick-to-receipt latency, bytes/s, server CPU and heap; optionally against a Node.js ws peer baseline."})
public final class LoadTest implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--server", defaultValue = "http://127.0.0.1:8080", description = "server base URL (default ${DEFAULT-VALUE})")
    String server;
    @Option(names = "--campaign", defaultValue = "demo")
    String campaign;
    @Option(names = "--viewers", defaultValue = "1000")
    int viewers;
    @Option(names = "--duration", defaultValue = "20", description = "measured seconds (default ${DEFAULT-VALUE})")
    int duration;
    @Option(names = "--warmup", defaultValue = "8", description = "seconds after the last viewer connected, not measured")
    int warmup;
    @Option(names = "--mode", defaultValue = "adaptive", description = "adaptive or pinned")
    String mode;
    @Option(names = "--tier", defaultValue = "0", description = "pinned: the tier; adaptive: the highest tier wanted")
    int tier;
    @Option(names = "--baseline", split = ",", description = {"peers run against the same viewers after ours: node (a Node.js ws",
        "broadcast server, the common choice) and/or bare (BareServer: the least work any server can do, this machine's ceiling)"})
    List<String> baselines = new ArrayList<>();
    @Option(names = "--bare-hz", defaultValue = "60", description = "messages a second the bare baseline sends each viewer (default ${DEFAULT-VALUE})")
    int bareHz;
    @Option(names = "--bare-threads", defaultValue = "1", description = "selector threads of the bare baseline (default ${DEFAULT-VALUE})")
    int bareThreads;
    @Option(names = "--node-tier", description = "tier whose frame the node baseline sends (default: the most common tier of our run)")
    Integer nodeTier;
    @Option(names = "--find-max", description = "step the viewer count up (--steps) and report the most held at >= 30 frames/s, p99 <= 50 ms")
    boolean findMax;
    @Option(names = "--steps", split = ",", defaultValue = "250,500,1000,1500,2000,3000")
    int[] steps;
    @Option(names = "--clients", defaultValue = "2", description = "selector threads (or JDK HTTP clients) to spread viewers over")
    int clients;
    @Option(names = "--client", defaultValue = "nio", description = "nio (a minimal raw-socket WebSocket client, the default) or jdk (java.net.http)")
    String client;
    @Option(names = "--token", description = "admin token for /api/server (default: minted with this machine's signing key)")
    String token;
    @Option(names = "--pause-for-baseline", description = "pause the campaign while the node baseline runs (default: it keeps running, as it does for our runs)")
    boolean pauseForBaseline;
    @Option(names = "--skip-ours", description = "run only the node baseline (the tier must be given: --node-tier or --mode pinned)")
    boolean skipOurs;
    @Option(names = "--no-report", description = "viewers do not send REPORT (the edge then adapts on conflation alone)")
    boolean noReport;
    @Option(names = "--json", description = "also print one JSON object per run")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final List<Map<String, Object>> results = new ArrayList<>();
    private volatile double lastHeapAfterGc = -1;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadTest()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        validate();
        if (token == null) {
            var sec = SwarmcastServer.config(ConfigFactory.empty()).getConfig("swarmcast.security");
            token = new TokenService(SigningKey.load(sec, SwarmcastServer.dataDir()), Clock.systemUTC())
                .issue("loadtest", Role.ADMIN, "default", null, Duration.ofHours(2));
        }
        String wsBase = server.replaceFirst("^http", "ws") + "/ws/campaigns/" + campaign;
        double tcp = loopbackTcpMBps();
        System.out.printf("raw loopback TCP: %.0f MB/s (one stream, 2 s)%n", tcp);
        int[] counts = findMax ? steps : new int[] {viewers};
        int oursHeld = 0;
        int mostCommonTier = tier;
        for (int n : skipOurs ? new int[0] : counts) {
            Map<String, Object> r = run("swarmcast", wsBase, n, () -> serverStats(), tcp);
            mostCommonTier = (int) r.get("mostCommonTier");
            if (passes(r)) {
                oursHeld = n;
            } else if (findMax) {
                break;
            }
        }
        Map<String, Integer> held = new LinkedHashMap<>();
        held.put("swarmcast", oursHeld);
        for (String b : baselines) {
            int t = nodeTier != null ? nodeTier : mode.equals("pinned") ? tier : mostCommonTier;
            held.put(b, runBaseline(b, wsBase, t, counts, tcp));
        }
        if (findMax) {
            StringBuilder line = new StringBuilder();
            held.forEach((k, v) -> line.append(line.length() == 0 ? "" : ", ").append(k).append(' ').append(v).append(" viewers"));
            System.out.printf("%nheld at >= 30 frames/s, p99 <= 50 ms, no disconnects: %s%n", line);
        }
        if (json) {
            for (Map<String, Object> r : results) {
                System.out.println(JSON.writeValueAsString(r));
            }
        }
        return 0;
    }

    /** Refuses bad options before anything connects, with the option named: a typo must not cost a run. */
    private void validate() {
        require(mode.equals("adaptive") || mode.equals("pinned"), "--mode is adaptive or pinned, not " + mode);
        require(client.equals("nio") || client.equals("jdk"), "--client is nio or jdk, not " + client);
        for (String b : baselines) {
            require(b.equals("node") || b.equals("bare"), "--baseline takes node and/or bare, not " + b);
        }
        require(!skipOurs || !baselines.isEmpty(), "--skip-ours needs --baseline node and/or bare");
        require(tier >= 0 && tier < Tiers.COUNT, "--tier is 0 to " + (Tiers.COUNT - 1) + ", not " + tier);
        require(nodeTier == null || nodeTier >= 0 && nodeTier < Tiers.COUNT, "--node-tier is 0 to " + (Tiers.COUNT - 1));
        require(viewers >= 1, "--viewers must be at least 1");
        for (int n : steps) {
            require(n >= 1, "--steps must all be at least 1, not " + n);
        }
        require(duration >= 1, "--duration must be at least 1 second");
        require(warmup >= 0, "--warmup cannot be negative");
        require(clients >= 1 && clients <= 64, "--clients is 1 to 64, not " + clients);
        require(bareHz >= 1 && bareHz <= 1000, "--bare-hz is 1 to 1000, not " + bareHz);
        require(bareThreads >= 1 && bareThreads <= 64, "--bare-threads is 1 to 64, not " + bareThreads);
    }

    private void require(boolean ok, String message) {
        if (!ok) {
            throw new CommandLine.ParameterException(spec.commandLine(), message);
        }
    }

    /** Runs one peer baseline sending the tier's real frame to the same viewer counts; the most it held. */
    private int runBaseline(String kind, String wsBase, int t, int[] counts, double tcp) throws Exception {
        Path frame = captureFrame(wsBase, t);
        int port = freePort();
        List<String> cmd;
        if (kind.equals("node")) {
            cmd = List.of("node", baselineScript().toString(), "--port", String.valueOf(port), "--frame", frame.toString(), "--hz", "60");
        } else if (kind.equals("bare")) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            cmd = List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), BareServer.class.getName(),
                "--port", String.valueOf(port), "--frame", frame.toString(), "--hz", String.valueOf(bareHz), "--threads", String.valueOf(bareThreads));
        } else {
            throw new IllegalArgumentException("unknown baseline " + kind); // validate() refused it before
        }
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        int held = 0;
        try {
            waitForPort(port);
            System.out.printf("%s baseline on :%d sending the tier %s frame (%d bytes) at %d Hz%s%n", kind, port, Tiers.NAMES[t],
                Files.size(frame), kind.equals("node") ? 60 : bareHz, kind.equals("node") ? ", ws " + nodeWsVersion() : "");
            if (pauseForBaseline) {
                control("pause");
            }
            for (int n : counts) {
                Map<String, Object> r = run(kind.equals("node") ? "node-ws" : "bare", "ws://127.0.0.1:" + port + "/", n,
                    () -> procStats(p.pid()), tcp);
                if (passes(r)) {
                    held = n;
                } else if (findMax) {
                    break;
                }
            }
        } finally {
            if (pauseForBaseline) {
                control("resume");
            }
            p.destroy();
            p.waitFor(5, TimeUnit.SECONDS);
        }
        return held;
    }

    private static boolean passes(Map<String, Object> r) {
        return (double) r.get("minFps") >= 30 && (double) r.get("p99Ms") <= 50 && (int) r.get("disconnects") == 0;
    }

    /** Stats of the server process: cpu seconds and memory bytes, sampled. */
    private interface Stats {
        double[] sample() throws Exception;
    }

    private Map<String, Object> run(String target, String url, int n, Stats stats, double tcpMBps) throws Exception {
        Recorder[] latency = new Recorder[Tiers.COUNT];
        for (int t = 0; t < latency.length; t++) {
            latency[t] = new Recorder(3);
        }
        Viewer.Run run = new Viewer.Run();
        List<Viewer> vs = new ArrayList<>(n);
        byte[] subscribe = {1, (byte) 0x81, (byte) (mode.equals("pinned") ? 1 : 0), (byte) tier};
        int failed = 0;
        NioViewers nio = null;
        HttpClient[] http = null;
        if (client.equals("nio")) {
            nio = new NioViewers(clients, latency, run, !noReport);
            for (int i = 0; i < n; i++) {
                try {
                    vs.add(nio.connect(URI.create(url), subscribe));
                } catch (IOException e) {
                    failed++;
                }
            }
        } else {
            http = new HttpClient[clients];
            for (int i = 0; i < clients; i++) {
                http[i] = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
            }
            Semaphore connecting = new Semaphore(64);
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Viewer v = new Viewer(latency, run);
                vs.add(v);
                connecting.acquire();
                all.add(http[i % clients].newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30)).buildAsync(URI.create(url), v)
                    .thenCompose(ws -> ws.sendBinary(ByteBuffer.wrap(subscribe), true))
                    .whenComplete((x, e) -> connecting.release()));
            }
            for (CompletableFuture<?> f : all) {
                try {
                    f.get(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    failed++;
                }
            }
        }
        Thread.sleep(warmup * 1000L);
        for (Recorder r : latency) {
            r.reset();
        }
        double[] before = stats.sample();
        double maxMem = before[1];
        run.measuring = true;
        long t0 = System.nanoTime();
        for (int s = 0; s < duration; s++) {
            Thread.sleep(1000);
            maxMem = Math.max(maxMem, stats.sample()[1]);
        }
        run.measuring = false;
        double seconds = (System.nanoTime() - t0) / 1e9;
        double[] after = stats.sample();
        if (nio != null) {
            nio.close(); // joins the selector threads: their counts are visible from here on
        }
        int disconnects = failed;
        for (Viewer v : vs) {
            if (v.closed) {
                disconnects++;
            }
        }
        Histogram all99 = new Histogram(3);
        Map<String, Object> tiers = new LinkedHashMap<>();
        int mostCommon = 0;
        int mostCount = -1;
        for (int t = 0; t < Tiers.COUNT; t++) {
            Histogram h = latency[t].getIntervalHistogram();
            all99.add(h);
            List<Double> fps = new ArrayList<>();
            long bytes = 0;
            for (Viewer v : vs) {
                if (v.tier == t) {
                    fps.add(v.frames / seconds);
                    bytes += v.bytes;
                }
            }
            if (fps.size() > mostCount) {
                mostCount = fps.size();
                mostCommon = t;
            }
            if (fps.isEmpty() && h.getTotalCount() == 0) {
                continue;
            }
            double[] f = fps.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("viewers", f.length);
            m.put("minFps", f.length == 0 ? 0 : round(f[0]));
            m.put("medianFps", f.length == 0 ? 0 : round(f[f.length / 2]));
            m.put("p50Ms", round(h.getValueAtPercentile(50) / 1000.0));
            m.put("p99Ms", round(h.getValueAtPercentile(99) / 1000.0));
            m.put("MBps", round(bytes / seconds / 1e6));
            tiers.put(Tiers.NAMES[t], m);
        }
        double[] fpsAll = vs.stream().mapToDouble(v -> v.frames / seconds).sorted().toArray();
        long bytesAll = vs.stream().mapToLong(v -> v.bytes).sum();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("target", target);
        r.put("viewers", n);
        r.put("mode", mode);
        r.put("tier", tier);
        r.put("seconds", round(seconds));
        r.put("minFps", round(fpsAll.length == 0 ? 0 : fpsAll[0]));
        r.put("medianFps", round(fpsAll.length == 0 ? 0 : fpsAll[fpsAll.length / 2]));
        r.put("p50Ms", round(all99.getValueAtPercentile(50) / 1000.0));
        r.put("p99Ms", round(all99.getValueAtPercentile(99) / 1000.0));
        r.put("disconnects", disconnects);
        r.put("MBps", round(bytesAll / seconds / 1e6));
        r.put("tcpMBps", round(tcpMBps));
        r.put("ofTcp", round(bytesAll / seconds / 1e6 / tcpMBps));
        r.put("serverCores", round((after[0] - before[0]) / seconds));
        r.put("serverMemMaxMB", round(maxMem / 1e6));
        if (target.equals("swarmcast")) {
            r.put("heapAfterGcMB", round(lastHeapAfterGc / 1e6));
        }
        r.put("tiers", tiers);
        r.put("mostCommonTier", mostCommon);
        results.add(r);
        System.out.printf("%n%s, %d viewers (%s%s): frames/s per viewer min %.1f median %.1f | latency p50 %.1f ms p99 %.1f ms"
                + " | %.1f MB/s (%.0f%% of loopback TCP) | disconnects %d | server %.2f cores, %s max %.0f MB%n",
            target, n, mode, mode.equals("pinned") ? " " + Tiers.NAMES[tier] : "", r.get("minFps"), r.get("medianFps"),
            r.get("p50Ms"), r.get("p99Ms"), r.get("MBps"), 100 * (double) r.get("ofTcp"), disconnects, r.get("serverCores"),
            target.equals("swarmcast") ? "heap" : "RSS", maxMem / 1e6);
        if (target.equals("swarmcast")) {
            System.out.printf("  heap after the last GC: %.0f MB%n", lastHeapAfterGc / 1e6);
        }
        for (Map.Entry<String, Object> e : tiers.entrySet()) {
            System.out.printf("  tier %-6s %s%n", e.getKey(), e.getValue());
        }
        for (Viewer v : vs) {
            java.net.http.WebSocket ws = v.ws;
            if (ws != null) {
                ws.abort();
            }
        }
        Thread.sleep(2000);
        return r;
    }

    private final HttpClient api = HttpClient.newHttpClient();

    /** Pauses or resumes the campaign: its simulation is not left running on the machine while the node baseline runs. */
    private void control(String action) throws Exception {
        HttpResponse<String> r = api.send(HttpRequest.newBuilder(URI.create(server + "/api/campaigns/" + campaign + "/" + action))
            .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
        System.out.printf("campaign %s: %s -> %d%n", campaign, action, r.statusCode());
    }

    private double[] serverStats() throws Exception {
        HttpClient c = api;
        HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create(server + "/api/server"))
            .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET /api/server: " + r.statusCode() + " " + r.body());
        }
        JsonNode j = JSON.readTree(r.body());
        lastHeapAfterGc = j.get("heapAfterLastGcBytes").asDouble();
        return new double[] {j.get("processCpuSeconds").asDouble(), j.get("heapUsedBytes").asDouble()};
    }

    /** utime + stime (seconds) and resident memory (bytes) of a local process. */
    private static double[] procStats(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        double cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        double rss = 0;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024.0;
            }
        }
        return new double[] {cpu, rss};
    }

    /** One real frame of {@code tier} from the server under test, for the baseline to send. */
    private Path captureFrame(String url, int t) throws Exception {
        CompletableFuture<byte[]> frame = new CompletableFuture<>();
        java.io.ByteArrayOutputStream partial = new java.io.ByteArrayOutputStream();
        HttpClient c = HttpClient.newHttpClient();
        java.net.http.WebSocket ws = c.newWebSocketBuilder().buildAsync(URI.create(url), new java.net.http.WebSocket.Listener() {
            @Override
            public java.util.concurrent.CompletionStage<?> onBinary(java.net.http.WebSocket w, ByteBuffer data, boolean last) {
                byte[] b = new byte[data.remaining()];
                data.get(b);
                partial.write(b, 0, b.length);
                if (last) {
                    byte[] m = partial.toByteArray();
                    partial.reset();
                    if (m.length > 2 && (m[1] & 0xFF) == 0x10) {
                        frame.complete(m);
                    }
                }
                w.request(1);
                return null;
            }
        }).get(30, TimeUnit.SECONDS);
        ws.sendBinary(ByteBuffer.wrap(new byte[] {1, (byte) 0x81, 1, (byte) t}), true).get();
        byte[] bytes = frame.get(30, TimeUnit.SECONDS);
        ws.abort();
        Path p = Files.createTempFile("swarmcast-frame", ".bin");
        Files.write(p, bytes);
        return p;
    }

    private static Path baselineScript() {
        Path here = Path.of(System.getProperty("swarmcast.home", ".")).toAbsolutePath();
        Path script = here.resolve("bench/node-baseline/server.js");
        if (!Files.isRegularFile(script) || !Files.isDirectory(here.resolve("bench/node-baseline/node_modules"))) {
            throw new IllegalStateException("the node baseline needs " + script + " with its node_modules: "
                + "(cd bench/node-baseline && npm ci)");
        }
        return script;
    }

    private static String nodeWsVersion() {
        try {
            JsonNode p = JSON.readTree(Path.of(System.getProperty("swarmcast.home", "."), "bench/node-baseline/node_modules/ws/package.json").toFile());
            return p.get("version").asText();
        } catch (IOException e) {
            return "?";
        }
    }

    private static void waitForPort(int port) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the node baseline did not listen on " + port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** One TCP stream over loopback for 2 s: MB/s received. */
    static double loopbackTcpMBps() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread writer = new Thread(() -> {
                try (Socket s = ss.accept(); OutputStream out = s.getOutputStream()) {
                    byte[] buf = new byte[1 << 20];
                    long end = System.nanoTime() + 2_000_000_000L;
                    while (System.nanoTime() < end) {
                        out.write(buf);
                    }
                } catch (IOException ignored) {
                    // reader closed
                }
            });
            writer.start();
            long bytes = 0;
            long t0;
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), ss.getLocalPort()); InputStream in = s.getInputStream()) {
                byte[] buf = new byte[1 << 20];
                t0 = System.nanoTime();
                int r;
                while ((r = in.read(buf)) > 0) {
                    bytes += r;
                }
            }
            writer.join();
            return bytes / ((System.nanoTime() - t0) / 1e9) / 1e6;
        }
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
