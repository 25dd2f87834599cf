package io.swarmcast.campaign.frames;

import io.swarmcast.core.scene.Bounds;
import io.swarmcast.core.sim.Fixed;
import io.swarmcast.core.sim.ParticleState;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.BroadcastHub;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A campaign's frame stream. The tick only copies the state into a pooled buffer and offers it
 * without waiting ({@link #offer}); quantizing happens on a stream stage, and a broadcast hub hands the
 * same {@link Frame} to every subscriber. Each subscriber has a one-frame buffer that drops the older
 * frame, so a slow one gets the newest frame and a stalled or crashed one holds nothing back.
 * Frames are made only while someone subscribes.
 */
public final class FrameHub implements AutoCloseable {
    private static final int POOL = 3;
    private final String campaign;
    private final ArrayBlockingQueue<RawFrame> pool;
    private final BoundedSourceQueue<RawFrame> queue;
    private final Source<Frame, NotUsed> frames;
    private final AtomicInteger subscribers = new AtomicInteger();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();

    public FrameHub(String campaign, int particles, Materializer mat) {
        this.campaign = campaign;
        this.pool = new ArrayBlockingQueue<>(POOL);
        for (int i = 0; i < POOL; i++) {
            pool.add(new RawFrame(particles));
        }
        Pair<BoundedSourceQueue<RawFrame>, Source<Frame, NotUsed>> p = Source.<RawFrame>queue(POOL)
            .map(this::quantize)
            .async()
            .toMat(BroadcastHub.of(Frame.class, 2), Keep.both())
            .run(mat);
        queue = p.first();
        frames = p.second();
        // keep the hub draining even with no subscriber, so a new one starts with a fresh frame
        frames.runWith(org.apache.pekko.stream.javadsl.Sink.ignore(), mat);
    }

    /** Whether anyone wants frames now; the tick skips the capture when not. */
    public boolean wanted() {
        return subscribers.get() > 0;
    }

    public int subscribers() {
        return subscribers.get();
    }

    public long published() {
        return published.get();
    }

    /** Ticks whose frame was skipped because every buffer was still being encoded. */
    public long skipped() {
        return skipped.get();
    }

    /**
     * Captures the tick's state with {@code read} (which copies it out of the backend) into a pooled
     * buffer and offers it; never blocks. Returns false if the frame was skipped.
     */
    public boolean offer(long tick, Bounds bounds, Consumer<ParticleState> read) {
        RawFrame raw = pool.poll();
        if (raw == null) {
            skipped.incrementAndGet();
            return false;
        }
        read.accept(raw.state);
        raw.tick = tick;
        raw.bounds = bounds;
        java.time.Instant now = java.time.Instant.now();
        raw.serverMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        QueueOfferResult r = queue.offer(raw);
        if (r != QueueOfferResult.enqueued()) {
            pool.offer(raw);
            skipped.incrementAndGet();
            return false;
        }
        return true;
    }

    /** A subscription: the newest frame whenever the subscriber asks, counted while it lasts. */
    public Source<Frame, NotUsed> subscribe() {
        return Source.lazySource(() -> {
                subscribers.incrementAndGet();
                return frames.buffer(1, OverflowStrategy.dropHead());
            })
            .watchTermination((mat, done) -> {
                done.whenComplete((d, e) -> subscribers.decrementAndGet());
                return NotUsed.getInstance();
            });
    }

    private Frame quantize(RawFrame raw) {
        try {
            byte[] payload = Frame.quantize(raw.state, raw.bounds);
            published.incrementAndGet();
            return new Frame(campaign, raw.tick, raw.serverMicros, raw.state.count(), raw.bounds, payload);
        } finally {
            pool.offer(raw);
        }
    }

    @Override
    public void close() {
        queue.complete();
    }
}
