package io.swarmcast.edge.security;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets (Bucket4j), keyed by caller: requests per client and inputs per user. Each key's
 * bucket refills at {@code perSecond} and holds at most {@code burst}. The map is bounded: past
 * {@code maxKeys} callers, full (idle) buckets are dropped.
 */
public final class RateLimits {
    private final long perSecond;
    private final long burst;
    private final int maxKeys;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimits(long perSecond, long burst, int maxKeys) {
        if (perSecond <= 0 || burst <= 0) {
            throw new IllegalArgumentException("rate limits must be positive");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.maxKeys = maxKeys;
    }

    /** A bucket for one holder (a connection), kept by the holder: {@code perSecond}, at most {@code burst}. */
    public static Bucket bucket(long perSecond, long burst) {
        return Bucket.builder()
            .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
            .build();
    }

    /** Takes one token for {@code key}; false when the caller is over its limit. */
    public boolean tryAcquire(String key) {
        if (buckets.size() > maxKeys) {
            buckets.values().removeIf(b -> b.getAvailableTokens() >= burst);
        }
        return buckets.computeIfAbsent(key, k -> bucket(perSecond, burst)).tryConsume(1);
    }

    public long perSecond() {
        return perSecond;
    }
}
