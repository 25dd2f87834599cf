package io.swarmcast.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swarmcast.edge.TestServer.Reply;
import io.swarmcast.edge.api.Endpoint;
import io.swarmcast.edge.security.Role;
import io.swarmcast.edge.security.TokenService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every role against every endpoint, tenants, and bad credentials. */
class AuthorizationMatrixTest {
    static TestServer t;

    @BeforeAll
    static void server() {
        t = TestServer.shared();
        assertEquals(201, t.createCampaign("authz-own", "default", false, 2000).status());
        assertEquals(201, t.createCampaign("authz-pub", "default", true, 2000).status());
        assertEquals(201, t.createCampaign("authz-acme", "acme", false, 2000).status());
    }

    private static String body(Endpoint e, String who) {
        return switch (e.method() + " " + e.template()) {
            case "POST /api/campaigns" -> "{\"id\":\"authz-new-" + who + "\",\"preset\":\"demo\",\"particles\":1000,\"start\":false}";
            case "PATCH /api/campaigns/{id}" -> "{\"public\":false}";
            case "PUT /api/campaigns/{id}/behaviours/{target}" -> "{\"coefficient\":0.3}";
            case "POST /api/campaigns/{id}/inputs" -> "{\"input\":{\"type\":\"moveField\",\"id\":\"left\",\"position\":[1,1,1]}}";
            default -> null;
        };
    }

    private static String path(Endpoint e, String campaign) {
        String p = e.template().replace("{id}", campaign).replace("{target}", "drag");
        return p.endsWith("/replay") ? p + "?tick=0" : p;
    }

    @Test
    void everyRoleAgainstEveryEndpoint() {
        List<Endpoint> endpoints = new ArrayList<>(t.server.api().endpoints());
        // destructive last: stop before delete
        endpoints.sort(Comparator.comparing((Endpoint e) -> e.method().equals("DELETE") ? 2 : e.template().endsWith("/stop") ? 1 : 0));
        Role[] roles = {null, Role.VIEWER, Role.PLAYER, Role.OPERATOR, Role.ADMIN};
        int checked = 0;
        for (Endpoint e : endpoints) {
            for (Role role : roles) {
                String who = role == null ? "anonymous" : role.wireName();
                String token = role == null ? null : t.token(role, "default");
                Reply r = t.call(e.method(), path(e, "authz-own"), token, body(e, who));
                String what = who + " " + e.method() + " " + e.template() + " -> " + r.status() + " " + new String(r.bytes());
                boolean allowed = e.role() == null || (role != null && role.includes(e.role()));
                if (allowed) {
                    assertTrue(r.status() != 401 && r.status() != 403 && r.status() < 500, what);
                } else if (role == null) {
                    // anonymous: sign in; or, for viewing a private campaign, as if it did not exist
                    assertTrue(r.status() == 401 || r.status() == 404, what);
                } else {
                    assertEquals(403, r.status(), what);
                    assertEquals("forbidden", r.code(), what);
                }
                checked++;
            }
        }
        assertEquals(t.server.api().endpoints().size() * roles.length, checked);
    }

    @Test
    void anonymousMayWatchPublicCampaignsOnly() {
        assertEquals(200, t.call("GET", "/api/campaigns/authz-pub", (String) null, null).status());
        assertEquals(404, t.call("GET", "/api/campaigns/authz-own", (String) null, null).status());
        assertEquals(401, t.call("POST", "/api/campaigns/authz-pub/inputs", (String) null,
            "{\"input\":{\"type\":\"moveField\",\"id\":\"left\",\"position\":[1,1,1]}}").status());
    }

