package io.swarmcast.edge.metrics;

import io.swarmcast.campaign.runner.TickMetrics;
import io.swarmcast.edge.stream.CampaignFeeds;
import io.swarmcast.edge.stream.Tiers;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import kamon.Kamon;
import kamon.metric.Counter;
import kamon.metric.Metric;
import kamon.metric.MeasurementUnit;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Swarmcast's metrics, through Kamon (scraped by Prometheus on the metrics port). Per campaign: tick
 * time, overruns, particles, persistence latency (copied each second from the campaign runners on this
 * node); viewers per tier, frames, bytes and conflated frames per tier, encodings per tier; inputs
 * accepted and rejected. HTTP requests by route and status. JVM and process metrics come from Kamon's
 * system-metrics module.
 */
public final class EdgeMetrics {
    private final Map<String, AtomicIntegerArray> viewers = new ConcurrentHashMap<>();
    private final Map<String, Long> overrunsSeen = new HashMap<>();
    private final Map<String, long[]> encodesSeen = new HashMap<>();
    private final Metric.Histogram tickTime = Kamon.histogram("swarmcast.tick.time", MeasurementUnit.time().nanoseconds());
    private final Metric.Histogram persistTime = Kamon.histogram("swarmcast.persistence.latency",
        MeasurementUnit.time().nanoseconds());
    private final Metric.Histogram httpTime = Kamon.histogram("swarmcast.http.request.time", MeasurementUnit.time().nanoseconds());

    /** The instruments one viewer of {@code campaign} updates for each frame. */
    public final class ViewerInstruments {
        private final String campaign;
        private final Counter[] frames = new Counter[Tiers.COUNT];
        private final Counter[] bytes = new Counter[Tiers.COUNT];
        private final Counter[] conflated = new Counter[Tiers.COUNT];
        private int tier = -1;

        ViewerInstruments(String campaign) {
            this.campaign = campaign;
            for (int t = 0; t < Tiers.COUNT; t++) {
                String tag = Tiers.NAMES[t];
                frames[t] = Kamon.counter("swarmcast.frames.sent").withTag("campaign", campaign).withTag("tier", tag);
                bytes[t] = Kamon.counter("swarmcast.bytes.sent", MeasurementUnit.information().bytes())
                    .withTag("campaign", campaign).withTag("tier", tag);
                conflated[t] = Kamon.counter("swarmcast.frames.conflated").withTag("campaign", campaign).withTag("tier", tag);
            }
        }

        private final long[] pendingFrames = new long[Tiers.COUNT];
        private final long[] pendingBytes = new long[Tiers.COUNT];
        private final long[] pendingConflated = new long[Tiers.COUNT];
        private int unflushed;

        /** Counts a frame sent; the counters are updated every 60 frames (and on {@link #flush}). */
        public void sent(int t, int size, int dropped) {
            pendingFrames[t]++;
            pendingBytes[t] += size;
            pendingConflated[t] += dropped;
            if (++unflushed >= 60) {
                flush();
            }
        }

        public void flush() {
            for (int t = 0; t < Tiers.COUNT; t++) {
                if (pendingFrames[t] > 0) {
                    frames[t].increment(pendingFrames[t]);
                    bytes[t].increment(pendingBytes[t]);
                    pendingFrames[t] = 0;
                    pendingBytes[t] = 0;
                }
                if (pendingConflated[t] > 0) {
                    conflated[t].increment(pendingConflated[t]);
                    pendingConflated[t] = 0;
                }
            }
            unflushed = 0;
        }

        /** The viewer now watches {@code t} (-1: no longer watching). */
        public void tier(int t) {
            flush();
            AtomicIntegerArray a = viewers.computeIfAbsent(campaign, c -> new AtomicIntegerArray(Tiers.COUNT));
            if (tier >= 0) {
                a.decrementAndGet(tier);
            }
            if (t >= 0) {
                a.incrementAndGet(t);
            }
            tier = t;
        }
    }

    public ViewerInstruments viewer(String campaign) {
        return new ViewerInstruments(campaign);
    }

    public void input(String campaign, boolean accepted) {
        Kamon.counter("swarmcast.inputs").withTag("campaign", campaign)
            .withTag("result", accepted ? "accepted" : "rejected").increment();
    }

    public void http(String method, String route, int status, long nanos) {
        Kamon.counter("swarmcast.http.requests").withTag("method", method).withTag("route", route)
            .withTag("status", (long) status).increment();
        httpTime.withTag("route", route).record(nanos);
    }

    /** Viewers of {@code campaign} per tier on this node. */
    public int[] viewers(String campaign) {
        AtomicIntegerArray a = viewers.get(campaign);
        int[] out = new int[Tiers.COUNT];
        for (int t = 0; a != null && t < Tiers.COUNT; t++) {
            out[t] = a.get(t);
        }
        return out;
    }

    /** Copies the campaign runners' and feeds' measurements into Kamon; called once a second. */
    public synchronized void poll(CampaignFeeds feeds) {
        for (Map.Entry<String, TickMetrics> e : TickMetrics.all().entrySet()) {
            String c = e.getKey();
            TickMetrics m = e.getValue();
            copy(m.stepTime.getIntervalHistogram(), tickTime.withTag("campaign", c));
            copy(m.persistTime.getIntervalHistogram(), persistTime.withTag("campaign", c));
            long over = m.overruns.get();
            long before = overrunsSeen.getOrDefault(c, 0L);
            Kamon.counter("swarmcast.tick.overruns").withTag("campaign", c).increment(Math.max(0, over - before));
            overrunsSeen.put(c, over);
            Kamon.gauge("swarmcast.particles").withTag("campaign", c).update(m.particles);
        }
        for (Map.Entry<String, AtomicIntegerArray> e : viewers.entrySet()) {
            for (int t = 0; t < Tiers.COUNT; t++) {
                Kamon.gauge("swarmcast.viewers").withTag("campaign", e.getKey()).withTag("tier", Tiers.NAMES[t])
                    .update(e.getValue().get(t));
            }
        }
        for (CampaignFeeds.Feed f : feeds.all().values()) {
            long[] seen = encodesSeen.computeIfAbsent(f.campaign(), c -> new long[Tiers.COUNT]);
            for (int t = 0; t < Tiers.COUNT; t++) {
                long now = f.encodes.get(t);
                Kamon.counter("swarmcast.frames.encoded").withTag("campaign", f.campaign()).withTag("tier", Tiers.NAMES[t])
                    .increment(Math.max(0, now - seen[t]));
                seen[t] = now;
            }
        }
    }

    private static void copy(org.HdrHistogram.Histogram from, kamon.metric.Histogram to) {
        for (HistogramIterationValue v : from.recordedValues()) {
            to.record(v.getValueIteratedTo(), v.getCountAtValueIteratedTo());
        }
    }
}
