package io.swarmcast.core.scene;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What happens at the bounds. Without a boundary behaviour particles are clamped to the bounds and
 * lose the velocity component that pushed them out.
 */
public record Boundary(Mode mode, double restitution) implements Behaviour {
    public static final String TYPE = "boundary";

    public enum Mode {
        /** Reflect, keeping {@code restitution} of the normal velocity (0..1). */
        @JsonProperty("bounce") BOUNCE,
        /** Leave one side, come back on the other. */
        @JsonProperty("wrap") WRAP
    }

    @Override
    public String target() {
        return TYPE;
    }
}
