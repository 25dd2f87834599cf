package io.swarmcast.edge.stream;

import io.swarmcast.campaign.Campaigns;
import io.swarmcast.campaign.frames.Frame;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frame feeds of this edge: one subscription per campaign (wherever in the cluster it runs),
 * however many viewers this node serves. Each viewer takes the newest {@link TieredFrame} when it is
 * ready for one ({@link ViewerOutbox}), so that the feed never waits for a viewer, and each tier
 * is encoded once per tick. A feed resubscribes if the campaign moves or restarts, and
 * closes a while after its last viewer leaves.
 */
public final class CampaignFeeds {
    private static final Logger log = LoggerFactory.getLogger(CampaignFeeds.class);
    private final Campaigns campaigns;
    private final Materializer mat;
    private final Duration linger;
    private final Map<String, Feed> feeds = new ConcurrentHashMap<>();

    public CampaignFeeds(ActorSystem<?> system, Campaigns campaigns, Duration linger) {
        this.campaigns = campaigns;
        this.mat = Materializer.matFromSystem(system);
        this.linger = linger;
    }

    /** A published frame and its sequence number in the feed. */
    public record Published(TieredFrame frame, long seq) {
    }

    /** One campaign's feed on this node. */
    public final class Feed {
        final String campaign;
        final UniqueKillSwitch kill;
        private volatile Published latest;
        private long seq;
        private final ConcurrentLinkedQueue<AsyncCallback<Void>> waiting =
            new ConcurrentLinkedQueue<>();
        final AtomicInteger viewers = new AtomicInteger();
        /** Encodings per tier (each at most once per tick), frames received from the campaign. */
        public final AtomicLongArray encodes = new AtomicLongArray(Tiers.COUNT);
        public final AtomicLong frames = new AtomicLong();
        volatile long lastLeft = System.nanoTime();
        final org.apache.pekko.stream.KillSwitch statusPoll;
        /** The campaign's latest STATUS message, encoded once per poll for all its viewers; null before the first. */
        private volatile org.apache.pekko.util.ByteString statusMessage;

        Feed(String campaign) {
            this.campaign = campaign;
            RestartSettings restart = RestartSettings.create(Duration.ofMillis(200), Duration.ofSeconds(2), 0.2);
            kill = RestartSource.withBackoff(restart,
                    () -> Source.completionStageSource(campaigns.frames(campaign)).mapMaterializedValue(x -> NotUsed.getInstance()))
                .map(this::tiered)
                .viaMat(KillSwitches.single(), Keep.right())
                .to(Sink.foreach(this::publish))
                .run(mat);
            statusPoll = Source.tick(Duration.ZERO, Duration.ofSeconds(1), "poll")
                .mapAsync(1, t -> campaigns.status(campaign).exceptionally(e -> null))
                .viaMat(KillSwitches.single(), Keep.right())
                .to(Sink.foreach(r -> {
                    if (r instanceof io.swarmcast.campaign.CampaignReply.Status st) {
                        var c = st.status();
                        Map<String, Object> m = new java.util.LinkedHashMap<>();
                        m.put("campaign", campaign);
                        m.put("state", c.state().wireName());
                        m.put("tick", c.tick());
                        m.put("checksum", c.checksumHex());
                        m.put("particles", c.particles());
                        m.put("backend", c.backend());
                        m.put("viewers", viewers.get());
                        statusMessage = WireProtocol.json(WireProtocol.STATUS, m);
                    }
                }))
                .run(mat);
        }

        /** The campaign's latest STATUS message (polled once a second), or null if none yet. */
        public org.apache.pekko.util.ByteString statusMessage() {
            return statusMessage;
        }

        /** Replaces the newest frame and wakes the viewers waiting for one; never waits for anyone. */
        private void publish(TieredFrame f) {
            latest = new Published(f, ++seq);
            for (AsyncCallback<Void> w; (w = waiting.poll()) != null; ) {
                w.invoke(null);
            }
        }

        Published latest() {
            return latest;
        }

        void await(AsyncCallback<Void> wake) {
            waiting.add(wake);
        }

        private TieredFrame tiered(Frame f) {
            frames.incrementAndGet();
            return new TieredFrame(f, encodes);
        }

        public int viewers() {
            return viewers.get();
        }

        public String campaign() {
            return campaign;
        }
    }

    /** The campaign's feed, started if this node has none. */
    public Feed feed(String campaign) {
        return feeds.computeIfAbsent(campaign, Feed::new);
    }

    /** The campaign's feed if this node has one, else null; starts nothing. */
    public Feed existing(String campaign) {
        return feeds.get(campaign);
    }

    /** The campaign's feed, with one more viewer counted until {@link #detach}. */
    public Feed attach(String campaign) {
        Feed feed = feed(campaign);
        feed.viewers.incrementAndGet();
        return feed;
    }

    /** One viewer of {@code feed} has left. */
    public void detach(Feed feed) {
        feed.viewers.decrementAndGet();
        feed.lastLeft = System.nanoTime();
    }

    /** Closes feeds nobody has watched for the linger time; called periodically. */
    public void sweep() {
        long now = System.nanoTime();
        feeds.values().removeIf(f -> {
            if (f.viewers.get() == 0 && now - f.lastLeft > linger.toNanos()) {
                log.debug("closing the idle feed of {}", f.campaign);
                f.kill.shutdown();
                f.statusPoll.shutdown();
                return true;
            }
            return false;
        });
    }

    public Map<String, Feed> all() {
        return feeds;
    }
}
