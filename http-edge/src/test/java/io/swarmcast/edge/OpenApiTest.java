package io.swarmcast.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.swarmcast.edge.api.Endpoint;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document and the route table describe the same API. */
class OpenApiTest {
    @Test
    void everyRouteIsDocumentedAndEveryDocumentedRouteExists() {
        TestServer t = TestServer.shared();
        JsonNode doc = t.call("GET", "/api/openapi.json", (String) null, null).json();
        TreeSet<String> documented = new TreeSet<>();
        Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> p = paths.next();
            p.getValue().fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey()));
        }
        TreeSet<String> routed = new TreeSet<>();
        for (Endpoint e : t.server.api().endpoints()) {
            String key = e.method() + " " + e.template();
            routed.add(key);
            JsonNode op = doc.get("paths").get(e.template()).get(e.method().toLowerCase(Locale.ROOT));
            assertNotNull(op, key);
            assertEquals(e.role() == null ? "anyone" : e.role().wireName(), op.get("x-swarmcast-role").asText(),
                "documented role of " + key);
            for (String param : e.params()) {
                boolean found = false;
                for (JsonNode p : op.get("parameters")) {
                    found |= p.get("name").asText().equals(param) && p.get("in").asText().equals("path");
                }
                assertEquals(true, found, key + " documents path parameter " + param);
            }
        }
        assertEquals(routed, documented);
    }
}
