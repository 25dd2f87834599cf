package io.swarmcast.core.input;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swarmcast.core.scene.Behaviour;
import io.swarmcast.core.scene.Emitter;
import io.swarmcast.core.scene.ForceField;
import io.swarmcast.core.scene.Vec3;

/**
 * A change to a running scene, sent by operators and viewers. Applied with {@link InputApplier} at
 * the tick it is stamped with ({@link TimedInput}); the result is always a validated scene.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Input.AddField.class, name = "addField"),
    @JsonSubTypes.Type(value = Input.MoveField.class, name = "moveField"),
    @JsonSubTypes.Type(value = Input.RemoveField.class, name = "removeField"),
    @JsonSubTypes.Type(value = Input.AddEmitter.class, name = "addEmitter"),
    @JsonSubTypes.Type(value = Input.MoveEmitter.class, name = "moveEmitter"),
    @JsonSubTypes.Type(value = Input.RemoveEmitter.class, name = "removeEmitter"),
    @JsonSubTypes.Type(value = Input.SetParameters.class, name = "setParameters"),
    @JsonSubTypes.Type(value = Input.SetBehaviour.class, name = "setBehaviour"),
    @JsonSubTypes.Type(value = Input.RemoveBehaviour.class, name = "removeBehaviour")
})
public sealed interface Input {

    record AddField(ForceField field) implements Input {
    }

    record MoveField(String id, Vec3 position) implements Input {
    }

    record RemoveField(String id) implements Input {
    }

    record AddEmitter(Emitter emitter) implements Input {
    }

    /** Moves an emitter; {@code direction} is optional and keeps the old one when absent. */
    record MoveEmitter(String id, Vec3 position, Vec3 direction) implements Input {
    }

    record RemoveEmitter(String id) implements Input {
    }

    /**
     * Changes some parameters of one behaviour, addressed by id (fields, emitters) or type name
     * (gravity, drag, boundary, turbulence, separation). {@code params} holds the new values by
     * property name, e.g. {@code {"strength": 80}}.
     */
    record SetParameters(String target, ObjectNode params) implements Input {
    }

    /** Adds a behaviour, or replaces the one with the same target. */
    record SetBehaviour(Behaviour behaviour) implements Input {
    }

    record RemoveBehaviour(String target) implements Input {
    }
}
