package io.swarmcast.edge.security;

import com.typesafe.config.Config;
import io.swarmcast.campaign.CampaignMeta;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * API keys for programs: configured as {@code swarmcast.security.api-keys = [{name, sha256, role,
 * tenant}]}. Only the SHA-256 of each key is stored; a request presents the key in {@code X-Api-Key}.
 */
public final class ApiKeys {
    private final Map<String, Principal> byHash = new HashMap<>();

    public ApiKeys(List<? extends Config> entries) {
        for (Config e : entries) {
            String name = e.getString("name");
            String hash = e.getString("sha256").toLowerCase(java.util.Locale.ROOT);
            Role role = Role.parse(e.getString("role"));
            String tenant = e.hasPath("tenant") ? e.getString("tenant") : CampaignMeta.DEFAULT_TENANT;
            if (role == null) {
                throw new IllegalArgumentException("swarmcast.security.api-keys: key '" + name + "' has an unknown role '"
                    + e.getString("role") + "' (viewer, player, operator, admin)");
            }
            if (!hash.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("swarmcast.security.api-keys: key '" + name
                    + "' needs sha256 = 64 hex digits");
            }
            if (!CampaignMeta.validTenant(tenant)) {
                throw new IllegalArgumentException("swarmcast.security.api-keys: key '" + name + "' has an invalid tenant");
            }
            byHash.put(hash, new Principal("key:" + name, role, tenant, null));
        }
    }

    /** The principal of {@code key}, or {@link AuthException} (401). */
    public Principal verify(String key) {
        Principal p = byHash.get(sha256(key));
        if (p == null) {
            throw AuthException.unauthenticated("unknown API key");
        }
        return p;
    }

    public static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new random key (256 bits, URL-safe base64). */
    public static String generate() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return "sk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
