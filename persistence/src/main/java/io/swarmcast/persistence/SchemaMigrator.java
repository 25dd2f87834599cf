package io.swarmcast.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates or upgrades the database schema at start-up. Every statement is guarded (IF NOT EXISTS),
 * so running it again, or from two nodes at once, changes nothing. Applied versions are recorded in
 * {@code swarmcast_schema}.
 */
public final class SchemaMigrator {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);
    /** The current schema version; files named {@code <kind>-NNN.sql} up to it are applied in order. */
    public static final int VERSION = 1;

    private SchemaMigrator() {
    }

    public static void migrate(DatabaseSettings db) {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password())) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS swarmcast_schema (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
            }
            c.commit();
            for (int v = 1; v <= VERSION; v++) {
                String prefix = db.kind() == DatabaseSettings.Kind.H2 ? "h2" : "postgres";
                for (String sql : statements(String.format("%s-%03d.sql", prefix, v))) {
                    try (Statement s = c.createStatement()) {
                        s.execute(sql);
                    }
                }
                try (Statement s = c.createStatement()) {
                    if (!s.executeQuery("SELECT version FROM swarmcast_schema WHERE version = " + v).next()) {
                        s.execute("INSERT INTO swarmcast_schema (version, applied_at) VALUES (" + v + ", "
                            + System.currentTimeMillis() + ")");
                    }
                }
                c.commit();
            }
            LOG.info("schema at version {} on {}", VERSION, db.describe());
        } catch (SQLException e) {
            throw new IllegalStateException("could not create or migrate the schema on " + db.describe()
                + ": " + e.getMessage(), e);
        }
    }

    static List<String> statements(String resource) {
        String path = "io/swarmcast/persistence/schema/" + resource;
        try (InputStream in = SchemaMigrator.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing schema resource " + path);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> out = new ArrayList<>();
            StringBuilder cur = new StringBuilder();
            for (String line : text.split("\n")) {
                if (line.strip().startsWith("--")) {
                    continue;
                }
                cur.append(line).append('\n');
                if (line.strip().endsWith(";")) {
                    String stmt = cur.toString().strip();
                    out.add(stmt.substring(0, stmt.length() - 1));
                    cur.setLength(0);
                }
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }
}
