package io.swarmcast.core.scene;

/**
 * Particles closer than {@code radius} push each other apart, up to {@code strength} world
 * units/s² when they touch. Neighbours are found on a uniform grid of cell size {@code radius}.
 */
public record Separation(double radius, double strength) implements Behaviour {
    public static final String TYPE = "separation";

    @Override
    public String target() {
        return TYPE;
    }
}
