package io.swarmcast.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.swarmcast.campaign.CampaignReply;
import io.swarmcast.campaign.CampaignStatus;
import io.swarmcast.campaign.Campaigns;
import io.swarmcast.campaign.node.CampaignNode;
import io.swarmcast.campaign.runner.TickMetrics;
import io.swarmcast.core.input.Input;
import io.swarmcast.core.scene.Presets;
import io.swarmcast.core.scene.Vec3;
import io.swarmcast.persistence.DatabaseAdmin;
import io.swarmcast.persistence.DatabaseSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Campaign-level benchmarks: acknowledged inputs per second, recovery time and tick jitter. */
@Command(name = "campaign", mixinStandardHelpOptions = true,
    description = "Campaign benchmarks on a real node and database (docs/benchmarks.md).",
    subcommands = {CampaignBench.Inputs.class, CampaignBench.Recovery.class, CampaignBench.Ticks.class})
public final class CampaignBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Config overrides(String backend) {
        return ConfigFactory.parseString(String.join("\n",
            "swarmcast.engine.backend = " + backend,
            "swarmcast.cluster.port = 0",
            "pekko.loglevel = WARNING",
            "pekko.coordinated-shutdown.exit-jvm = off"));
    }

    static DatabaseSettings database(String kind, String name) throws Exception {
        return switch (kind) {
            case "h2" -> DatabaseSettings.h2(Files.createTempDirectory("swarmcast-bench-" + name));
            case "postgres" -> DatabaseAdmin.fromEnvironment().freshDatabase("swarmcast_bench_" + name);
            default -> throw new IllegalArgumentException("--db must be h2 or postgres, was " + kind);
        };
    }

    static <T> T await(CompletionStage<T> s) throws Exception {
        return s.toCompletableFuture().get(120, TimeUnit.SECONDS);
    }

    static CampaignStatus status(Campaigns c, String id) throws Exception {
        return ((CampaignReply.Status) await(c.status(id))).status();
    }

    static void print(Map<String, Object> m) throws Exception {
        m.put("jdk", Runtime.version().toString());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        System.out.println(JSON.writeValueAsString(m));
    }

    static double ms(long nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }

    @Command(name = "inputs", mixinStandardHelpOptions = true,
        description = "Acknowledged (journaled) inputs per second across running campaigns.")
    static final class Inputs implements java.util.concurrent.Callable<Integer> {
        @Option(names = "--db", defaultValue = "h2,postgres", split = ",", description = "h2, postgres or both")
        List<String> dbs;
        @Option(names = "--campaigns", defaultValue = "10")
        int campaigns;
        @Option(names = "--in-flight", defaultValue = "64", description = "outstanding inputs per campaign")
        int inFlight;
        @Option(names = "--seconds", defaultValue = "10")
        int seconds;
        @Option(names = "--particles", defaultValue = "5000")
        int particles;

        @Override
        public Integer call() throws Exception {
            for (String db : dbs) {
                run(db);
            }
            return 0;
        }

        private void run(String db) throws Exception {
            try (CampaignNode node = CampaignNode.start(overrides("java"), database(db, "inputs"))) {
                Campaigns c = node.campaigns();
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < campaigns; i++) {
                    ids.add("inputs-" + i);
                    await(c.create(ids.get(i), Presets.get("demo", particles), true));
                }
                AtomicBoolean measuring = new AtomicBoolean(false);
                AtomicBoolean running = new AtomicBoolean(true);
                AtomicLong acked = new AtomicLong();
                AtomicLong refused = new AtomicLong();
                Recorder latency = new Recorder(3);
                for (String id : ids) {
                    for (int k = 0; k < inFlight; k++) {
                        send(c, id, k, running, measuring, acked, refused, latency);
                    }
                }
                Thread.sleep(3000);
                latency.getIntervalHistogram();
                long a0 = acked.get();
                measuring.set(true);
                long t0 = System.nanoTime();
                Thread.sleep(seconds * 1000L);
                long a1 = acked.get();
                long t1 = System.nanoTime();
                measuring.set(false);
                Histogram h = latency.getIntervalHistogram();
                running.set(false);
                Thread.sleep(500);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("bench", "campaign inputs");
                m.put("db", db);
                m.put("campaigns", campaigns);
                m.put("in_flight_per_campaign", inFlight);
                m.put("acked_per_s", Math.round((a1 - a0) / ((t1 - t0) / 1e9)));
                m.put("ack_ms", Map.of("p50", ms(h.getValueAtPercentile(50)), "p99", ms(h.getValueAtPercentile(99)),
                    "max", ms(h.getMaxValue())));
                m.put("refused", refused.get());
                print(m);
            }
        }

        private static void send(Campaigns c, String id, int k, AtomicBoolean running, AtomicBoolean measuring,
                                 AtomicLong acked, AtomicLong refused, Recorder latency) {
            if (!running.get()) {
                return;
            }
            long t = System.nanoTime();
            Input in = new Input.MoveField("left", new Vec3(-45 + (k % 40), (k * 7) % 50 - 25, 0));
            c.input(id, -1, in).whenComplete((r, e) -> {
                if (r instanceof CampaignReply.InputAccepted) {
                    acked.incrementAndGet();
                    if (measuring.get()) {
                        latency.recordValue(System.nanoTime() - t);
                    }
                } else {
                    refused.incrementAndGet();
                }
                send(c, id, k + 1, running, measuring, acked, refused, latency);
            });
        }
    }

    @Command(name = "recovery", mixinStandardHelpOptions = true,
        description = "Time for a running campaign to come back from snapshot + journal after its node stops.")
    static final class Recovery implements java.util.concurrent.Callable<Integer> {
        @Option(names = "--db", defaultValue = "h2")
        String db;
        @Option(names = "--particles", defaultValue = "500000")
        int particles;
        @Option(names = "--inputs", defaultValue = "300", description = "inputs journaled after the snapshot")
        int inputs;
        @Option(names = "--backend", defaultValue = "java")
        String backend;

        @Override
        public Integer call() throws Exception {
            DatabaseSettings settings = database(db, "recovery");
            String id = "recover";
            CampaignStatus before;
            try (CampaignNode node = CampaignNode.start(overrides(backend), settings)) {
                Campaigns c = node.campaigns();
                await(c.create(id, Presets.get("demo", particles), true));
                while (status(c, id).tick() < 120) {
                    Thread.sleep(50);
                }
                await(c.snapshot(id));
                for (int k = 0; k < inputs; k++) {
                    await(c.input(id, -1, new Input.MoveField("left", new Vec3(-45 + k % 40, 0, 0))));
                }
                before = status(c, id);
            }
            TickMetrics.all().remove(id);
            long snapshotBytes = snapshotBytes(settings);
            long t0 = System.nanoTime();
            try (CampaignNode node = CampaignNode.start(overrides(backend), settings)) {
                long nodeUp = System.nanoTime() - t0;
                TickMetrics m = TickMetrics.of(id);
                while (m.readyNanos < 0) {
                    Thread.sleep(5);
                    if (System.nanoTime() - t0 > 300e9) {
                        throw new IllegalStateException("the campaign did not come back");
                    }
                }
                long wallReady = System.nanoTime() - t0;
                CampaignStatus after = status(node.campaigns(), id);
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("bench", "campaign recovery");
                out.put("db", db);
                out.put("backend", backend);
                out.put("particles", particles);
                out.put("snapshot_bytes", snapshotBytes);
                out.put("inputs_after_snapshot", inputs);
                out.put("tick_before_stop", before.tick());
                out.put("restored_ms", ms(m.restoredNanos));
                out.put("ready_ms", ms(m.readyNanos));
                out.put("node_start_ms", ms(nodeUp));
                out.put("node_start_to_ticking_ms", ms(wallReady));
                out.put("tick_after_recovery", after.tick());
                print(out);
            }
            return 0;
        }

        private static long snapshotBytes(DatabaseSettings db) throws Exception {
            String q = db.kind() == DatabaseSettings.Kind.H2
                ? "SELECT MAX(OCTET_LENGTH(\"snapshot_payload\")) FROM \"snapshot\""
                : "SELECT MAX(OCTET_LENGTH(snapshot_payload)) FROM snapshot";
            try (Connection conn = DriverManager.getConnection(db.url(), db.user(), db.password());
                 ResultSet rs = conn.createStatement().executeQuery(q)) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    @Command(name = "ticks", mixinStandardHelpOptions = true,
        description = "Tick start jitter (lateness against the 60 Hz deadline) with many campaigns on one node.")
    static final class Ticks implements java.util.concurrent.Callable<Integer> {
        @Option(names = "--campaigns", defaultValue = "10")
        int campaigns;
        @Option(names = "--particles", defaultValue = "50000")
        int particles;
        @Option(names = "--seconds", defaultValue = "20")
        int seconds;
        @Option(names = "--backend", defaultValue = "java")
        String backend;
        @Option(names = "--db", defaultValue = "h2")
        String db;

        @Override
        public Integer call() throws Exception {
            try (CampaignNode node = CampaignNode.start(overrides(backend), database(db, "ticks"))) {
                Campaigns c = node.campaigns();
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < campaigns; i++) {
                    ids.add("ticks-" + i);
                    await(c.create(ids.get(i), Presets.get("demo", particles), true));
                }
                Thread.sleep(5000);
                long over0 = 0;
                long ticks0 = 0;
                for (String id : ids) {
                    TickMetrics m = TickMetrics.of(id);
                    m.lateness.getIntervalHistogram();
                    m.stepTime.getIntervalHistogram();
                    over0 += m.overruns.get();
                    ticks0 += m.ticks.get();
                }
                Thread.sleep(seconds * 1000L);
                Histogram late = new Histogram(3);
                Histogram step = new Histogram(3);
                long over1 = 0;
                long ticks1 = 0;
                for (String id : ids) {
                    TickMetrics m = TickMetrics.of(id);
                    late.add(m.lateness.getIntervalHistogram());
                    step.add(m.stepTime.getIntervalHistogram());
                    over1 += m.overruns.get();
                    ticks1 += m.ticks.get();
                }
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("bench", "campaign ticks");
                out.put("backend", backend);
                out.put("campaigns", campaigns);
                out.put("particles", particles);
                out.put("seconds", seconds);
                out.put("ticks_per_s_per_campaign", Math.round((ticks1 - ticks0) / (double) seconds / campaigns * 10) / 10.0);
                out.put("jitter_ms", Map.of("p50", ms(late.getValueAtPercentile(50)), "p99",
                    ms(late.getValueAtPercentile(99)), "p999", ms(late.getValueAtPercentile(99.9)), "max",
                    ms(late.getMaxValue())));
                out.put("step_ms", Map.of("p50", ms(step.getValueAtPercentile(50)), "p99",
                    ms(step.getValueAtPercentile(99))));
                out.put("overruns", over1 - over0);
                print(out);
                for (String id : ids) {
                    await(c.stop(id));
                }
            }
            return 0;
        }
    }
}
