package io.swarmcast.persistence;

import com.typesafe.config.ConfigException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where campaigns are stored. With nothing configured: an embedded H2 file database under
 * {@code ./data} ({@code SWARMCAST_DATA} moves it). With {@code SWARMCAST_DB_URL} (a
 * {@code jdbc:postgresql:} URL) plus {@code SWARMCAST_DB_USER} and {@code SWARMCAST_DB_PASSWORD}:
 * PostgreSQL.
 */
public record DatabaseSettings(Kind kind, String url, String user, String password) {

    public enum Kind {
        H2("org.h2.Driver", "slick.jdbc.H2Profile$", "h2-001.sql"),
        POSTGRES("org.postgresql.Driver", "slick.jdbc.PostgresProfile$", "postgres-001.sql");

        final String driver;
        final String slickProfile;
        final String schemaResource;

        Kind(String driver, String slickProfile, String schemaResource) {
            this.driver = driver;
            this.slickProfile = slickProfile;
            this.schemaResource = schemaResource;
        }
    }

    public DatabaseSettings {
        if (url == null || url.isBlank()) {
            throw new ConfigException.BadValue("SWARMCAST_DB_URL", "must not be empty");
        }
        user = user == null ? "" : user;
        password = password == null ? "" : password;
    }

    /**
     * The embedded H2 database in {@code dataDir}, shareable with a second process (replay) while it
     * runs. {@code WRITE_DELAY=0} writes every commit out before acknowledging it (H2 otherwise delays
     * writes by up to 500 ms, and a killed process loses acknowledged events).
     */
    public static DatabaseSettings h2(Path dataDir) {
        Path file = dataDir.toAbsolutePath().normalize().resolve("swarmcast");
        return new DatabaseSettings(Kind.H2, "jdbc:h2:file:" + file + ";AUTO_SERVER=TRUE;WRITE_DELAY=0", "sa", "");
    }

    /** A PostgreSQL database; the URL must be a {@code jdbc:postgresql:} URL. */
    public static DatabaseSettings postgres(String url, String user, String password) {
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new ConfigException.BadValue("SWARMCAST_DB_URL",
                "must be a PostgreSQL JDBC URL such as jdbc:postgresql://host:5432/swarmcast, was '" + url + "'");
        }
        return new DatabaseSettings(Kind.POSTGRES, url, user, password);
    }

    /** Reads the {@code SWARMCAST_DB_*} and {@code SWARMCAST_DATA} variables. */
    public static DatabaseSettings fromEnvironment(Map<String, String> env) {
        String url = env.get("SWARMCAST_DB_URL");
        if (url != null && !url.isBlank()) {
            return postgres(url.trim(), env.get("SWARMCAST_DB_USER"), env.get("SWARMCAST_DB_PASSWORD"));
        }
        String data = env.getOrDefault("SWARMCAST_DATA", "data");
        if (data.isBlank()) {
            throw new ConfigException.BadValue("SWARMCAST_DATA", "must name a directory");
        }
        return h2(Path.of(data));
    }

    public static DatabaseSettings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** The URL with any password parameter hidden, for logs. */
    public String describe() {
        return kind + " " + url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
