package io.swarmcast.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.swarmcast.edge.security.ApiKeys;
import io.swarmcast.edge.security.Role;
import io.swarmcast.edge.security.SigningKey;
import io.swarmcast.edge.server.SwarmcastServer;
import io.swarmcast.persistence.DatabaseSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad security and server settings are refused with a message naming the setting, before anything starts. */
class SecurityConfigTest {
    private static Config security(String mode, String secret) {
        return ConfigFactory.parseMap(Map.of("mode", mode, "jwt-secret", secret));
    }

    @Test
    void productionNeedsAStrongSecretDevelopmentMakesAndKeepsAKey() throws Exception {
        Path dir = Files.createTempDirectory("swarmcast-keys");
        var e = assertThrows(IllegalArgumentException.class, () -> SigningKey.load(security("production", ""), dir));
        assertTrue(e.getMessage().contains("SWARMCAST_JWT_SECRET"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SigningKey.load(security("production",
            Base64.getEncoder().encodeToString(new byte[16])), dir));
        assertTrue(e.getMessage().contains("at least 32 bytes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SigningKey.load(security("production", "not base64!"), dir));
        assertTrue(e.getMessage().contains("base64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SigningKey.load(security("staging", ""), dir));
        assertTrue(e.getMessage().contains("swarmcast.security.mode"), e.getMessage());
        byte[] first = SigningKey.load(security("development", ""), dir);
        assertEquals(32, first.length);
        assertArrayEquals(first, SigningKey.load(security("development", ""), dir), "the development key is kept");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
            Files.getPosixFilePermissions(dir.resolve("jwt.key"))));
    }

    @Test
    void apiKeyEntriesAreChecked() {
        String hash = ApiKeys.sha256("k");
        var bad = assertThrows(IllegalArgumentException.class, () -> new ApiKeys(java.util.List.of(ConfigFactory.parseMap(
            Map.of("name", "ci", "sha256", hash, "role", "wizard")))));
        assertTrue(bad.getMessage().contains("unknown role 'wizard'"), bad.getMessage());
        bad = assertThrows(IllegalArgumentException.class, () -> new ApiKeys(java.util.List.of(ConfigFactory.parseMap(
            Map.of("name", "ci", "sha256", "abc", "role", "operator")))));
        assertTrue(bad.getMessage().contains("64 hex digits"), bad.getMessage());
        var ok = new ApiKeys(java.util.List.of(ConfigFactory.parseMap(Map.of("name", "ci", "sha256", hash, "role", "player",
            "tenant", "acme"))));
        assertEquals(Role.PLAYER, ok.verify("k").role());
        assertEquals("acme", ok.verify("k").tenant());
    }

    @Test
    void badServerSettingsStopTheStartBeforeAnythingRuns() throws Exception {
        Path dir = Files.createTempDirectory("swarmcast-badconf");
        var e = assertThrows(IllegalArgumentException.class, () -> SwarmcastServer.start(
            ConfigFactory.parseMap(Map.of("swarmcast.http.inputs-per-second", -1)), DatabaseSettings.h2(dir), dir));
        assertTrue(e.getMessage().contains("swarmcast.http.inputs-per-second"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SwarmcastServer.start(ConfigFactory.parseMap(Map.of(
            "swarmcast.http.tls.enabled", true)), DatabaseSettings.h2(dir), dir));
        assertTrue(e.getMessage().contains("keystore"), e.getMessage());
        assertTrue(!Files.exists(dir.resolve("swarmcast.mv.db")), "nothing was started: no database was created");
    }
}
