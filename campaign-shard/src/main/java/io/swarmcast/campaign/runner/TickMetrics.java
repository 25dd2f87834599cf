package io.swarmcast.campaign.runner;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/**
 * Per-campaign tick measurements on this node: how late each tick started against its deadline
 * (jitter), how long the step took, and how many ticks were skipped. Read by benchmarks and metrics.
 */
public final class TickMetrics {
    private static final Map<String, TickMetrics> BY_CAMPAIGN = new ConcurrentHashMap<>();

    public final Recorder lateness = new Recorder(3);
    public final Recorder stepTime = new Recorder(3);
    /** Time to journal a batch of accepted inputs, nanoseconds. */
    public final Recorder persistTime = new Recorder(3);
    public final AtomicLong overruns = new AtomicLong();
    public final AtomicLong ticks = new AtomicLong();
    /** Particles of the world this node runs for the campaign. */
    public volatile int particles;
    /** Entity start to world restored (snapshot loaded, journal replayed, particles in the backend). */
    public volatile long restoredNanos = -1;
    /** Entity start to the world ticking again (restored and caught up to its last journaled tick). */
    public volatile long readyNanos = -1;

    public static TickMetrics of(String campaign) {
        return BY_CAMPAIGN.computeIfAbsent(campaign, c -> new TickMetrics());
    }

    public static Map<String, TickMetrics> all() {
        return BY_CAMPAIGN;
    }
}
