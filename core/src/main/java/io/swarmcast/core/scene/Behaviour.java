package io.swarmcast.core.scene;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One rule that shapes the particles of a scene. Gravity, drag, boundary, turbulence and separation
 * appear at most once per scene and are addressed by their type name; force fields and emitters may
 * appear many times and are addressed by their id.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Gravity.class, name = Gravity.TYPE),
    @JsonSubTypes.Type(value = Drag.class, name = Drag.TYPE),
    @JsonSubTypes.Type(value = Boundary.class, name = Boundary.TYPE),
    @JsonSubTypes.Type(value = ForceField.class, name = ForceField.TYPE),
    @JsonSubTypes.Type(value = Emitter.class, name = Emitter.TYPE),
    @JsonSubTypes.Type(value = Turbulence.class, name = Turbulence.TYPE),
    @JsonSubTypes.Type(value = Separation.class, name = Separation.TYPE)
})
public sealed interface Behaviour permits Gravity, Drag, Boundary, ForceField, Emitter, Turbulence, Separation {

    /** The name inputs use to address this behaviour: the id for fields and emitters, else the type. */
    String target();
}
