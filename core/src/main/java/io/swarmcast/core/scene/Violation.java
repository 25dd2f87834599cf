package io.swarmcast.core.scene;

/** One thing wrong with a scene or input: the offending field (a JSON path) and why. */
public record Violation(String field, String reason) {
    @Override
    public String toString() {
        return field + ": " + reason;
    }
}
