package io.swarmcast.campaign;

import io.swarmcast.campaign.CampaignCommand.SubscribeReply;
import io.swarmcast.campaign.frames.Frame;
import io.swarmcast.core.input.Input;
import io.swarmcast.core.scene.Scene;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The campaigns of a cluster, as callers (the HTTP edge, tools, tests) use them: sharding is set up
 * on this node, and each call reaches the campaign wherever it lives. Ids are checked here so that a
 * malformed one never starts an entity.
 */
public final class Campaigns {
    private final ActorSystem<?> system;
    private final ClusterSharding sharding;
    private final Duration timeout;

    private Campaigns(ActorSystem<?> system, ClusterSharding sharding, Duration timeout) {
        this.system = system;
        this.sharding = sharding;
        this.timeout = timeout;
    }

    /** Starts the campaign shard region on this node. */
    public static Campaigns init(ActorSystem<?> system, CampaignSettings settings) {
        ClusterSharding sharding = ClusterSharding.get(system);
        // on passivation, rebalance and shutdown a live campaign snapshots before it leaves the node
        sharding.init(Entity.of(CampaignEntity.TYPE_KEY, ctx -> CampaignEntity.create(ctx, settings))
            .withStopMessage(new CampaignCommand.Handoff()));
        return new Campaigns(system, sharding, Duration.ofSeconds(15));
    }

    public EntityRef<CampaignCommand> ref(String id) {
        return sharding.entityRefFor(CampaignEntity.TYPE_KEY, id);
    }

    public <R extends CampaignReply> CompletionStage<CampaignReply> ask(String id,
                                                                        Function<ActorRef<CampaignReply>, CampaignCommand> command) {
        if (!CampaignEntity.validId(id)) {
            return CompletableFuture.completedFuture(new CampaignReply.Rejected(id, CampaignReply.Codes.UNKNOWN_CAMPAIGN,
                "id", "campaign ids are 1-64 lower-case letters, digits and '-', starting with a letter or digit"));
        }
        return ref(id).ask(command::apply, timeout);
    }

    public CompletionStage<CampaignReply> create(String id, Scene scene, boolean start) {
        return ask(id, r -> new CampaignCommand.Create(scene, start, r));
    }

    public CompletionStage<CampaignReply> create(String id, Scene scene, boolean start, CampaignMeta meta) {
        if (!CampaignEntity.validId(id)) {
            return CompletableFuture.completedFuture(new CampaignReply.Rejected(id, CampaignReply.Codes.INVALID,
                "id", "campaign ids are 1-64 lower-case letters, digits and '-', starting with a letter or digit"));
        }
        return ask(id, r -> new CampaignCommand.Create(scene, start, meta, r));
    }

    public CompletionStage<CampaignReply> setPublic(String id, boolean isPublic) {
        return ask(id, r -> new CampaignCommand.SetPublic(isPublic, r));
    }

    public CompletionStage<CampaignReply> delete(String id) {
        return ask(id, CampaignCommand.Delete::new);
    }

    /** Changes parameters of the behaviour addressed by {@code target} at the next tick. */
    public CompletionStage<CampaignReply> parameters(String id, String target,
                                                     com.fasterxml.jackson.databind.node.ObjectNode params) {
        return ask(id, r -> new CampaignCommand.UpdateParameters(target, params, r));
    }

    /**
     * The ids of every campaign ever created in this cluster's database (deleted ones included: ask
     * for their status to tell), in no particular order.
     */
    public CompletionStage<java.util.List<String>> ids() {
        org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal journal =
            org.apache.pekko.persistence.query.PersistenceQuery.get(
                    org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(system))
                .getReadJournalFor(org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal.class,
                    org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal.Identifier());
        String prefix = CampaignEntity.TYPE_KEY.name() + "|";
        return journal.currentPersistenceIds()
            .filter(pid -> pid.startsWith(prefix))
            .map(pid -> pid.substring(prefix.length()))
            .runWith(org.apache.pekko.stream.javadsl.Sink.seq(), org.apache.pekko.stream.Materializer.matFromSystem(system));
    }

    public CompletionStage<CampaignReply> start(String id) {
        return ask(id, CampaignCommand.Start::new);
    }

    public CompletionStage<CampaignReply> pause(String id) {
        return ask(id, CampaignCommand.Pause::new);
    }

    public CompletionStage<CampaignReply> resume(String id) {
        return ask(id, CampaignCommand.Resume::new);
    }

    public CompletionStage<CampaignReply> stop(String id) {
        return ask(id, CampaignCommand.Stop::new);
    }

    public CompletionStage<CampaignReply> status(String id) {
        return ask(id, CampaignCommand.GetStatus::new);
    }

    public CompletionStage<CampaignReply> snapshot(String id) {
        return ask(id, CampaignCommand.SnapshotNow::new);
    }

    /** Applies {@code input} at {@code tick} (negative: the next tick). */
    public CompletionStage<CampaignReply> input(String id, long tick, Input input) {
        return ask(id, r -> new CampaignCommand.ApplyInput(tick, input, r));
    }

    /**
     * The campaign's frames, from whichever node hosts it. Fails with {@link CampaignException} if the
     * campaign does not exist or is not live.
     */
    public CompletionStage<Source<Frame, NotUsed>> frames(String id) {
        if (!CampaignEntity.validId(id)) {
            return CompletableFuture.failedFuture(new CampaignException(new CampaignReply.Rejected(id,
                CampaignReply.Codes.UNKNOWN_CAMPAIGN, "id", "no campaign '" + id + "'")));
        }
        CompletionStage<SubscribeReply> reply = ref(id).ask(CampaignCommand.SubscribeFrames::new, timeout);
        return reply.thenApply(r -> {
            if (r.rejected() != null) {
                throw new CampaignException(r.rejected());
            }
            return r.frames().getSource();
        });
    }

    /** A rejection as an exception, for callers that compose futures. */
    public static final class CampaignException extends RuntimeException {
        private final CampaignReply.Rejected rejected;

        public CampaignException(CampaignReply.Rejected rejected) {
            super(rejected.code() + ": " + rejected.message());
            this.rejected = rejected;
        }

        public CampaignReply.Rejected rejected() {
            return rejected;
        }
    }
}
