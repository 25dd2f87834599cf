package io.swarmcast.core.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swarmcast.core.scene.Drag;
import io.swarmcast.core.scene.Emitter;
import io.swarmcast.core.scene.ForceField;
import io.swarmcast.core.scene.InvalidSceneException;
import io.swarmcast.core.scene.Presets;
import io.swarmcast.core.scene.Scene;
import io.swarmcast.core.scene.SceneJson;
import io.swarmcast.core.scene.Turbulence;
import io.swarmcast.core.scene.Vec3;
import org.junit.jupiter.api.Test;

class InputApplierTest {
    private final Scene small = Presets.get("small");

    private static ObjectNode params(String json) throws Exception {
        return (ObjectNode) SceneJson.MAPPER.readTree(json);
    }

    @Test
    void addsMovesAndRemovesForceFields() {
        ForceField f = new ForceField("pull", ForceField.Kind.ATTRACTOR, new Vec3(10, 0, 0), 20, 30, null, null);
        Scene added = InputApplier.apply(small, 5, new Input.AddField(f));
        assertEquals(f, added.byTarget("pull").orElseThrow());
        Scene moved = InputApplier.apply(added, 6, new Input.MoveField("pull", new Vec3(-10, 2, 3)));
        assertEquals(new Vec3(-10, 2, 3), ((ForceField) moved.byTarget("pull").orElseThrow()).position());
        Scene removed = InputApplier.apply(moved, 7, new Input.RemoveField("pull"));
        assertTrue(removed.byTarget("pull").isEmpty());
    }

    @Test
    void addedEmittersStartTheirScheduleAtTheirTick() {
        Emitter e = new Emitter("jet", Vec3.ZERO, 120, Vec3.UP, 10, 10, 1, 0, 2, null, 0, 0);
        Scene s = InputApplier.apply(small, 300, new Input.AddEmitter(e));
        Emitter placed = (Emitter) s.byTarget("jet").orElseThrow();
        assertEquals(300, placed.epochTick());
        assertEquals(0, placed.spawnedBy(300, 60));
        assertEquals(120, placed.spawnedBy(360, 60));
    }

    @Test
    void changingAnEmitterRateKeepsTheEmittedCountContinuous() throws Exception {
        Emitter spark = (Emitter) small.byTarget("spark").orElseThrow();
        long before = spark.spawnedBy(600, 60);
        Scene s = InputApplier.apply(small, 600, new Input.SetParameters("spark", params("{\"rate\": 60}")));
        Emitter changed = (Emitter) s.byTarget("spark").orElseThrow();
        assertEquals(before, changed.spawnedBy(600, 60));
        assertEquals(before + 60, changed.spawnedBy(660, 60));
    }

    @Test
    void setParametersChangesOnlyTheNamedParameters() throws Exception {
        Scene s = InputApplier.apply(small, 1, new Input.SetParameters("drag", params("{\"coefficient\": 0.9}")));
        assertEquals(new Drag(0.9), s.find(Drag.class).orElseThrow());
        Scene t = InputApplier.apply(small, 1, new Input.SetParameters("centre", params("{\"strength\": 33}")));
        ForceField c = (ForceField) t.byTarget("centre").orElseThrow();
        assertEquals(33, c.strength());
        assertEquals(((ForceField) small.byTarget("centre").orElseThrow()).radius(), c.radius());
    }

    @Test
    void setBehaviourAddsOrReplacesASingleton() {
        Scene s = InputApplier.apply(small, 1, new Input.SetBehaviour(new Turbulence(3, 5, Vec3.ZERO)));
        assertEquals(new Turbulence(3, 5, Vec3.ZERO), s.find(Turbulence.class).orElseThrow());
        Scene none = InputApplier.apply(s, 2, new Input.RemoveBehaviour("turbulence"));
        assertTrue(none.find(Turbulence.class).isEmpty());
    }

    @Test
    void refusesInputsForMissingTargetsNamingTheField() throws Exception {
        InvalidSceneException e = assertThrows(InvalidSceneException.class,
            () -> InputApplier.apply(small, 1, new Input.MoveField("nope", Vec3.ZERO)));
        assertEquals("input.id", e.field());
        assertTrue(e.getMessage().contains("nope"));
        InvalidSceneException p = assertThrows(InvalidSceneException.class,
            () -> InputApplier.apply(small, 1, new Input.SetParameters("ghost", params("{\"x\":1}"))));
        assertEquals("input.target", p.field());
    }

    @Test
    void refusesUnknownOrFixedParameters() throws Exception {
        InvalidSceneException unknown = assertThrows(InvalidSceneException.class,
            () -> InputApplier.apply(small, 1, new Input.SetParameters("drag", params("{\"viscosity\": 1}"))));
        assertEquals("input.params.viscosity", unknown.field());
        assertTrue(unknown.getMessage().contains("coefficient"), unknown.getMessage());
        InvalidSceneException fixed = assertThrows(InvalidSceneException.class,
            () -> InputApplier.apply(small, 1, new Input.SetParameters("spark", params("{\"epochSpawned\": 1}"))));
        assertEquals("input.params.epochSpawned", fixed.field());
    }

    @Test
    void refusesInputsThatWouldMakeTheSceneIllegalAndLeavesItUnchanged() throws Exception {
        Scene before = small;
        InvalidSceneException e = assertThrows(InvalidSceneException.class,
            () -> InputApplier.apply(small, 1, new Input.SetParameters("centre", params("{\"radius\": \"NaN\"}"))));
        assertTrue(e.getMessage().contains("radius"), e.getMessage());
        InvalidSceneException nan = assertThrows(InvalidSceneException.class,
            () -> InputApplier.apply(small, 1, new Input.MoveField("centre", new Vec3(Double.NaN, 0, 0))));
        assertTrue(nan.getMessage().contains("position"), nan.getMessage());
        InvalidSceneException dup = assertThrows(InvalidSceneException.class,
            () -> InputApplier.apply(small, 1, new Input.AddField(
                new ForceField("centre", ForceField.Kind.REPULSOR, Vec3.ZERO, 1, 1, null, null))));
        assertEquals("input.field.id", dup.field());
        assertSame(before, small);
        assertNotEquals(null, small.byTarget("centre").orElse(null));
    }

    @Test
    void inputsParseFromJsonAndUnknownTypesAreRefused() {
        TimedInput in = SceneJson.read("{\"tick\": 42, \"input\": {\"type\": \"moveField\", \"id\": \"centre\", \"position\": [1,2,3]}}",
            TimedInput.class);
        assertEquals(42, in.tick());
        assertEquals(new Input.MoveField("centre", new Vec3(1, 2, 3)), in.input());
        assertThrows(InvalidSceneException.class,
            () -> SceneJson.read("{\"tick\": 1, \"input\": {\"type\": \"explode\"}}", TimedInput.class));
    }
}
