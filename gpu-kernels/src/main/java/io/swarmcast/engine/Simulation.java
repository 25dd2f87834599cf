package io.swarmcast.engine;

import io.swarmcast.core.input.InputApplier;
import io.swarmcast.core.input.TimedInput;
import io.swarmcast.core.scene.InvalidSceneException;
import io.swarmcast.core.scene.Scene;
import io.swarmcast.core.scene.SceneValidator;
import io.swarmcast.core.sim.InitialState;
import io.swarmcast.core.sim.KernelParams;
import io.swarmcast.core.sim.ParticleState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * One campaign's world over time: its scene, tick counter, pending inputs and the backend holding the
 * particles. The state at tick t is a pure function of the scene at tick 0 and the inputs applied
 * before t, so any backend, any node and any replay reach the same checksum.
 *
 * <p>Not thread-safe: one owner (the campaign entity) drives it.
 */
public final class Simulation implements AutoCloseable {
    private final Backend backend;
    private final KernelParams params = new KernelParams();
    private final TreeMap<Long, List<TimedInput>> pending = new TreeMap<>();
    private Scene scene;
    private long tick;
    private BiConsumer<TimedInput, InvalidSceneException> rejected = (in, e) -> { };

    private Simulation(Scene scene, long tick, ParticleState state, Backend backend) {
        this.scene = scene;
        this.tick = tick;
        this.backend = backend;
        params.compile(scene);
        params.setTick(tick);
        backend.load(state, params);
    }

    /** A new world at tick 0. */
    public static Simulation create(Scene scene, Backend backend) {
        SceneValidator.requireValid(scene);
        KernelParams p = new KernelParams();
        p.compile(scene);
        return new Simulation(scene, 0, InitialState.create(p), backend);
    }

    /** A world resumed from a saved state (snapshot, replay, migration). */
    public static Simulation restore(Scene scene, long tick, ParticleState state, Backend backend) {
        SceneValidator.requireValid(scene);
        if (state.count() != scene.particles()) {
            throw new IllegalArgumentException("state has " + state.count() + " particles, scene " + scene.particles());
        }
        return new Simulation(scene, tick, state, backend);
    }

    /** Called with inputs that were legal when queued but not at their tick (e.g. their field was removed). */
    public void onRejected(BiConsumer<TimedInput, InvalidSceneException> listener) {
        this.rejected = listener;
    }

    /**
     * Queues an input for its tick. An input for the current tick applies before the next step; one
     * for an earlier tick is refused, since the past cannot change.
     */
    public void submit(TimedInput input) {
        if (input.tick() < tick) {
            throw new InvalidSceneException("tick", "input for tick " + input.tick()
                + " arrived at tick " + tick + "; inputs must be for the current tick or later");
        }
        pending.computeIfAbsent(input.tick(), t -> new ArrayList<>()).add(input);
    }

    /** Applies an input now, at the current tick, or throws without changing anything. */
    public Scene applyNow(TimedInput input) {
        if (input.tick() != tick) {
            throw new InvalidSceneException("tick", "input for tick " + input.tick() + " applied at tick " + tick);
        }
        Scene next = InputApplier.apply(scene, input);
        changeScene(next);
        return next;
    }

    /** Advances one tick: applies the inputs stamped with the current tick, then steps. */
    public void step() {
        List<TimedInput> due = pending.remove(tick);
        if (due != null) {
            Scene next = scene;
            for (TimedInput in : due) {
                try {
                    next = InputApplier.apply(next, in);
                } catch (InvalidSceneException e) {
                    rejected.accept(in, e);
                }
            }
            changeScene(next);
        }
        params.setTick(tick);
        backend.step(params);
        tick++;
    }

    private void changeScene(Scene next) {
        if (next != scene) {
            if (next.particles() != scene.particles()) {
                throw new InvalidSceneException("particles", "the particle count of a running world cannot change");
            }
            scene = next;
            params.compile(scene);
        }
    }

    public long tick() {
        return tick;
    }

    public Scene scene() {
        return scene;
    }

    public long checksum() {
        return backend.checksum();
    }

    public Backend backend() {
        return backend;
    }

    /** Inputs queued for future ticks, in order. */
    public List<TimedInput> pendingInputs() {
        List<TimedInput> all = new ArrayList<>();
        for (Map.Entry<Long, List<TimedInput>> e : pending.entrySet()) {
            all.addAll(e.getValue());
        }
        return all;
    }

    /** A copy of the particle state at the current tick. */
    public ParticleState snapshot() {
        ParticleState s = new ParticleState(scene.particles());
        backend.read(s);
        return s;
    }

    @Override
    public void close() {
        backend.close();
    }
}
