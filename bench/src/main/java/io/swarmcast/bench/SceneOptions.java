package io.swarmcast.bench;

import io.swarmcast.core.scene.Presets;
import io.swarmcast.core.scene.Scene;
import io.swarmcast.core.scene.SceneJson;
import io.swarmcast.core.scene.SceneValidator;
import io.swarmcast.core.scene.Separation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The world a step benchmark runs: a preset or scene file, its particle count, and optional separation. */
public final class SceneOptions {
    @Option(names = "--particles", description = "Particle count (default: ${DEFAULT-VALUE}).")
    int particles = 500_000;

    @Option(names = "--scene", description = "A preset name or a scene JSON file (default: ${DEFAULT-VALUE}).")
    String scene = "demo";

    @Option(names = "--separation", description = "Add separation with this radius in world units.")
    Double separation;

    @Option(names = "--separation-strength", description = "Separation strength, units/s² (default: ${DEFAULT-VALUE}).")
    double separationStrength = 100;

    /**
     * The scene, validated. Throws {@link io.swarmcast.core.scene.InvalidSceneException} or
     * {@link IllegalArgumentException} (unknown preset) with a message naming what is wrong.
     */
    Scene load() throws IOException {
        Scene s;
        Path file = Path.of(scene);
        if (Files.isRegularFile(file)) {
            s = SceneValidator.requireValid(SceneJson.parse(Files.readString(file)).withParticles(particles));
        } else {
            s = Presets.get(scene, particles);
        }
        if (separation != null) {
            s = SceneValidator.requireValid(s.removing(Separation.TYPE).adding(new Separation(separation, separationStrength)));
        }
        return s;
    }
}
