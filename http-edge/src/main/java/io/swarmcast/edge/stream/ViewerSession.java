package io.swarmcast.edge.stream;

import io.github.bucket4j.Bucket;
import io.swarmcast.campaign.CampaignReply;
import io.swarmcast.campaign.CampaignStatus;
import io.swarmcast.campaign.Campaigns;
import io.swarmcast.core.input.Input;
import io.swarmcast.core.scene.InvalidSceneException;
import io.swarmcast.core.scene.SceneJson;
import io.swarmcast.edge.metrics.EdgeMetrics;
import io.swarmcast.edge.security.Principal;
import io.swarmcast.edge.security.RateLimits;
import io.swarmcast.edge.security.Role;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.ws.BinaryMessage;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * One viewer's WebSocket connection. Downstream: HELLO at once, then, after SUBSCRIBE, the campaign's
 * frames at the viewer's tier, conflated so that a slow viewer gets the newest frame and never a
 * backlog, with the tier chosen by {@link AdaptivePolicy} unless pinned; ACKs and ERRORs for its
 * messages; STATUS once a second. Upstream: SUBSCRIBE and INPUT, each checked; a bad message gets an
 * ERROR and the connection goes on, except for a protocol version the server does not speak, an
 * oversized message or too many errors, which end it after the ERROR.
 */
public final class ViewerSession implements ViewerOutbox.Session {
    /** An adaptive viewer starts at the highest tier whose frame is at most this big. */
    public static final int START_FRAME_BYTES = 64 * 1024;
    private static final int MAX_ERRORS = 20;
    /** A reporting viewer that had not yet received frames this many ticks older than the newest sent is lagging. */
    public static final int LAG_TICKS = 6;
    private static final int CONTROL_QUEUE = 1024;

    private final String campaign;
    private final Principal principal;
    private final CampaignStatus status;
    private final Campaigns campaigns;
    private final CampaignFeeds feeds;
    private final EdgeMetrics.ViewerInstruments instruments;
    private final EdgeMetrics metrics;
    private final RateLimits userInputs;
    private final Bucket connectionInputs;
    private final Materializer mat;
    private final ViewerOutbox outbox = new ViewerOutbox(this, CONTROL_QUEUE);
    /** The feed this viewer watches since its first SUBSCRIBE, counted as one of its viewers until the connection ends. */
    private final AtomicReference<CampaignFeeds.Feed> attached = new AtomicReference<>();
    private final AtomicInteger errors = new AtomicInteger();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile AdaptivePolicy policy;
    /** At the newest REPORT: ticks between the newest frame sent and the one reported received; when (nanoTime). */
    private volatile long inFlightTicks;
    private volatile long reportedAt = -1;
    private volatile long lastSentTick;
    private volatile AdaptivePolicy requested;

    public ViewerSession(String campaign, Principal principal, CampaignStatus status, Campaigns campaigns,
                         CampaignFeeds feeds, EdgeMetrics metrics, RateLimits userInputs, Bucket connectionInputs,
                         Materializer mat) {
        this.campaign = campaign;
        this.principal = principal;
        this.status = status;
        this.campaigns = campaigns;
        this.feeds = feeds;
        this.metrics = metrics;
        this.instruments = metrics.viewer(campaign);
        this.userInputs = userInputs;
        this.connectionInputs = connectionInputs;
        this.mat = mat;
    }

    /** The WebSocket handler flow. */
    public Flow<Message, Message, NotUsed> flow() {
        send(WireProtocol.json(WireProtocol.HELLO, hello()));
        Sink<Message, NotUsed> in = Flow.<Message>create()
            .mapAsync(1, this::collect)
            .to(Sink.foreach(this::handle))
            .mapMaterializedValue(x -> NotUsed.getInstance());
        return Flow.fromSinkAndSourceCoupled(in, Source.fromGraph(outbox));
    }

