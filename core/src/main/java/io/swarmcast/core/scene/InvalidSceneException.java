package io.swarmcast.core.scene;

import java.util.List;
import java.util.stream.Collectors;

/** A scene or input was refused. The message names every offending field and the reason. */
public class InvalidSceneException extends RuntimeException {
    private final List<Violation> violations;

    public InvalidSceneException(List<Violation> violations) {
        super(violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public InvalidSceneException(String field, String reason) {
        this(List.of(new Violation(field, reason)));
    }

    public List<Violation> violations() {
        return violations;
    }

    /** The first offending field, for APIs that report one. */
    public String field() {
        return violations.isEmpty() ? "" : violations.get(0).field();
    }
}
