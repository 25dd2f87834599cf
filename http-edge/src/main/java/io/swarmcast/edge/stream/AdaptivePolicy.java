package io.swarmcast.edge.stream;

/**
 * How the edge picks a viewer's tier (see docs/protocol.md, "Adaptive tiers"). Time is cut into
 * windows (1 s). In each window the edge counts the frames it sent the viewer and the frames it
 * conflated away because the viewer's connection was still busy with an older one.
 * <ul>
 *   <li>Down: a window in which more than {@code downRatio} of the frames were conflated moves the viewer
 *   one tier down (a quarter of the particles).</li>
 *   <li>Up: after {@code upWindows} clean windows in a row (nothing conflated) the viewer moves one tier
 *   up, never above its ceiling (the tier it asked for). If it then falls behind within two windows, the
 *   probe failed and the clean windows needed before the next probe double, up to {@code maxUpWindows}.</li>
 *   <li>Pinned viewers never move.</li>
 * </ul>
 * Not thread-safe: one viewer's stream owns it.
 */
public final class AdaptivePolicy {
    private final int ceiling;
    private final boolean pinned;
    private final long windowNanos;
    private final double downRatio;
    private final int baseUpWindows;
    private final int maxUpWindows;
    private int tier;
    private long windowStart = -1;
    private int sent;
    private int dropped;
    private int lagged;
    private int clean;
    private int upWindows;
    private int windowsSinceUp = Integer.MAX_VALUE;
    /** Ticks a window should see (the campaign's tick rate × the window); 0: unknown. */
    private double expectedTicks;

    public AdaptivePolicy(int ceiling, int start, boolean pinned, long windowNanos, double downRatio, int upWindows,
                          int maxUpWindows) {
        this.ceiling = ceiling;
        this.tier = pinned ? ceiling : Math.max(ceiling, Math.min(start, Tiers.COUNT - 1));
        this.pinned = pinned;
        this.windowNanos = windowNanos;
        this.downRatio = downRatio;
        this.baseUpWindows = upWindows;
        this.upWindows = upWindows;
        this.maxUpWindows = maxUpWindows;
    }

    /** The defaults: 1 s windows, down past 10 % conflated, up after 3 clean windows (backing off to 30). */
    public static AdaptivePolicy defaults(int ceiling, int start, boolean pinned) {
        return new AdaptivePolicy(ceiling, start, pinned, 1_000_000_000L, 0.10, 3, 30);
    }

    /**
     * The tier to start an adaptive viewer at: the lowest-numbered tier at or below the ceiling whose
     * frame fits in {@code maxBytes}, so that a new viewer never starts with frames it cannot take.
     */
    public static int startTier(int particles, int ceiling, int maxBytes) {
        int t = ceiling;
        while (t < Tiers.COUNT - 1 && (long) Tiers.size(particles, t) * 7 > maxBytes) {
            t++;
        }
        return t;
    }

    /**
     * The campaign's tick rate: a window that sees fewer than 85% of the ticks it should is behind too,
     * even with nothing conflated. That is a node too loaded to run the campaign at its rate: moving its
     * viewers down frees the time the tick needs.
     */
    public AdaptivePolicy expectTickRate(int ticksPerSecond) {
        this.expectedTicks = ticksPerSecond * (windowNanos / 1e9);
        return this;
    }

    public int tier() {
        return tier;
    }

    public boolean pinned() {
        return pinned;
    }

    /**
     * A frame is about to be sent; {@code conflated} frames were dropped in favour of it. Returns the
     * tier to send it at: the current one, or the next one if this frame closed a window that moved it.
     */
    public int onFrame(long now, int conflated) {
        return onFrame(now, conflated, false);
    }

    /**
     * As {@link #onFrame(long, int)}, where {@code lagging} says the viewer reported a tick far behind
     * this frame's: frames sent while lagging count as conflated ones do.
     */
    public int onFrame(long now, int conflated, boolean lagging) {
        if (windowStart < 0) {
            windowStart = now;
        }
        sent++;
        dropped += conflated;
        if (lagging) {
            lagged++;
        }
        if (now - windowStart < windowNanos) {
            return tier;
        }
        int total = sent + dropped;
        // ticks the window should have seen, scaled to its actual length
        double expected = expectedTicks * (now - windowStart) / windowNanos;
        int missing = expected > 0 && total < 0.85 * expected ? (int) Math.round(expected - total) : 0;
        int windowDropped = dropped + lagged + missing;
        boolean behind = total > 0 && windowDropped > downRatio * Math.max(total, expected);
        lagged = 0;
        windowStart = now;
        sent = 0;
        dropped = 0;
        if (windowsSinceUp != Integer.MAX_VALUE) {
            windowsSinceUp++;
        }
        if (pinned) {
            return tier;
        }
        if (behind) {
            clean = 0;
            if (windowsSinceUp <= 2) {
                upWindows = Math.min(maxUpWindows, upWindows * 2);
            }
            windowsSinceUp = Integer.MAX_VALUE;
            if (tier < Tiers.COUNT - 1) {
                tier++;
            }
            return tier;
        }
        if (windowDropped == 0) {
            clean++;
        } else {
            clean = 0;
        }
        if (clean >= upWindows && tier > ceiling) {
            tier--;
            clean = 0;
            windowsSinceUp = 0;
        } else if (windowsSinceUp != Integer.MAX_VALUE && windowsSinceUp > 10 && upWindows != baseUpWindows) {
            // a probe that held for ten windows: the viewer's capacity changed, probe at the base pace
            upWindows = baseUpWindows;
        }
        return tier;
    }
}
