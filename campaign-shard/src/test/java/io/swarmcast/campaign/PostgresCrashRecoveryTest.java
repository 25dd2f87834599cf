package io.swarmcast.campaign;

import io.swarmcast.persistence.DatabaseAdmin;
import io.swarmcast.persistence.DatabaseSettings;
import java.util.List;

class PostgresCrashRecoveryTest extends CrashRecoveryTest {
    @Override
    DatabaseSettings database() {
        return DatabaseAdmin.fromEnvironment().freshDatabase("swarmcast_test_crash");
    }

    @Override
    List<String> childDatabaseArgs(DatabaseSettings db) {
        return List.of("pg", db.url());
    }
}
