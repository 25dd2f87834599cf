package io.swarmcast.edge.stream;

import io.swarmcast.campaign.frames.Frame;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.pekko.util.ByteString;

/**
 * One tick's frame on this edge, with each tier's wire bytes encoded at most once, on first demand,
 * and then shared by every viewer of that tier.
 */
public final class TieredFrame {
    private final Frame frame;
    private final int[][] indices;
    private final AtomicReferenceArray<ByteString> encoded = new AtomicReferenceArray<>(Tiers.COUNT);
    private final Object[] locks = new Object[Tiers.COUNT];
    private final AtomicLongArray encodes;

    /** {@code encodes}: per-tier counters of encodings, for metrics and tests. */
    public TieredFrame(Frame frame, AtomicLongArray encodes) {
        this.frame = frame;
        this.indices = Tiers.indices(frame.count());
        this.encodes = encodes;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    public Frame frame() {
        return frame;
    }

    public long tick() {
        return frame.tick();
    }

    /** The wire bytes of {@code tier}, encoded now if no viewer asked for them before. */
    public ByteString bytes(int tier) {
        ByteString b = encoded.get(tier);
        if (b != null) {
            return b;
        }
        synchronized (locks[tier]) {
            b = encoded.get(tier);
            if (b == null) {
                b = WireProtocol.frame(frame, tier, indices[tier]);
                encoded.set(tier, b);
                encodes.incrementAndGet(tier);
            }
            return b;
        }
    }
}
