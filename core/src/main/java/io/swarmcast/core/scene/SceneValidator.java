package io.swarmcast.core.scene;

import io.swarmcast.core.sim.Fixed;
import io.swarmcast.core.sim.KernelParams;
import io.swarmcast.core.sim.Limits;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides whether a scene is legal: every value finite and inside {@link Limits}, ids well formed and
 * unique, and the particles fit in memory. Reports every problem with the JSON path of its field.
 */
public final class SceneValidator {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1," + Limits.MAX_ID_LENGTH + "}");

    private final long memoryBudgetBytes;
    private final List<Violation> out = new ArrayList<>();

    private SceneValidator(long memoryBudgetBytes) {
        this.memoryBudgetBytes = memoryBudgetBytes;
    }

    /** Validates against half of this JVM's maximum heap, the share a campaign may take. */
    public static List<Violation> validate(Scene s) {
        return validate(s, Runtime.getRuntime().maxMemory() / 2);
    }

    public static List<Violation> validate(Scene s, long memoryBudgetBytes) {
        SceneValidator v = new SceneValidator(memoryBudgetBytes);
        v.scene(s);
        return List.copyOf(v.out);
    }

    public static Scene requireValid(Scene s) {
        List<Violation> v = validate(s);
        if (!v.isEmpty()) {
            throw new InvalidSceneException(v);
        }
        return s;
    }

    private void fail(String field, String reason) {
        out.add(new Violation(field, reason));
    }

    private boolean finite(String field, double v) {
        if (!Double.isFinite(v)) {
            fail(field, "must be a finite number, got " + v);
            return false;
        }
        return true;
    }

    private boolean finite(String field, Vec3 v) {
        if (v == null) {
            fail(field, "is required");
            return false;
        }
        if (!v.isFinite()) {
            fail(field, "must have finite components, got " + v);
            return false;
        }
        return true;
    }

    private void range(String field, double v, double lo, double hi) {
        if (finite(field, v) && (v < lo || v > hi)) {
            fail(field, "must be between " + lo + " and " + hi + ", got " + v);
        }
    }

    private void scene(Scene s) {
        if (s.name() != null && s.name().length() > 128) {
            fail("name", "must be at most 128 characters");
        }
        if (s.particles() < 1 || s.particles() > Limits.MAX_PARTICLES) {
            fail("particles", "must be between 1 and " + Limits.MAX_PARTICLES + ", got " + s.particles());
        } else {
            boolean separation = s.find(Separation.class).isPresent();
            double perParticle = Limits.STATE_BYTES_PER_PARTICLE
                + (separation ? Limits.SEPARATION_BYTES_PER_PARTICLE : 0);
            long need = (long) (s.particles() * perParticle);
            if (need > memoryBudgetBytes) {
                fail("particles", s.particles() + " particles need " + (need >> 20) + " MiB, more than the "
                    + (memoryBudgetBytes >> 20) + " MiB a campaign may use on this node");
            }
        }
        if (s.tickRate() < Limits.MIN_TICK_RATE || s.tickRate() > Limits.MAX_TICK_RATE) {
            fail("tickRate", "must be between " + Limits.MIN_TICK_RATE + " and " + Limits.MAX_TICK_RATE
                + " Hz, got " + s.tickRate());
        }
        boolean boundsOk = bounds(s.bounds());
        if (finite("maxSpeed", s.maxSpeed()) && (s.maxSpeed() <= 0 || s.maxSpeed() > Limits.MAX_SPEED)) {
            fail("maxSpeed", "must be above 0 and at most " + Limits.MAX_SPEED + " units/s, got " + s.maxSpeed());
        }
        if (boundsOk && Double.isFinite(s.maxSpeed()) && s.tickRate() >= Limits.MIN_TICK_RATE
            && s.maxSpeed() / s.tickRate() >= s.bounds().minSpan() / 2) {
            fail("maxSpeed", "must move a particle less than half the smallest bound span per tick; "
                + s.maxSpeed() + " units/s at " + s.tickRate() + " Hz crosses " + s.bounds().minSpan() / 2);
        }
        if (s.behaviours() == null) {
            return;
        }
        Set<String> singletons = new HashSet<>();
        Set<String> ids = new HashSet<>();
        int fields = 0;
        int emitters = 0;
        long pooled = 0;
        for (int i = 0; i < s.behaviours().size(); i++) {
            Behaviour b = s.behaviours().get(i);
            String at = "behaviours[" + i + "]";
            if (b == null) {
                fail(at, "must not be null");
                continue;
            }
            if (b instanceof ForceField || b instanceof Emitter) {
                if (b.target() == null || !ID.matcher(b.target()).matches()) {
                    fail(at + ".id", "must be 1-" + Limits.MAX_ID_LENGTH + " characters of letters, digits, '_', '-', '.'");
                } else if (!ids.add(b.target()) || singletonName(b.target())) {
                    fail(at + ".id", "'" + b.target() + "' is already used in this scene");
                }
            } else if (!singletons.add(b.target())) {
                fail(at + ".type", "only one " + b.target() + " behaviour is allowed");
            }
            if (b instanceof Gravity g) {
                if (finite(at + ".acceleration", g.acceleration()) && g.acceleration().maxAbs() > Limits.MAX_GRAVITY) {
                    fail(at + ".acceleration", "components must be within ±" + Limits.MAX_GRAVITY + " units/s²");
                }
            } else if (b instanceof Drag d) {
                range(at + ".coefficient", d.coefficient(), 0, s.tickRate() * 0.5);
            } else if (b instanceof Boundary bd) {
                if (bd.mode() == null) {
                    fail(at + ".mode", "is required: bounce or wrap");
                }
                range(at + ".restitution", bd.restitution(), 0, 1);
            } else if (b instanceof ForceField f) {
                fields++;
                field(at, f, s);
            } else if (b instanceof Emitter e) {
                emitters++;
                pooled += emitter(at, e, s);
            } else if (b instanceof Turbulence t) {
                range(at + ".strength", t.strength(), 0, strengthLimit(s.tickRate()));
                range(at + ".scale", t.scale(), Limits.MIN_TURBULENCE_SCALE, Limits.MAX_TURBULENCE_SCALE);
                if (finite(at + ".flow", t.flow()) && t.flow().maxAbs() > Limits.MAX_SPEED) {
                    fail(at + ".flow", "components must be within ±" + Limits.MAX_SPEED + " units/s");
                }
            } else if (b instanceof Separation sp) {
                double maxRadius = boundsOk ? s.bounds().minSpan() / 4 : Fixed.MAX_COORDINATE;
                double minRadius = boundsOk
                    ? Math.max(Limits.MIN_RADIUS, s.bounds().size().maxAbs() / Limits.MAX_GRID_CELLS_PER_AXIS)
                    : Limits.MIN_RADIUS;
                range(at + ".radius", sp.radius(), minRadius, maxRadius);
                range(at + ".strength", sp.strength(), 0, strengthLimit(s.tickRate()));
            }
        }
        if (fields > Limits.MAX_FIELDS) {
            fail("behaviours", "at most " + Limits.MAX_FIELDS + " force fields, got " + fields);
        }
        if (emitters > Limits.MAX_EMITTERS) {
            fail("behaviours", "at most " + Limits.MAX_EMITTERS + " emitters, got " + emitters);
        }
        if (pooled > s.particles()) {
            fail("behaviours", "emitter pools need " + pooled + " particles but the scene has " + s.particles());
        }
    }

    private static boolean singletonName(String id) {
        return id.equals(Gravity.TYPE) || id.equals(Drag.TYPE) || id.equals(Boundary.TYPE)
            || id.equals(Turbulence.TYPE) || id.equals(Separation.TYPE);
    }

    /** The largest strength (units/s²) whose fixed-point form stays exact at this tick rate. */
    private static double strengthLimit(int tickRate) {
        int hz = Math.max(tickRate, Limits.MIN_TICK_RATE);
        return Limits.MAX_STRENGTH_FIXED * hz * (double) hz / Fixed.ONE;
    }

    private boolean bounds(Bounds b) {
        if (b == null || b.min() == null || b.max() == null) {
            fail("bounds", "is required, as {\"min\": [x, y, z], \"max\": [x, y, z]}");
            return false;
        }
        boolean ok = finite("bounds.min", b.min()) & finite("bounds.max", b.max());
        if (!ok) {
            return false;
        }
        if (b.min().maxAbs() > Fixed.MAX_COORDINATE || b.max().maxAbs() > Fixed.MAX_COORDINATE) {
            fail("bounds", "coordinates must be within ±" + Fixed.MAX_COORDINATE);
            return false;
        }
        if (b.minSpan() < Limits.MIN_SPAN) {
            fail("bounds", "max must exceed min by at least " + Limits.MIN_SPAN + " on every axis");
            return false;
        }
        return true;
    }

    private boolean inWorld(String field, Vec3 p) {
        if (finite(field, p) && p.maxAbs() > Fixed.MAX_COORDINATE) {
            fail(field, "must be within ±" + Fixed.MAX_COORDINATE);
            return false;
        }
        return p != null && p.isFinite();
    }

    private void field(String at, ForceField f, Scene s) {
        if (f.kind() == null) {
            fail(at + ".kind", "is required: attractor, repulsor or vortex");
        }
        inWorld(at + ".position", f.position());
        range(at + ".radius", f.radius(), Limits.MIN_RADIUS, 2 * Fixed.MAX_COORDINATE);
        if (finite(at + ".strength", f.strength())) {
            if (f.strength() < 0) {
                fail(at + ".strength", "must not be negative (use kind repulsor to push), got " + f.strength());
            } else if (s.tickRate() >= Limits.MIN_TICK_RATE
                && KernelParams.fieldStrengthFixed(f, s.tickRate()) > Limits.MAX_STRENGTH_FIXED) {
                fail(at + ".strength", f.strength() + " units/s² is too strong at " + s.tickRate() + " Hz");
            }
        }
        if (finite(at + ".axis", f.axis()) && f.axis().length() < 1e-6) {
            fail(at + ".axis", "must not be the zero vector");
        }
    }

    private long emitter(String at, Emitter e, Scene s) {
        inWorld(at + ".position", e.position());
        range(at + ".rate", e.rate(), 0.001, Limits.MAX_EMITTER_RATE);
        double maxLifetime = (double) Fixed.MAX_AGE / Math.max(1, s.tickRate());
        range(at + ".lifetime", e.lifetime(), 1.0 / Math.max(1, s.tickRate()), maxLifetime);
        range(at + ".speed", e.speed(), 0, Double.isFinite(s.maxSpeed()) ? s.maxSpeed() : 0);
        range(at + ".coneAngle", e.coneAngle(), 0, Limits.MAX_CONE_ANGLE);
        range(at + ".spread", e.spread(), 0, 2 * Fixed.MAX_COORDINATE);
        if (e.attribute() < 0 || e.attribute() > 255) {
            fail(at + ".attribute", "must be between 0 and 255, got " + e.attribute());
        }
        if (finite(at + ".direction", e.direction()) && e.direction().length() < 1e-6) {
            fail(at + ".direction", "must not be the zero vector");
        }
        if (e.epochTick() < 0 || e.epochSpawned() < 0) {
            fail(at + ".epochTick", "emission schedule must not be negative");
        }
        if (e.pool() != null && e.pool() < 1) {
            fail(at + ".pool", "must be at least 1, got " + e.pool());
            return 0;
        }
        return Double.isFinite(e.rate()) && Double.isFinite(e.lifetime()) ? e.poolSize() : 0;
    }
}
