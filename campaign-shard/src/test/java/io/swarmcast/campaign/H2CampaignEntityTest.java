package io.swarmcast.campaign;

import io.swarmcast.persistence.DatabaseSettings;
import java.nio.file.Path;

class H2CampaignEntityTest extends CampaignEntityTest {
    @Override
    DatabaseSettings database() {
        return DatabaseSettings.h2(Path.of("target", "h2-entity-" + System.nanoTime()));
    }
}
