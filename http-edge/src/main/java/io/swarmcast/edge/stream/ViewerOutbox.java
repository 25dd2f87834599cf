package io.swarmcast.edge.stream;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.http.javadsl.model.ws.BinaryMessage;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.SourceShape;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * Everything one viewer's connection sends, from one stage, so that a frame crosses no merge or map on
 * its way to the socket. On each demand, in this order:
 * <ol>
 *   <li>the connection's own messages (HELLO, ACK, ERROR, TIER), in the order they were offered;</li>
 *   <li>once a second after SUBSCRIBE, the campaign's STATUS (encoded once per feed for all its viewers);</li>
 *   <li>the newest frame the viewer has not had, rendered by the session for its tier, with the number
 *   of ticks it skipped (conflated, or never produced because the node was overloaded).</li>
 * </ol>
 * The feed never waits for a viewer: it only replaces its newest frame and wakes the viewers that were
 * waiting for one, so a slow viewer costs nothing but its own skipped frames. Nothing queues here but the
 * connection's own messages, and those are bounded: {@link #offer} refuses past the capacity.
 * <p>One outbox serves one connection: it is materialized once.
 */
final class ViewerOutbox extends GraphStage<SourceShape<Message>> {
    /** What the session does for its outbox. */
    interface Session {
        /** The wire bytes of {@code frame} for this viewer, which skipped {@code skipped} ticks before it. */
        ByteString render(TieredFrame frame, int skipped);

        /** The outbox has stopped: the connection is over. */
        void stopped();
    }

    private static final Duration STATUS_EVERY = Duration.ofSeconds(1);
    private final Outlet<Message> out = Outlet.create("ViewerOutbox.out");
    private final SourceShape<Message> shape = SourceShape.of(out);
    private final Session session;
    private final int capacity;
    private final ConcurrentLinkedQueue<ByteString> control = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final CompletableFuture<CampaignFeeds.Feed> subscribed = new CompletableFuture<>();
    private final AtomicReference<AsyncCallback<Void>> wake = new AtomicReference<>();
    private final AtomicBoolean materialized = new AtomicBoolean();
    private volatile boolean closing;
    private volatile String failure;

    ViewerOutbox(Session session, int capacity) {
        this.session = session;
        this.capacity = capacity;
    }

    /** Queues one of the connection's own messages; false if {@code capacity} are already waiting. Any thread. */
    boolean offer(ByteString message) {
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            return false;
        }
        control.add(message);
        poke();
        return true;
    }

    /** Starts the frames and STATUS of {@code feed}. Any thread. */
    void subscribe(CampaignFeeds.Feed feed) {
        subscribed.complete(feed);
    }

    /** Ends the connection once the messages already offered have been sent. Any thread. */
    void complete() {
        closing = true;
        poke();
    }

    /** Ends the connection at once, with an error. Any thread. */
    void fail(String why) {
        failure = why;
        poke();
    }

    private void poke() {
        AsyncCallback<Void> w = wake.get();
        if (w != null) {
            w.invoke(null);
        }
    }

    @Override
    public SourceShape<Message> shape() {
        return shape;
    }

    @Override
    public GraphStageLogic createLogic(Attributes attributes) {
        if (!materialized.compareAndSet(false, true)) {
            throw new IllegalStateException("a viewer's outbox serves one connection");
        }
        return new TimerGraphStageLogic(shape) {
            private CampaignFeeds.Feed feed;
            private long lastSeq = -1;
            private long lastTick = -1;
            private boolean statusDue;
            private final AtomicBoolean waitingForFrame = new AtomicBoolean();
            private AsyncCallback<Void> frameArrived;

            {
                setHandler(out, new AbstractOutHandler() {
                    @Override
                    public void onPull() {
                        next();
                    }
                });
            }

            @Override
            public void preStart() {
                frameArrived = createAsyncCallback(v -> {
                    waitingForFrame.set(false);
                    if (isAvailable(out)) {
                        next();
                    }
                });
                AsyncCallback<Void> poked = createAsyncCallback(v -> {
                    if (isAvailable(out) || closing || failure != null) {
                        next();
                    }
                });
                wake.set(poked);
                AsyncCallback<CampaignFeeds.Feed> start = createAsyncCallback(f -> {
                    feed = f;
                    scheduleWithFixedDelay("status", STATUS_EVERY, STATUS_EVERY);
                    if (isAvailable(out)) {
                        next();
                    }
                });
                subscribed.thenAccept(start::invoke);
            }

            @Override
            public void onTimer(Object key) {
                statusDue = true;
                if (isAvailable(out)) {
                    next();
                }
            }

            @Override
            public void postStop() {
                session.stopped();
            }

            private void next() {
                if (failure != null) {
                    failStage(new IllegalStateException(failure));
                    return;
                }
                if (!isAvailable(out)) {
                    return;
                }
                ByteString c = control.poll();
                if (c != null) {
                    queued.decrementAndGet();
                    push(out, BinaryMessage.create(c));
                    return;
                }
                if (closing) {
                    completeStage();
                    return;
                }
                if (feed == null) {
                    return;
                }
                if (statusDue) {
                    statusDue = false;
                    ByteString s = feed.statusMessage();
                    if (s != null) {
                        push(out, BinaryMessage.create(s));
                        return;
                    }
                }
                CampaignFeeds.Published p = feed.latest();
                if (p != null && p.seq() > lastSeq) {
                    // skipped ticks, not skipped feed frames: a viewer also misses the ticks whose frames
                    // never reached the feed because the node is overloaded, and should step down for them
                    long tick = p.frame().tick();
                    int skipped = lastTick < 0 || tick <= lastTick ? 0 : (int) Math.min(Integer.MAX_VALUE, tick - lastTick - 1);
                    lastSeq = p.seq();
                    lastTick = tick;
                    push(out, BinaryMessage.create(session.render(p.frame(), skipped)));
                    return;
                }
                if (waitingForFrame.compareAndSet(false, true)) {
                    feed.await(frameArrived);
                    // a frame published between the check and the wait would wake nobody: look again
                    CampaignFeeds.Published again = feed.latest();
                    if (again != null && again.seq() > lastSeq) {
                        frameArrived.invoke(null);
                    }
                }
            }
        };
    }
}
