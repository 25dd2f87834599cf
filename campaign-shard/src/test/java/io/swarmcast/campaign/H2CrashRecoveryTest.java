package io.swarmcast.campaign;

import io.swarmcast.persistence.DatabaseSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

class H2CrashRecoveryTest extends CrashRecoveryTest {
    @Override
    DatabaseSettings database() throws Exception {
        return DatabaseSettings.h2(Files.createTempDirectory(Path.of("target"), "h2-crash"));
    }

    @Override
    List<String> childDatabaseArgs(DatabaseSettings db) {
        String path = db.url().substring("jdbc:h2:file:".length(), db.url().indexOf(';'));
        return List.of("h2", Path.of(path).getParent().toString());
    }
}
