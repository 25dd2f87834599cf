package io.swarmcast.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimBenchTest {

    @Test
    void printsOneJsonObjectPerBackendWithTheRequiredFieldsAndAgreeingChecksums() throws Exception {
        BenchRun r = BenchRun.of("sim", "--particles", "5000", "--steps", "5", "--warmup", "5", "--baseline-steps", "2",
            "--backend", "java,java-scalar,opencl", "--json");
        assertEquals(0, r.exit(), r.err());
        List<JsonNode> rows = new ArrayList<>();
        for (String line : r.out().strip().split("\n")) {
            rows.add(new ObjectMapper().readTree(line));
        }
        assertEquals(3, rows.size(), r.out());
        for (JsonNode row : rows) {
            for (String field : List.of("backend", "device", "particles", "steps", "checksum", "step_ms", "floor_ms", "baseline_ms")) {
                assertTrue(row.has(field), field + " missing in " + row);
            }
            assertTrue(row.get("checksum").asText().matches("[0-9a-f]{16}"), row.toString());
            JsonNode ms = row.get("step_ms");
            assertTrue(ms.get("min").asDouble() > 0 && ms.get("min").asDouble() <= ms.get("median").asDouble()
                && ms.get("median").asDouble() <= ms.get("p99").asDouble(), ms.toString());
            assertTrue(row.get("floor_ms").asDouble() > 0 && row.get("baseline_ms").asDouble() > 0, row.toString());
            assertEquals(rows.get(0).get("checksum"), row.get("checksum"));
        }
    }

    @Test
    void refusesBadArgumentsWithAClearMessage() {
        BenchRun zero = BenchRun.of("sim", "--particles", "0");
        assertEquals(2, zero.exit());
        assertTrue(zero.err().contains("--particles"), zero.err());
        BenchRun backend = BenchRun.of("sim", "--backend", "quantum", "--particles", "100");
        assertEquals(2, backend.exit());
        assertTrue(backend.err().contains("unknown backend"), backend.err());
        BenchRun scene = BenchRun.of("sim", "--scene", "nowhere", "--particles", "100");
        assertEquals(2, scene.exit());
        assertTrue(scene.err().contains("unknown preset"), scene.err());
        BenchRun huge = BenchRun.of("sim", "--particles", "99999999");
        assertEquals(2, huge.exit());
        assertTrue(huge.err().contains("particles"), huge.err());
    }
}
