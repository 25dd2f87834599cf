package io.swarmcast.core.scene;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A campaign's world: how many particles, where, how fast time runs, and the ordered behaviours that
 * move them. Immutable; inputs produce new scenes. {@link SceneValidator} says whether one is legal.
 */
public record Scene(String name, int particles, Bounds bounds, int tickRate, long seed, double maxSpeed,
                    List<Behaviour> behaviours) {

    public static final int DEFAULT_TICK_RATE = 60;

    public Scene {
        if (tickRate == 0) {
            tickRate = DEFAULT_TICK_RATE;
        }
        behaviours = behaviours == null ? List.of() : List.copyOf(behaviours);
    }

    public List<ForceField> fields() {
        return behaviours.stream().filter(ForceField.class::isInstance).map(ForceField.class::cast).toList();
    }

    public List<Emitter> emitters() {
        return behaviours.stream().filter(Emitter.class::isInstance).map(Emitter.class::cast).toList();
    }

    public <T extends Behaviour> Optional<T> find(Class<T> type) {
        return behaviours.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    public Optional<Behaviour> byTarget(String target) {
        return behaviours.stream().filter(b -> b.target().equals(target)).findFirst();
    }

    public Scene withBehaviours(List<Behaviour> list) {
        return new Scene(name, particles, bounds, tickRate, seed, maxSpeed, list);
    }

    public Scene withParticles(int count) {
        return new Scene(name, count, bounds, tickRate, seed, maxSpeed, behaviours);
    }

    /** A copy with the behaviour addressed by {@code target} replaced. */
    public Scene replacing(String target, Behaviour replacement) {
        List<Behaviour> list = new ArrayList<>(behaviours.size());
        for (Behaviour b : behaviours) {
            list.add(b.target().equals(target) ? replacement : b);
        }
        return withBehaviours(list);
    }

    public Scene adding(Behaviour b) {
        List<Behaviour> list = new ArrayList<>(behaviours);
        list.add(b);
        return withBehaviours(list);
    }

    public Scene removing(String target) {
        return withBehaviours(behaviours.stream().filter(b -> !b.target().equals(target)).toList());
    }
}
