package io.swarmcast.persistence;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.Map;

/**
 * The Pekko Persistence JDBC settings for a {@link DatabaseSettings}: journal, snapshot store and
 * read journal share one connection pool. Layer the result over the application config.
 */
public final class PersistenceConfig {
    private PersistenceConfig() {
    }

    public static Config forDatabase(DatabaseSettings db) {
        Map<String, Object> slick = Map.of(
            "profile", db.kind().slickProfile,
            "db.url", db.url(),
            "db.user", db.user(),
            "db.password", db.password(),
            "db.driver", db.kind().driver,
            "db.connectionTimeout", 10000);
        Config shared = ConfigFactory.empty();
        for (Map.Entry<String, Object> e : slick.entrySet()) {
            shared = shared.withValue("pekko-persistence-jdbc.shared-databases.slick." + e.getKey(),
                ConfigValueFactory.fromAnyRef(e.getValue()));
        }
        return shared.withFallback(ConfigFactory.parseResources("io/swarmcast/persistence/persistence.conf"));
    }
}
