package io.swarmcast.campaign.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.swarmcast.campaign.CampaignSettings;
import io.swarmcast.campaign.Campaigns;
import io.swarmcast.persistence.DatabaseSettings;
import io.swarmcast.persistence.PersistenceConfig;
import io.swarmcast.persistence.SchemaMigrator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * One Swarmcast node: the database schema migrated, an actor system in the cluster (a cluster of its
 * own when no seed nodes are configured) and the campaign shard region.
 */
public final class CampaignNode implements AutoCloseable {
    private final ActorSystem<Void> system;
    private final Campaigns campaigns;
    private final DatabaseSettings database;

    private CampaignNode(ActorSystem<Void> system, Campaigns campaigns, DatabaseSettings database) {
        this.system = system;
        this.campaigns = campaigns;
        this.database = database;
    }

    /**
     * The configuration a node runs with: {@code overrides}, then {@code ./application.conf} if present
     * (or the file named by {@code -Dconfig.file}), then the database settings, then every module's
     * reference.conf.
     */
    public static Config config(Config overrides, DatabaseSettings db) {
        Config app = ConfigFactory.empty();
        Path file = Path.of(System.getProperty("swarmcast.config", "application.conf"));
        if (System.getProperty("config.file") == null && Files.isRegularFile(file)) {
            app = ConfigFactory.parseFile(file.toFile());
        }
        Config merged = overrides.withFallback(app).withFallback(PersistenceConfig.forDatabase(db))
            .withFallback(ConfigFactory.parseResources("io/swarmcast/campaign/node.conf"))
            .withFallback(ConfigFactory.load()).resolve();
        // reference.conf's substitutions were resolved before the overrides: apply swarmcast.cluster here
        Config cluster = merged.getConfig("swarmcast.cluster");
        return ConfigFactory.parseMap(java.util.Map.of(
                "pekko.remote.artery.canonical.hostname", cluster.getString("host"),
                "pekko.remote.artery.canonical.port", cluster.getInt("port"),
                "pekko.cluster.seed-nodes", cluster.getStringList("seed-nodes")))
            .withFallback(merged);
    }

    public static CampaignNode start(Config overrides, DatabaseSettings db) {
        if (db.kind() == DatabaseSettings.Kind.H2) {
            try {
                Files.createDirectories(Path.of(db.url().substring("jdbc:h2:file:".length(), db.url().indexOf(';')))
                    .getParent());
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot create the data directory for " + db.describe(), e);
            }
        }
        SchemaMigrator.migrate(db);
        Config config = config(overrides, db);
        CampaignSettings settings = CampaignSettings.from(config);
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "swarmcast", config);
        Cluster cluster = Cluster.get(system);
        if (config.getStringList("pekko.cluster.seed-nodes").isEmpty()) {
            cluster.manager().tell(Join.create(cluster.selfMember().address()));
        }
        return new CampaignNode(system, Campaigns.init(system, settings), db);
    }

    public ActorSystem<Void> system() {
        return system;
    }

    public Campaigns campaigns() {
        return campaigns;
    }

    public DatabaseSettings database() {
        return database;
    }

    @Override
    public void close() {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("actor system did not terminate", e);
        }
    }
}
