package io.swarmcast.bench;

import io.swarmcast.core.scene.Boundary;
import io.swarmcast.core.scene.Drag;
import io.swarmcast.core.scene.Emitter;
import io.swarmcast.core.scene.ForceField;
import io.swarmcast.core.scene.Gravity;
import io.swarmcast.core.scene.Scene;
import io.swarmcast.core.scene.Separation;
import io.swarmcast.core.scene.Turbulence;
import io.swarmcast.core.scene.Vec3;
import io.swarmcast.core.sim.Hash;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The benchmark's baseline: the scene's physics as a first version would write it. Doubles in world
 * units, Math.sqrt to normalise every direction, one thread, a HashMap grid for separation. It does
 * the same work per particle as the engine (same behaviours, same emitter schedule, same noise
 * lattice); it is not bit-exact and is never used for anything but timing.
 */
public final class NaiveSimulation {
    private final Scene scene;
    private final int n;
    private final double dt;
    private final double[] x;
    private final double[] y;
    private final double[] z;
    private final double[] vx;
    private final double[] vy;
    private final double[] vz;
    private final double[] age;
    private final boolean[] alive;
    private final int[] owner;
    private final double[] spawnCredit;
    private final int[] spawnCursor;
    private final int[] poolStart;
    private final Random random = new Random(1);
    private long tick;

    public NaiveSimulation(Scene scene) {
        this.scene = scene;
        this.n = scene.particles();
        this.dt = 1.0 / scene.tickRate();
        x = new double[n];
        y = new double[n];
        z = new double[n];
        vx = new double[n];
        vy = new double[n];
        vz = new double[n];
        age = new double[n];
        alive = new boolean[n];
        owner = new int[n];
        List<Emitter> emitters = scene.emitters();
        spawnCredit = new double[emitters.size()];
        spawnCursor = new int[emitters.size()];
        poolStart = new int[emitters.size()];
        java.util.Arrays.fill(owner, -1);
        int next = n;
        for (int e = 0; e < emitters.size(); e++) {
            next -= emitters.get(e).poolSize();
            poolStart[e] = next;
            for (int i = next; i < next + emitters.get(e).poolSize(); i++) {
                owner[i] = e;
            }
        }
        Vec3 min = scene.bounds().min();
        Vec3 size = scene.bounds().size();
        for (int i = 0; i < n; i++) {
            if (owner[i] < 0) {
                x[i] = min.x() + random.nextDouble() * size.x();
                y[i] = min.y() + random.nextDouble() * size.y();
                z[i] = min.z() + random.nextDouble() * size.z();
                alive[i] = true;
            }
        }
    }

    public void step() {
        List<Emitter> emitters = scene.emitters();
        for (int e = 0; e < emitters.size(); e++) {
            Emitter em = emitters.get(e);
            spawnCredit[e] += em.rate() * dt;
            while (spawnCredit[e] >= 1) {
                spawnCredit[e] -= 1;
                int i = poolStart[e] + spawnCursor[e];
                spawnCursor[e] = (spawnCursor[e] + 1) % em.poolSize();
                spawn(i, em);
            }
        }
        Map<Long, List<Integer>> grid = scene.find(Separation.class).map(this::buildGrid).orElse(null);
        Gravity gravity = scene.find(Gravity.class).orElse(new Gravity(Vec3.ZERO));
        double drag = scene.find(Drag.class).map(Drag::coefficient).orElse(0.0);
        Turbulence turbulence = scene.find(Turbulence.class).orElse(null);
        Boundary boundary = scene.find(Boundary.class).orElse(null);
        List<ForceField> fields = scene.fields();
        for (int i = 0; i < n; i++) {
            if (!alive[i]) {
                continue;
            }
            age[i] += dt;
            if (owner[i] >= 0 && age[i] >= emitters.get(owner[i]).lifetime()) {
                alive[i] = false;
                continue;
            }
            double ax = gravity.acceleration().x();
            double ay = gravity.acceleration().y();
            double az = gravity.acceleration().z();
            for (ForceField f : fields) {
                double dx = f.position().x() - x[i];
                double dy = f.position().y() - y[i];
                double dz = f.position().z() - z[i];
                double dist = Math.sqrt(dx * dx + dy * dy + dz * dz);
                if (dist < f.radius() && dist > 1e-9) {
                    double q = dist / f.radius();
                    double w = switch (f.falloff()) {
                        case SMOOTH -> (1 - q * q) * (1 - q * q);
                        case LINEAR -> 1 - q * q;
                        case CONSTANT -> 1;
                    };
                    double magnitude = f.strength() * q * w / 0.2862;
                    double ux = dx / dist;
                    double uy = dy / dist;
                    double uz = dz / dist;
                    if (f.kind() == ForceField.Kind.VORTEX) {
                        Vec3 k = f.axis();
                        double tx = uy * k.z() - uz * k.y();
                        double ty = uz * k.x() - ux * k.z();
                        double tz = ux * k.y() - uy * k.x();
                        ux = tx;
                        uy = ty;
                        uz = tz;
                    }
                    double sign = f.kind() == ForceField.Kind.REPULSOR ? -1 : 1;
                    ax += sign * magnitude * ux;
                    ay += sign * magnitude * uy;
                    az += sign * magnitude * uz;
                }
            }
            if (turbulence != null) {
                ax += noise(turbulence, i, 0) * turbulence.strength();
                ay += noise(turbulence, i, 10) * turbulence.strength();
                az += noise(turbulence, i, 20) * turbulence.strength();
            }
            if (grid != null) {
                Separation sep = scene.find(Separation.class).get();
                long cx = (long) Math.floor(x[i] / sep.radius());
                long cy = (long) Math.floor(y[i] / sep.radius());
                long cz = (long) Math.floor(z[i] / sep.radius());
                for (long ox = -1; ox <= 1; ox++) {
                    for (long oy = -1; oy <= 1; oy++) {
                        for (long oz = -1; oz <= 1; oz++) {
                            for (int j : grid.getOrDefault(key(cx + ox, cy + oy, cz + oz), List.of())) {
                                double dx = x[i] - x[j];
                                double dy = y[i] - y[j];
                                double dz = z[i] - z[j];
                                double dist = Math.sqrt(dx * dx + dy * dy + dz * dz);
                                if (j != i && dist < sep.radius() && dist > 1e-9) {
                                    double push = sep.strength() * (1 - dist / sep.radius()) / dist;
                                    ax += dx * push;
                                    ay += dy * push;
                                    az += dz * push;
                                }
                            }
                        }
                    }
                }
            }
            vx[i] = (vx[i] + ax * dt) * (1 - drag * dt);
            vy[i] = (vy[i] + ay * dt) * (1 - drag * dt);
            vz[i] = (vz[i] + az * dt) * (1 - drag * dt);
            double speed = Math.sqrt(vx[i] * vx[i] + vy[i] * vy[i] + vz[i] * vz[i]);
            if (speed > scene.maxSpeed()) {
                vx[i] *= scene.maxSpeed() / speed;
                vy[i] *= scene.maxSpeed() / speed;
                vz[i] *= scene.maxSpeed() / speed;
            }
            x[i] += vx[i] * dt;
            y[i] += vy[i] * dt;
            z[i] += vz[i] * dt;
            bound(i, boundary);
        }
        tick++;
    }