    @Test
    void tenantsAreIsolated() {
        String acmeOp = t.token(Role.OPERATOR, "acme");
        String acmeViewer = t.token(Role.VIEWER, "acme");
        // another tenant's private campaign does not exist for you
        Reply hidden = t.call("GET", "/api/campaigns/authz-own", acmeOp, null);
        assertEquals(404, hidden.status());
        assertEquals("unknown-campaign", hidden.code());
        assertEquals(404, t.call("POST", "/api/campaigns/authz-own/pause", acmeOp, null).status());
        // a public one can be watched but not controlled or played
        assertEquals(200, t.call("GET", "/api/campaigns/authz-pub", acmeViewer, null).status());
        assertEquals(403, t.call("POST", "/api/campaigns/authz-pub/pause", acmeOp, null).status());
        assertEquals(403, t.call("POST", "/api/campaigns/authz-pub/inputs", acmeOp,
            "{\"input\":{\"type\":\"moveField\",\"id\":\"left\",\"position\":[1,1,1]}}").status());
        // your own tenant's campaign is yours
        assertEquals(200, t.call("GET", "/api/campaigns/authz-acme", acmeViewer, null).status());
        assertEquals(404, t.call("GET", "/api/campaigns/authz-acme", t.token(Role.OPERATOR, "default"), null).status());
        // admins reach every tenant
        assertEquals(200, t.call("GET", "/api/campaigns/authz-acme", t.token(Role.ADMIN, "default"), null).status());
        // creating for another tenant needs admin
        assertEquals(403, t.call("POST", "/api/campaigns", acmeOp,
            "{\"id\":\"authz-x\",\"preset\":\"demo\",\"particles\":1000,\"tenant\":\"default\"}").status());
        // the list shows your tenant and public campaigns
        String listed = t.call("GET", "/api/campaigns", acmeViewer, null).json().toString();
        assertTrue(listed.contains("authz-acme") && listed.contains("authz-pub") && !listed.contains("authz-own"), listed);
    }

    @Test
    void apiKeysStandForTheirRoleAndTenant() {
        Map<String, String> key = Map.of("X-Api-Key", TestServer.ACME_KEY);
        assertEquals(200, t.call("GET", "/api/campaigns/authz-acme", key, null).status());
        assertEquals(404, t.call("GET", "/api/campaigns/authz-own", key, null).status());
        assertEquals(403, t.call("GET", "/api/audit", key, null).status());
        Reply bad = t.call("GET", "/api/campaigns/authz-acme", Map.of("X-Api-Key", "sk_wrong"), null);
        assertEquals(401, bad.status());
        assertEquals("unauthenticated", bad.code());
    }

    @Test
    void tokensLimitedToACampaignReachOnlyIt() {
        String limited = t.server.tokens().issue("one", Role.OPERATOR, "default", "authz-pub", Duration.ofMinutes(5));
        assertEquals(200, t.call("POST", "/api/campaigns/authz-pub/pause", limited, null).status());
        assertEquals(200, t.call("POST", "/api/campaigns/authz-pub/resume", limited, null).status());
        assertEquals(404, t.call("GET", "/api/campaigns/authz-own", limited, null).status());
    }

    @Test
    void forgedExpiredAndMalformedTokensAreRefused() {
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        String forged = new TokenService(otherKey, Clock.systemUTC()).issue("mallory", Role.ADMIN, "default", null, Duration.ofHours(1));
        assertUnauthenticated(forged);
        // signed with the right key, but expired an hour ago
        byte[] key = java.util.Base64.getDecoder().decode(readKey());
        Clock past = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
        assertUnauthenticated(new TokenService(key, past).issue("old", Role.ADMIN, "default", null, Duration.ofHours(1)));
        // alg none, with the claims of an admin
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String claims = b64("{\"iss\":\"swarmcast\",\"sub\":\"x\",\"role\":\"admin\",\"tenant\":\"default\",\"exp\":" + (Instant.now().getEpochSecond() + 3600) + "}");
        assertUnauthenticated(header + "." + claims + ".");
        // a valid token with its payload swapped for an admin's
        String real = t.token(Role.VIEWER, "default");
        String[] parts = real.split("\\.");
        assertUnauthenticated(parts[0] + "." + claims + "." + parts[2]);
        assertUnauthenticated("garbage");
        Reply basic = t.call("GET", "/api/audit", Map.of("Authorization", "Basic YWRtaW46YWRtaW4="), null);
        assertEquals(401, basic.status());
    }

    private static String readKey() {
        try {
            return java.nio.file.Files.readString(t.data.resolve("jwt.key")).trim();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void assertUnauthenticated(String token) {
        Reply r = t.call("GET", "/api/audit", token, null);
        assertEquals(401, r.status(), new String(r.bytes()));
        assertEquals("unauthenticated", r.code());
        Reply ws = t.call("GET", "/ws/campaigns/authz-pub?access_token=" + token, (String) null, null);
        assertEquals(401, ws.status(), "bad credentials are refused, not treated as anonymous");
    }
}
