package io.swarmcast.persistence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Creates PostgreSQL databases for tests and benchmarks on a server the user points at with
 * {@code SWARMCAST_TEST_PG_URL} (an admin JDBC URL, default {@code jdbc:postgresql://127.0.0.1:5432/postgres}),
 * {@code SWARMCAST_TEST_PG_USER} (default {@code postgres}) and {@code SWARMCAST_TEST_PG_PASSWORD}
 * (default {@code postgres}).
 */
public final class DatabaseAdmin {
    private final String adminUrl;
    private final String user;
    private final String password;

    public DatabaseAdmin(String adminUrl, String user, String password) {
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
    }

    public static DatabaseAdmin fromEnvironment() {
        Map<String, String> env = System.getenv();
        return new DatabaseAdmin(env.getOrDefault("SWARMCAST_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres"),
            env.getOrDefault("SWARMCAST_TEST_PG_USER", "postgres"),
            env.getOrDefault("SWARMCAST_TEST_PG_PASSWORD", "postgres"));
    }

    /** Drops and recreates database {@code name}, owned by the admin user, and returns its settings. */
    public DatabaseSettings freshDatabase(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("database name must be lower-case letters, digits and _: " + name);
        }
        try (Connection c = DriverManager.getConnection(adminUrl, user, password); Statement s = c.createStatement()) {
            try (PreparedStatement kill = c.prepareStatement(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
                kill.setString(1, name);
                kill.execute();
            }
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create PostgreSQL database " + name + " via " + adminUrl
                + " as " + user + " (set SWARMCAST_TEST_PG_URL/USER/PASSWORD): " + e.getMessage(), e);
        }
        int slash = adminUrl.lastIndexOf('/');
        String base = adminUrl.substring(0, slash + 1);
        String query = "";
        int q = adminUrl.indexOf('?', slash);
        if (q > 0) {
            query = adminUrl.substring(q);
        }
        return DatabaseSettings.postgres(base + name + query, user, password);
    }
}
