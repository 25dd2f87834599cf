package io.swarmcast.edge.security;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The token signing key. In production mode it must come from {@code swarmcast.security.jwt-secret}
 * (SWARMCAST_JWT_SECRET, base64, at least 32 bytes). In development mode (the default) a random key is
 * made on first start in {@code <data>/jwt.key}, readable by its owner only, and reused afterwards.
 */
public final class SigningKey {
    private SigningKey() {
    }

    public static byte[] load(Config security, Path dataDir) {
        String mode = security.getString("mode");
        String secret = security.hasPath("jwt-secret") ? security.getString("jwt-secret") : "";
        if (!secret.isEmpty()) {
            byte[] key;
            try {
                key = Base64.getDecoder().decode(secret.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("swarmcast.security.jwt-secret must be base64");
            }
            if (key.length < 32) {
                throw new IllegalArgumentException("swarmcast.security.jwt-secret must decode to at least 32 bytes, was "
                    + key.length);
            }
            return key;
        }
        if ("production".equals(mode)) {
            throw new IllegalArgumentException("production mode needs swarmcast.security.jwt-secret "
                + "(SWARMCAST_JWT_SECRET): at least 32 random bytes, base64");
        }
        if (!"development".equals(mode)) {
            throw new IllegalArgumentException("swarmcast.security.mode must be development or production, was '" + mode + "'");
        }
        Path file = dataDir.resolve("jwt.key");
        try {
            if (Files.isRegularFile(file)) {
                return Base64.getDecoder().decode(Files.readString(file).trim());
            }
            Files.createDirectories(dataDir);
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Path tmp = dataDir.resolve("jwt.key.tmp");
            Files.writeString(tmp, Base64.getEncoder().encodeToString(key) + "\n");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the development signing key " + file, e);
        }
    }
}
