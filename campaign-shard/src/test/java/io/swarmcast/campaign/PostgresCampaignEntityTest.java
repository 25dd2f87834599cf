package io.swarmcast.campaign;

import io.swarmcast.persistence.DatabaseAdmin;
import io.swarmcast.persistence.DatabaseSettings;

class PostgresCampaignEntityTest extends CampaignEntityTest {
    @Override
    DatabaseSettings database() {
        return DatabaseAdmin.fromEnvironment().freshDatabase("swarmcast_test_entity");
    }
}
