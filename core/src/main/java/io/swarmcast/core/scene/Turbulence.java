package io.swarmcast.core.scene;

/**
 * A smooth random acceleration field from deterministic integer hash noise on a lattice of
 * {@code scale} world units. {@code strength} is its peak acceleration (world units/s²); the field
 * drifts with {@code flow} (world units/s).
 */
public record Turbulence(double strength, double scale, Vec3 flow) implements Behaviour {
    public static final String TYPE = "turbulence";

    public Turbulence {
        if (flow == null) {
            flow = Vec3.ZERO;
        }
    }

    @Override
    public String target() {
        return TYPE;
    }
}
