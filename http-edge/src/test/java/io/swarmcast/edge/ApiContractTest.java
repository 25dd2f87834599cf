package io.swarmcast.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.swarmcast.edge.TestServer.Reply;
import io.swarmcast.edge.security.Role;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The REST API's contract: shapes, status codes and error bodies, against a real server. */
class ApiContractTest {
    static TestServer t;
    static String op;
    static String admin;

    @BeforeAll
    static void server() {
        t = TestServer.shared();
        op = t.token(Role.OPERATOR, "default");
        admin = t.token(Role.ADMIN, "default");
    }

    private static void assertError(Reply r, int status, String code, String field) {
        assertEquals(status, r.status(), () -> new String(r.bytes()));
        assertNotNull(r.json(), "errors are JSON");
        assertEquals(status, r.json().get("status").asInt());
        assertEquals(code, r.json().get("code").asText());
        assertTrue(r.json().get("message").asText().length() > 5, "a message for people");
        if (field != null) {
            assertEquals(field, r.json().get("field").asText());
        }
    }

    @Test
    void demoIsCreatedPublicAndRunningOnFirstStart() {
        Reply r = t.call("GET", "/api/campaigns/demo", (String) null, null);
        assertEquals(200, r.status());
        assertEquals("running", r.json().get("state").asText());
        assertTrue(r.json().get("public").asBoolean());
        assertEquals(4000, r.json().get("particles").asInt());
    }

    @Test
    void createStatusLifecycleAndDelete() throws Exception {
        Reply created = t.call("POST", "/api/campaigns", op, "{\"id\":\"api-a\",\"preset\":\"demo\",\"particles\":3000,\"start\":false}");
        assertEquals(201, created.status(), () -> new String(created.bytes()));
        JsonNode s = created.json();
        assertEquals("api-a", s.get("id").asText());
        assertEquals("created", s.get("state").asText());
        assertEquals(0, s.get("tick").asLong());
        assertTrue(s.get("checksum").asText().matches("[0-9a-f]{16}"), s.get("checksum").asText());
        assertEquals(3000, s.get("particles").asInt());
        assertEquals("java", s.get("backend").asText());
        assertEquals("default", s.get("tenant").asText());
        assertEquals(false, s.get("public").asBoolean());

        assertError(t.call("POST", "/api/campaigns", op, "{\"id\":\"api-a\",\"preset\":\"demo\",\"particles\":3000}"),
            409, "already-exists", "id");
        assertError(t.call("POST", "/api/campaigns/api-a/pause", op, null), 409, "illegal-state", null);
        assertEquals("running", t.call("POST", "/api/campaigns/api-a/start", op, null).json().get("state").asText());
        assertEquals("paused", t.call("POST", "/api/campaigns/api-a/pause", op, null).json().get("state").asText());
        assertEquals("running", t.call("POST", "/api/campaigns/api-a/resume", op, null).json().get("state").asText());

        Reply patched = t.call("PATCH", "/api/campaigns/api-a", op, "{\"public\":true}");
        assertEquals(200, patched.status());
        assertTrue(patched.json().get("public").asBoolean());

        Reply param = t.call("PUT", "/api/campaigns/api-a/behaviours/drag", op, "{\"coefficient\":0.5}");
        assertEquals(202, param.status(), () -> new String(param.bytes()));
        assertTrue(param.json().get("tick").asLong() > 0);
        assertError(t.call("PUT", "/api/campaigns/api-a/behaviours/drag", op, "{\"coefficient\":\"much\"}"), 400, "invalid", null);

        Reply in = t.call("POST", "/api/campaigns/api-a/inputs", op,
            "{\"input\":{\"type\":\"moveField\",\"id\":\"left\",\"position\":[-30,0,0]}}");
        assertEquals(202, in.status(), () -> new String(in.bytes()));
        assertTrue(in.json().get("seq").asLong() >= 1);
        assertError(t.call("POST", "/api/campaigns/api-a/inputs", op, "{\"tick\":1,\"input\":{\"type\":\"moveField\",\"id\":\"left\",\"position\":[0,0,0]}}"),
            409, "past-tick", null);
        assertError(t.call("POST", "/api/campaigns/api-a/inputs", op, "{\"input\":{\"type\":\"teleport\"}}"), 400, "invalid", null);

        // pause, then the replay of the current tick must give the live checksum
        t.call("POST", "/api/campaigns/api-a/pause", op, null);
        JsonNode paused = t.call("GET", "/api/campaigns/api-a", op, null).json();
        long tick = paused.get("tick").asLong();
        Reply replay = t.call("GET", "/api/campaigns/api-a/replay?tick=" + tick, op, null);
        assertEquals(200, replay.status(), () -> new String(replay.bytes()));
        assertEquals(tick, replay.json().get("tick").asLong());
        assertEquals(paused.get("checksum").asText(), replay.json().get("checksum").asText());
        assertEquals(3000, replay.json().get("stats").get("particles").asInt());
        Reply frame = t.call("GET", "/api/campaigns/api-a/replay?tick=" + tick + "&format=frame", op, null);
        assertEquals(200, frame.status());
        ByteBuffer f = ByteBuffer.wrap(frame.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x10, f.get(1));
        assertEquals(tick, f.getLong(4));
        assertEquals(3000, f.getInt(20));
        assertEquals(48 + 7 * 3000, frame.bytes().length);
        assertError(t.call("GET", "/api/campaigns/api-a/replay?tick=abc", op, null), 400, "invalid", "tick");
        assertError(t.call("GET", "/api/campaigns/api-a/replay", op, null), 400, "invalid", "tick");
        assertError(t.call("GET", "/api/campaigns/api-a/replay?tick=" + (tick + 100000), op, null), 409, "future-tick", "tick");

        Reply snap = t.call("GET", "/api/campaigns/api-a/snapshot", op, null);
        assertEquals(200, snap.status(), () -> new String(snap.bytes()));
        assertEquals(1, ByteBuffer.wrap(snap.bytes()).getInt(0), "snapshot format version");
        assertTrue(snap.raw().headers().firstValue("Content-Disposition").orElse("").contains("api-a"));

        assertEquals("stopped", t.call("POST", "/api/campaigns/api-a/stop", op, null).json().get("state").asText());
        assertEquals(200, t.call("DELETE", "/api/campaigns/api-a", admin, null).status());
        assertError(t.call("GET", "/api/campaigns/api-a", admin, null), 404, "unknown-campaign", "id");
        assertError(t.call("POST", "/api/campaigns", op, "{\"id\":\"api-a\",\"preset\":\"demo\",\"particles\":3000}"),
            409, "already-exists", "id");

        JsonNode audit = t.call("GET", "/api/audit?limit=1000", admin, null).json().get("entries");
        boolean sawStart = false;
        for (JsonNode e : audit) {
            if ("start".equals(e.get("action").asText()) && "api-a".equals(e.get("campaign").asText())) {
                sawStart = true;
                assertEquals("user-operator-default", e.get("subject").asText());
                assertEquals(200, e.get("status").asInt());
                assertNotNull(e.get("time"));
            }
        }
        assertTrue(sawStart, "the audit log records who started api-a");
    }

