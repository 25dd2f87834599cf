package io.swarmcast.core.scene;

/** A uniform acceleration in world units per second squared. */
public record Gravity(Vec3 acceleration) implements Behaviour {
    public static final String TYPE = "gravity";

    @Override
    public String target() {
        return TYPE;
    }
}
