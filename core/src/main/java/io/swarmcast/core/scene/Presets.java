package io.swarmcast.core.scene;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Named scenes shipped as JSON resources under {@code /scenes}. */
public final class Presets {
    public static final List<String> NAMES = List.of("demo", "fountain", "galaxy", "swarm", "small");

    private Presets() {
    }

    public static Scene get(String name) {
        if (!NAMES.contains(name)) {
            throw new InvalidSceneException("preset", "unknown preset '" + name + "'; known: " + NAMES);
        }
        try (InputStream in = Presets.class.getResourceAsStream("/scenes/" + name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("preset resource missing: " + name);
            }
            return SceneJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A preset resized to {@code particles}: emitter rates and pools scale with the count, so the share
     * of emitted particles, and so the work per particle, stays that of the original.
     */
    public static Scene get(String name, int particles) {
        Scene s = get(name);
        double factor = particles / (double) s.particles();
        List<Behaviour> scaled = s.behaviours().stream().map(b -> b instanceof Emitter e ? scale(e, factor) : b).toList();
        return SceneValidator.requireValid(s.withParticles(particles).withBehaviours(scaled));
    }

    private static Behaviour scale(Emitter e, double factor) {
        Integer pool = e.pool() == null ? null : Math.max(1, (int) Math.floor(e.pool() * factor));
        return new Emitter(e.id(), e.position(), e.rate() * factor, e.direction(), e.speed(), e.coneAngle(),
            e.lifetime(), e.spread(), e.attribute(), pool, e.epochTick(), e.epochSpawned());
    }
}
