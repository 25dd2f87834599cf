package io.swarmcast.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.swarmcast.core.scene.Presets;
import io.swarmcast.core.sim.InitialState;
import io.swarmcast.core.sim.KernelParams;
import io.swarmcast.core.sim.ParticleState;
import io.swarmcast.persistence.snapshot.ParticleCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistenceTest {

    @Test
    void defaultsToEmbeddedH2UnderData(@TempDir Path dir) {
        DatabaseSettings d = DatabaseSettings.fromEnvironment(Map.of());
        assertEquals(DatabaseSettings.Kind.H2, d.kind());
        assertTrue(d.url().contains(Path.of("data").toAbsolutePath().resolve("swarmcast").toString()), d.url());
        DatabaseSettings moved = DatabaseSettings.fromEnvironment(Map.of("SWARMCAST_DATA", dir.toString()));
        assertTrue(moved.url().startsWith("jdbc:h2:file:" + dir), moved.url());
    }

    @Test
    void postgresFromEnvironmentAndBadUrlsRefused() {
        DatabaseSettings d = DatabaseSettings.fromEnvironment(Map.of("SWARMCAST_DB_URL", "jdbc:postgresql://db:5432/s",
            "SWARMCAST_DB_USER", "u", "SWARMCAST_DB_PASSWORD", "p"));
        assertEquals(DatabaseSettings.Kind.POSTGRES, d.kind());
        assertEquals("u", d.user());
        ConfigException e = assertThrows(ConfigException.class,
            () -> DatabaseSettings.fromEnvironment(Map.of("SWARMCAST_DB_URL", "mysql://x")));
        assertTrue(e.getMessage().contains("SWARMCAST_DB_URL") && e.getMessage().contains("PostgreSQL"), e.getMessage());
        Config c = PersistenceConfig.forDatabase(d);
        assertEquals("slick.jdbc.PostgresProfile$", c.getString("pekko-persistence-jdbc.shared-databases.slick.profile"));
        assertEquals("jdbc-journal", c.getString("pekko.persistence.journal.plugin"));
    }

    @Test
    void h2SchemaIsCreatedAndMigrationIsRepeatable(@TempDir Path dir) throws Exception {
        DatabaseSettings db = DatabaseSettings.h2(dir);
        SchemaMigrator.migrate(db);
        SchemaMigrator.migrate(db);
        assertTablesExist(db);
        assertTrue(Files.exists(dir.resolve("swarmcast.mv.db")));
    }

    @Test
    void postgresSchemaIsCreatedAndMigrationIsRepeatable() throws Exception {
        DatabaseSettings db = DatabaseAdmin.fromEnvironment().freshDatabase("swarmcast_test_schema");
        SchemaMigrator.migrate(db);
        SchemaMigrator.migrate(db);
        assertTablesExist(db);
    }

    private static void assertTablesExist(DatabaseSettings db) throws Exception {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password())) {
            for (String t : new String[] {"event_journal", "event_tag", "snapshot"}) {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + quote(db, t))) {
                    assertTrue(rs.next());
                    assertEquals(0, rs.getLong(1));
                }
            }
            try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM swarmcast_schema")) {
                rs.next();
                assertEquals(SchemaMigrator.VERSION, rs.getInt(1), "one row per applied version, not per run");
            }
        }
    }

    private static String quote(DatabaseSettings db, String t) {
        return db.kind() == DatabaseSettings.Kind.H2 ? "\"" + t + "\"" : t;
    }

    @Test
    void particleCodecRoundTripsExactlyAndCompresses() {
        KernelParams p = new KernelParams();
        p.compile(Presets.get("demo", 100_000));
        ParticleState s = InitialState.create(p);
        s.age[7] = 0xFFFF;
        s.attr[9] = (byte) 200;
        s.px[3] = Integer.MIN_VALUE;
        s.vz[4] = -1;
        byte[] bytes = ParticleCodec.encode(s);
        ParticleState back = ParticleCodec.decode(bytes);
        assertEquals(s, back);
        assertTrue(bytes.length < 27 * 100_000 * 0.8, "compressed to " + bytes.length);
        byte[] corrupt = bytes.clone();
        corrupt[0] = 0;
        assertThrows(IllegalArgumentException.class, () -> ParticleCodec.decode(corrupt));
        assertThrows(IllegalArgumentException.class, () -> ParticleCodec.decode(java.util.Arrays.copyOf(bytes, bytes.length / 2)));
        assertArrayEquals(bytes, ParticleCodec.encode(back));
    }
}