    private Map<String, Object> hello() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("protocol", WireProtocol.VERSION);
        h.put("server", "swarmcast");
        h.put("campaign", campaign);
        h.put("state", status.state().wireName());
        h.put("particles", status.particles());
        h.put("backend", status.backend());
        h.put("device", status.device());
        List<Map<String, Object>> tiers = new java.util.ArrayList<>();
        for (int t = 0; t < Tiers.COUNT; t++) {
            tiers.add(Map.of("tier", t, "name", Tiers.NAMES[t], "divisor", Tiers.divisor(t),
                "particles", Tiers.size(status.particles(), t)));
        }
        h.put("tiers", tiers);
        h.put("startTier", AdaptivePolicy.startTier(status.particles(), 0, START_FRAME_BYTES));
        h.put("codecs", List.of(Map.of("id", WireProtocol.CODEC_Q16, "name", "q16")));
        h.put("frameHeaderBytes", WireProtocol.FRAME_HEADER);
        h.put("role", principal.role() == null ? "anonymous" : principal.role().wireName());
        h.put("canInput", principal.has(Role.PLAYER));
        h.put("maxMessageBytes", WireProtocol.MAX_CLIENT_MESSAGE);
        return h;
    }

    @Override
    public ByteString render(TieredFrame frame, int skipped) {
        AdaptivePolicy pol = requested;
        if (pol != policy) {
            policy = pol;
            instruments.tier(pol.tier());
            send(WireProtocol.tier(pol.tier(), WireProtocol.TIER_SUBSCRIBED));
        }
        int before = pol.tier();
        long now = System.nanoTime();
        // a client that reports what it received shows lag hidden in the socket buffers
        boolean lagging = reportedAt >= 0 && now - reportedAt < 2_000_000_000L && inFlightTicks > LAG_TICKS;
        lastSentTick = frame.tick();
        int tier = pol.onFrame(now, skipped, lagging);
        if (tier != before) {
            instruments.tier(tier);
            send(WireProtocol.tier(tier, tier > before ? WireProtocol.TIER_DOWN : WireProtocol.TIER_UP));
        }
        ByteString bytes = frame.bytes(tier);
        instruments.sent(tier, bytes.size(), skipped);
        return bytes;
    }

    @Override
    public void stopped() {
        instruments.tier(-1);
        ended.set(true); // nothing more to send: late answers are dropped, not queued
        CampaignFeeds.Feed f = attached.getAndSet(null);
        if (f != null) {
            feeds.detach(f);
        }
    }

    /** A client message's bytes, or null after answering what is wrong with it. */
    private CompletionStage<ByteString> collect(Message m) {
        if (m.isText()) {
            // drain it, then answer
            return m.asTextMessage().getStreamedText().runWith(Sink.ignore(), mat).handle((d, e) -> {
                error(0, "binary-only", "message", "this protocol uses binary messages only; see docs/protocol.md", false);
                return null;
            });
        }
        BinaryMessage b = m.asBinaryMessage();
        if (b.isStrict()) {
            ByteString data = b.getStrictData();
            if (data.size() > WireProtocol.MAX_CLIENT_MESSAGE) {
                tooLarge();
                return CompletableFuture.completedFuture(null);
            }
            return CompletableFuture.completedFuture(data);
        }
        // read the message to its end (cancelling it mid-message would break the connection before the
        // error is sent), keeping at most the limit
        return b.getStreamedData()
            .runFold(new Collected(), Collected::add, mat)
            .handle((c, e) -> {
                if (e != null) {
                    return null;
                }
                if (c.over) {
                    tooLarge();
                    return null;
                }
                return c.data;
            });
    }

    /** A streamed message's bytes, up to the limit. */
    private static final class Collected {
        ByteString data = ByteString.emptyByteString();
        boolean over;

        Collected add(ByteString chunk) {
            if (!over && data.size() + chunk.size() <= WireProtocol.MAX_CLIENT_MESSAGE) {
                data = data.concat(chunk);
            } else {
                over = true;
                data = ByteString.emptyByteString();
            }
            return this;
        }
    }

    private void tooLarge() {
        error(0, "too-large", "message", "messages to the server are at most " + WireProtocol.MAX_CLIENT_MESSAGE
            + " bytes", true);
    }

    private void handle(ByteString data) {
        if (data == null) {
            return;
        }
        WireProtocol.ClientMessage msg;
        try {
            msg = WireProtocol.parse(data);
        } catch (ProtocolException e) {
            error(WireProtocol.requestIdOf(data), e.code(), e.field(), e.getMessage(), e.fatal());
            return;
        }
        if (msg instanceof WireProtocol.Subscribe s) {
            subscribe(s);
        } else if (msg instanceof WireProtocol.Input in) {
            input(in);
        } else if (msg instanceof WireProtocol.Report r) {
            // frames sent but not yet received when the report arrived: what sits in the buffers between us
            inFlightTicks = lastSentTick - r.tick();
            reportedAt = System.nanoTime();
        }
    }

    private void subscribe(WireProtocol.Subscribe s) {
        boolean pinned = s.mode() == WireProtocol.MODE_PINNED;
        int start = pinned ? s.tier() : AdaptivePolicy.startTier(status.particles(), s.tier(), START_FRAME_BYTES);
        requested = AdaptivePolicy.defaults(s.tier(), start, pinned).expectTickRate(status.tickRate());
        // the first SUBSCRIBE starts the feed; later ones only change the tier
        if (attached.get() == null && !ended.get()) {
            CampaignFeeds.Feed f = feeds.attach(campaign);
            attached.set(f);
            if (ended.get() && attached.compareAndSet(f, null)) {
                feeds.detach(f); // the connection ended meanwhile
            } else {
                outbox.subscribe(f);
            }
        }
    }

    private void input(WireProtocol.Input in) {
        long id = in.requestId();
        if (!principal.has(Role.PLAYER)) {
            error(id, "forbidden", "input", "sending inputs needs the player role", false);
            return;
        }
        if (!connectionInputs.tryConsume(1) || !userInputs.tryAcquire(principal.subject())) {
            metrics.input(campaign, false);
            error(id, "rate-limited", "input", "too many inputs; this connection and user may send "
                + userInputs.perSecond() + " a second", false);
            return;
        }
        Input input;
        try {
            input = SceneJson.read(in.input(), Input.class);
        } catch (InvalidSceneException e) {
            metrics.input(campaign, false);
            error(id, "invalid", "input." + e.field(), e.getMessage(), false);
            return;
        }
        campaigns.input(campaign, in.tick(), input).whenComplete((reply, e) -> {
            if (e != null) {
                metrics.input(campaign, false);
                error(id, CampaignReply.Codes.UNAVAILABLE, null, "the campaign did not answer in time", false);
            } else if (reply instanceof CampaignReply.InputAccepted a) {
                metrics.input(campaign, true);
                send(WireProtocol.ack(id, a.tick(), a.seq()));
            } else if (reply instanceof CampaignReply.Rejected r) {
                metrics.input(campaign, false);
                error(id, r.code(), r.field(), r.message(), false);
            }
        });
    }

    private void error(long requestId, String code, String field, String message, boolean fatal) {
        send(WireProtocol.error(requestId, code, field, message));
        // refusals of well-formed messages (rate limits, rights, the campaign's own answers) are not bad traffic
        boolean bad = switch (code) {
            case "malformed", "unknown-type", "binary-only", "invalid" -> true;
            default -> false;
        };
        if (fatal || bad && errors.incrementAndGet() > MAX_ERRORS) {
            if (!fatal) {
                send(WireProtocol.error(0, "too-many-errors", null, "more than " + MAX_ERRORS
                    + " bad messages; closing"));
            }
            if (ended.compareAndSet(false, true)) {
                outbox.complete();
            }
        }
    }

    private void send(ByteString b) {
        if (ended.get()) {
            return;
        }
        if (!outbox.offer(b) && ended.compareAndSet(false, true)) {
            // the client does not read its acknowledgements: end the connection
            outbox.fail("control queue full");
        }
    }
}
