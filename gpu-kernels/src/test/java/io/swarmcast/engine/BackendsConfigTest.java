package io.swarmcast.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.swarmcast.core.scene.Presets;
import org.junit.jupiter.api.Test;

class BackendsConfigTest {

    @Test
    void theShippedDefaultIsAuto() {
        assertEquals("auto", ConfigFactory.defaultReference().getString("swarmcast.engine.backend"));
    }

    @Test
    void aConfiguredBackendIsUsed() {
        try (Backend b = Backends.fromConfig(ConfigFactory.parseString("swarmcast.engine.backend = java-scalar"),
            Presets.get("small"))) {
            assertTrue(b.device().contains("scalar"), b.device());
        }
    }

    @Test
    void aBadValueIsRefusedNamingTheSettingAndTheChoices() {
        ConfigException e = assertThrows(ConfigException.class,
            () -> Backends.fromConfig(ConfigFactory.parseString("swarmcast.engine.backend = fpga"), Presets.get("small")));
        assertTrue(e.getMessage().contains("swarmcast.engine.backend") && e.getMessage().contains("opencl"), e.getMessage());
    }
}
