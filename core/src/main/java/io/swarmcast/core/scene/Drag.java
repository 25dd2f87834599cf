package io.swarmcast.core.scene;

/** Linear drag: velocity loses {@code coefficient / tickRate} of itself each tick. Unit: 1/s. */
public record Drag(double coefficient) implements Behaviour {
    public static final String TYPE = "drag";

    @Override
    public String target() {
        return TYPE;
    }
}
