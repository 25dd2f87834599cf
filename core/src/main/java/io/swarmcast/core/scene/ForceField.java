package io.swarmcast.core.scene;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A local force around {@code position}, zero beyond {@code radius}. {@code strength} is the peak
 * acceleration (world units/s²) the field reaches anywhere; {@code falloff} shapes how it varies
 * with distance (see docs/physics.md). A vortex turns particles around {@code axis}.
 */
public record ForceField(String id, Kind kind, Vec3 position, double strength, double radius,
                         Falloff falloff, Vec3 axis) implements Behaviour {
    public static final String TYPE = "field";

    public enum Kind {
        @JsonProperty("attractor") ATTRACTOR,
        @JsonProperty("repulsor") REPULSOR,
        @JsonProperty("vortex") VORTEX
    }

    public enum Falloff {
        /** (1 - d²/r²)²: gentle at the centre and the edge, strongest at r/√5. */
        @JsonProperty("smooth") SMOOTH,
        /** 1 - d²/r²: strongest at r/√3. */
        @JsonProperty("linear") LINEAR,
        /** A harmonic well: proportional to distance, strongest at the edge. */
        @JsonProperty("constant") CONSTANT
    }

    public ForceField {
        if (falloff == null) {
            falloff = Falloff.SMOOTH;
        }
        if (axis == null) {
            axis = Vec3.UP;
        }
    }

    public ForceField withPosition(Vec3 p) {
        return new ForceField(id, kind, p, strength, radius, falloff, axis);
    }

    @Override
    public String target() {
        return id;
    }
}
