package io.swarmcast.core.scene;

/**
 * Emits {@code rate} particles per second at {@code position}, within {@code spread} world units,
 * with speed {@code speed} in a cone of half-angle {@code coneAngle} degrees around
 * {@code direction}. Each particle lives {@code lifetime} seconds. The emitter recycles a pool of
 * {@code pool} particles taken from the scene's count (default: rate × lifetime, the steady state).
 *
 * <p>{@code epochTick} and {@code epochSpawned} anchor the emission schedule: at tick t the emitter
 * has emitted {@code epochSpawned + floor((t - epochTick) * rate / tickRate)} particles, with the rate
 * counted in whole milli-particles per second (so 1/3 per second runs as 0.333). The engine sets them
 * when an emitter is added or its rate changes; scenes written by hand leave them at 0.
 */
public record Emitter(String id, Vec3 position, double rate, Vec3 direction, double speed,
                      double coneAngle, double lifetime, double spread, int attribute, Integer pool,
                      long epochTick, long epochSpawned) implements Behaviour {
    public static final String TYPE = "emitter";

    public Emitter {
        if (direction == null) {
            direction = Vec3.UP;
        }
    }

    /** The pool size in particles, derived from rate and lifetime when not given. */
    public int poolSize() {
        if (pool != null) {
            return pool;
        }
        double steady = Math.ceil(rate * lifetime);
        return steady >= Integer.MAX_VALUE || Double.isNaN(steady) ? Integer.MAX_VALUE : Math.max(1, (int) steady);
    }

    public Emitter withPosition(Vec3 p) {
        return new Emitter(id, p, rate, direction, speed, coneAngle, lifetime, spread, attribute, pool,
            epochTick, epochSpawned);
    }

    public Emitter withEpoch(long tick, long spawned) {
        return new Emitter(id, position, rate, direction, speed, coneAngle, lifetime, spread, attribute, pool,
            tick, spawned);
    }

    /**
     * Particles emitted in total before tick {@code tick}, in exact integer arithmetic: the rate is
     * counted in milli-particles per second so that every backend and every replay agree.
     */
    public long spawnedBy(long tick, int tickRate) {
        long elapsed = Math.max(0, tick - epochTick);
        long milliRate = Math.round(rate * 1000.0);
        long seconds = elapsed / tickRate;
        long remainder = elapsed % tickRate;
        long wholeMilli = seconds * milliRate;
        long whole = wholeMilli / 1000;
        long partial = ((wholeMilli % 1000) * tickRate + remainder * milliRate) / (1000L * tickRate);
        return epochSpawned + whole + partial;
    }

    @Override
    public String target() {
        return id;
    }
}