    private double noise(Turbulence t, int i, int shift) {
        double sx = x[i] / t.scale() + tick * dt * t.flow().x() / t.scale();
        double sy = y[i] / t.scale() + tick * dt * t.flow().y() / t.scale();
        double sz = z[i] / t.scale() + tick * dt * t.flow().z() / t.scale();
        int cx = (int) Math.floor(sx);
        int cy = (int) Math.floor(sy);
        int cz = (int) Math.floor(sz);
        double fx = smooth(sx - cx);
        double fy = smooth(sy - cy);
        double fz = smooth(sz - cz);
        double total = 0;
        for (int c = 0; c < 8; c++) {
            int dx = c & 1;
            int dy = (c >> 1) & 1;
            int dz = c >> 2;
            double v = (((Hash.lattice(cx + dx, cy + dy, cz + dz, 42) >> shift) & 1023) - 512) / 512.0;
            total += v * (dx == 1 ? fx : 1 - fx) * (dy == 1 ? fy : 1 - fy) * (dz == 1 ? fz : 1 - fz);
        }
        return total;
    }

    private static double smooth(double t) {
        return t * t * (3 - 2 * t);
    }

    private void bound(int i, Boundary boundary) {
        Vec3 min = scene.bounds().min();
        Vec3 max = scene.bounds().max();
        double restitution = boundary == null ? 0 : boundary.restitution();
        if (boundary != null && boundary.mode() == Boundary.Mode.WRAP) {
            x[i] = wrap(x[i], min.x(), max.x());
            y[i] = wrap(y[i], min.y(), max.y());
            z[i] = wrap(z[i], min.z(), max.z());
            return;
        }
        if (x[i] < min.x() || x[i] > max.x()) {
            vx[i] = -vx[i] * restitution;
            x[i] = Math.max(min.x(), Math.min(max.x(), x[i]));
        }
        if (y[i] < min.y() || y[i] > max.y()) {
            vy[i] = -vy[i] * restitution;
            y[i] = Math.max(min.y(), Math.min(max.y(), y[i]));
        }
        if (z[i] < min.z() || z[i] > max.z()) {
            vz[i] = -vz[i] * restitution;
            z[i] = Math.max(min.z(), Math.min(max.z(), z[i]));
        }
    }

    private static double wrap(double v, double min, double max) {
        double size = max - min;
        return v < min ? v + size : v >= max ? v - size : v;
    }

    private void spawn(int i, Emitter em) {
        alive[i] = true;
        age[i] = 0;
        x[i] = em.position().x() + (random.nextDouble() - 0.5) * 2 * em.spread();
        y[i] = em.position().y() + (random.nextDouble() - 0.5) * 2 * em.spread();
        z[i] = em.position().z() + (random.nextDouble() - 0.5) * 2 * em.spread();
        Vec3 d = em.direction();
        double len = d.length();
        double spread = Math.tan(Math.toRadians(em.coneAngle()));
        double dx = d.x() / len + (random.nextDouble() - 0.5) * spread;
        double dy = d.y() / len + (random.nextDouble() - 0.5) * spread;
        double dz = d.z() / len + (random.nextDouble() - 0.5) * spread;
        double l = Math.sqrt(dx * dx + dy * dy + dz * dz);
        vx[i] = dx / l * em.speed();
        vy[i] = dy / l * em.speed();
        vz[i] = dz / l * em.speed();
    }

    private Map<Long, List<Integer>> buildGrid(Separation sep) {
        Map<Long, List<Integer>> grid = new HashMap<>();
        for (int i = 0; i < n; i++) {
            if (alive[i]) {
                long key = key((long) Math.floor(x[i] / sep.radius()), (long) Math.floor(y[i] / sep.radius()),
                    (long) Math.floor(z[i] / sep.radius()));
                grid.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
            }
        }
        return grid;
    }

    private static long key(long cx, long cy, long cz) {
        return (cx & 0x1FFFFF) << 42 | (cy & 0x1FFFFF) << 21 | (cz & 0x1FFFFF);
    }
}
