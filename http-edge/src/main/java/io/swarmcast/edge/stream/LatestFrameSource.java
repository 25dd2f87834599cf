package io.swarmcast.edge.stream;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.SourceShape;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;

/**
 * One viewer's frames from a feed: on each demand, the newest frame the viewer has not had, with the
 * number of ticks it skipped (conflated, or never produced because the node was overloaded). The feed never waits for a viewer: it only replaces its
 * newest frame and wakes the viewers that were waiting for one, so a slow viewer costs nothing but
 * its own skipped frames, and nothing queues for it here.
 */
final class LatestFrameSource extends GraphStage<SourceShape<LatestFrameSource.ViewerFrame>> {
    /** A frame for one viewer, and how many frames it skipped since its last one. */
    record ViewerFrame(TieredFrame frame, int skipped) {
    }

    private final Outlet<ViewerFrame> out = Outlet.create("LatestFrameSource.out");
    private final SourceShape<ViewerFrame> shape = SourceShape.of(out);
    private final CampaignFeeds.Feed feed;

    LatestFrameSource(CampaignFeeds.Feed feed) {
        this.feed = feed;
    }

    @Override
    public SourceShape<ViewerFrame> shape() {
        return shape;
    }

    @Override
    public GraphStageLogic createLogic(Attributes attributes) {
        return new GraphStageLogic(shape) {
            private long lastSeq = -1;
            private long lastTick = -1;
            private final AtomicBoolean queued = new AtomicBoolean();
            private AsyncCallback<Void> wake;

            {
                setHandler(out, new AbstractOutHandler() {
                    @Override
                    public void onPull() {
                        tryPush();
                    }
                });
            }

            @Override
            public void preStart() {
                wake = createAsyncCallback(v -> {
                    queued.set(false);
                    if (isAvailable(out)) {
                        tryPush();
                    }
                });
            }

            private void tryPush() {
                CampaignFeeds.Published p = feed.latest();
                if (p != null && p.seq() > lastSeq) {
                    // skipped ticks, not skipped feed frames: a viewer also misses the ticks whose frames
                    // never reached the feed because the node is overloaded, and should step down for them
                    long tick = p.frame().tick();
                    int skipped = lastTick < 0 || tick <= lastTick ? 0 : (int) Math.min(Integer.MAX_VALUE, tick - lastTick - 1);
                    lastSeq = p.seq();
                    lastTick = tick;
                    push(out, new ViewerFrame(p.frame(), skipped));
                    return;
                }
                if (queued.compareAndSet(false, true)) {
                    feed.await(wake);
                    // a frame published between the check and the wait would wake nobody: look again
                    CampaignFeeds.Published again = feed.latest();
                    if (again != null && again.seq() > lastSeq) {
                        wake.invoke(null);
                    }
                }
            }
        };
    }
}