    @Test
    void listShowsWhatTheCallerMaySee() {
        assertEquals(201, t.createCampaign("api-private", "default", false, 2000).status());
        JsonNode anon = t.call("GET", "/api/campaigns", (String) null, null).json().get("campaigns");
        JsonNode mine = t.call("GET", "/api/campaigns", op, null).json().get("campaigns");
        assertTrue(ids(anon).contains("demo"));
        assertTrue(!ids(anon).contains("api-private"), "anonymous callers see public campaigns only");
        assertTrue(ids(mine).contains("api-private"));
    }

    private static java.util.List<String> ids(JsonNode list) {
        java.util.List<String> out = new java.util.ArrayList<>();
        list.forEach(n -> out.add(n.get("id").asText()));
        return out;
    }

    @Test
    void badRequestsGetOneErrorShape() {
        assertError(t.call("POST", "/api/campaigns", op, "{\"id\":"), 400, "malformed", "$");
        assertError(t.call("POST", "/api/campaigns", op, "{\"id\":\"x1\",\"preset\":\"demo\",\"colour\":1}"), 400, "invalid", "colour");
        assertError(t.call("POST", "/api/campaigns", op, "{\"id\":\"Bad Id\",\"preset\":\"demo\",\"particles\":100}"), 400, "invalid", "id");
        assertError(t.call("POST", "/api/campaigns", op, "{\"id\":\"x2\",\"preset\":\"nope\"}"), 400, "invalid", "preset");
        assertError(t.call("POST", "/api/campaigns", op, "{\"id\":\"x3\",\"preset\":\"demo\",\"particles\":-5}"), 400, "invalid", null);
        assertError(t.call("POST", "/api/campaigns", op,
            "{\"id\":\"x4\",\"scene\":{\"name\":\"s\",\"particles\":10,\"bounds\":{\"min\":[0,0,0],\"max\":[1,1,1]},\"behaviours\":[{\"type\":\"gravity\",\"acceleration\":[0,NaN,0]}]}}"),
            400, "invalid", null);
        assertError(t.call("POST", "/api/campaigns", op, "[1,2]"), 400, "invalid", "$");
        assertError(t.call("GET", "/api/nothing-here", op, null), 404, "not-found", null);
        assertError(t.call("DELETE", "/api/presets", op, null), 405, "method-not-allowed", null);
        assertError(t.call("GET", "/api/campaigns/no-such-campaign", op, null), 404, "unknown-campaign", "id");
        String huge = "{\"id\":\"x5\",\"preset\":\"demo\",\"pad\":\"" + "x".repeat(2_000_000) + "\"}";
        Reply tooBig = t.call("POST", "/api/campaigns", op, huge);
        assertEquals(413, tooBig.status());
        assertEquals("too-large", tooBig.code());
        Reply wrongType = t.call("POST", "/api/campaigns", Map.of("Authorization", "Bearer " + op, "Content-Type", "text/plain"),
            "hello");
        assertEquals(415, wrongType.status());
        // and the server is fine
        assertEquals(200, t.call("GET", "/api/campaigns/demo", (String) null, null).status());
    }

    @Test
    void requestRatesAreLimitedPerCaller() {
        TestServer limited = TestServer.start(TestServer.tempDir(), com.typesafe.config.ConfigFactory.parseString(
            "swarmcast.http.requests-per-second = 5\nswarmcast.http.request-burst = 5\nswarmcast.demo.enabled = off"));
        try {
            int limitedCount = 0;
            for (int i = 0; i < 30; i++) {
                Reply r = limited.call("GET", "/api/presets", (String) null, null);
                if (r.status() == 429) {
                    limitedCount++;
                    assertEquals("rate-limited", r.code());
                    assertEquals("1", r.raw().headers().firstValue("Retry-After").orElse(""));
                }
            }
            assertTrue(limitedCount >= 20, limitedCount + " of 30 rapid requests were limited");
        } finally {
            limited.server.close();
        }
    }

    @Test
    void presetsAndOpenApiAreServed() {
        JsonNode presets = t.call("GET", "/api/presets", (String) null, null).json().get("presets");
        assertTrue(presets.size() >= 5);
        Reply doc = t.call("GET", "/api/openapi.json", (String) null, null);
        assertEquals(200, doc.status());
        assertTrue(doc.json().get("openapi").asText().startsWith("3."));
    }
}
