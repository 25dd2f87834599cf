package io.swarmcast.core.scene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swarmcast.core.sim.Limits;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SceneValidationTest {

    private static Scene base() {
        return Presets.get("small");
    }

    private static InvalidSceneException refused(String json) {
        return assertThrows(InvalidSceneException.class, () -> SceneJson.parse(json));
    }

    private static void assertNames(InvalidSceneException e, String field, String reasonPart) {
        assertTrue(e.violations().stream().anyMatch(v -> v.field().equals(field) && v.reason().contains(reasonPart)),
            () -> "expected " + field + " / '" + reasonPart + "' in " + e.violations());
    }

    private static String json(String particles, String extraBehaviour) {
        return "{\"name\":\"t\",\"particles\":" + particles + ",\"bounds\":{\"min\":[-10,-10,-10],\"max\":[10,10,10]},"
            + "\"tickRate\":60,\"seed\":1,\"maxSpeed\":20,\"behaviours\":[" + extraBehaviour + "]}";
    }

    @Test
    void everyPresetIsValidAndRoundTripsThroughJson() {
        for (String name : Presets.NAMES) {
            Scene s = Presets.get(name);
            assertEquals(List.of(), SceneValidator.validate(s), name);
            assertEquals(s, SceneJson.parse(SceneJson.write(s)), name);
        }
    }

    @Test
    void demoPresetHasHalfAMillionParticlesFourFieldsAnEmitterAndTurbulence() {
        Scene demo = Presets.get("demo");
        assertEquals(500_000, demo.particles());
        assertEquals(4, demo.fields().size());
        assertEquals(1, demo.emitters().size());
        assertTrue(demo.find(Turbulence.class).isPresent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "16777217"})
    void refusesParticleCountsOutOfRange(String count) {
        assertNames(refused(json(count, "")), "particles", "must be between 1 and " + Limits.MAX_PARTICLES);
    }

    @Test
    void refusesACountThatDoesNotFitInAnInt() {
        InvalidSceneException e = refused(json("100000000000", ""));
        assertEquals("particles", e.field());
    }

    @Test
    void refusesMoreParticlesThanMemoryAllows() {
        Scene s = base().withParticles(10_000_000);
        List<Violation> v = SceneValidator.validate(s, 64L << 20);
        assertTrue(v.stream().anyMatch(x -> x.field().equals("particles") && x.reason().contains("MiB")), v::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "-Infinity"})
    void refusesNonFiniteNumbersNamingTheField(String value) {
        InvalidSceneException e = refused(json("100", "{\"type\":\"gravity\",\"acceleration\":[0," + value + ",0]}"));
        assertNames(e, "behaviours[0].acceleration", "finite");
        InvalidSceneException drag = refused(json("100", "{\"type\":\"drag\",\"coefficient\":" + value + "}"));
        assertNames(drag, "behaviours[0].coefficient", "finite");
    }

    @Test
    void refusesUnknownBehavioursAndProperties() {
        InvalidSceneException unknown = refused(json("100", "{\"type\":\"antigravity\",\"power\":3}"));
        assertTrue(unknown.field().startsWith("behaviours[0]"), unknown.field());
        assertTrue(unknown.getMessage().contains("antigravity"), unknown.getMessage());
        InvalidSceneException typo = refused(json("100", "{\"type\":\"drag\",\"coeficient\":0.1}"));
        assertTrue(typo.getMessage().contains("coeficient"), typo.getMessage());
    }

    @Test
    void refusesMalformedJsonWithoutThrowingAnythingElse() {
        for (String bad : new String[] {"", "null", "[]", "{", "{\"particles\": \"many\"}", "42"}) {
            assertThrows(InvalidSceneException.class, () -> SceneJson.parse(bad), bad);
        }
    }

    @Test
    void refusesDuplicateIdsAndSingletons() {
        List<Behaviour> list = new ArrayList<>(base().behaviours());
        list.add(new Drag(0.1));
        list.add(base().fields().get(0));
        List<Violation> v = SceneValidator.validate(base().withBehaviours(list));
        assertTrue(v.stream().anyMatch(x -> x.field().endsWith(".type") && x.reason().contains("only one drag")), v::toString);
        assertTrue(v.stream().anyMatch(x -> x.field().endsWith(".id") && x.reason().contains("already used")), v::toString);
    }

    @Test
    void refusesBadBoundsSpeedsAndBehaviourParameters() {
        Scene s = new Scene("bad", 100, new Bounds(new Vec3(5, 0, 0), new Vec3(-5, 10, 10)), 60, 1, 20, List.of());
        assertNames(assertThrows(InvalidSceneException.class, () -> SceneValidator.requireValid(s)), "bounds", "max must exceed min");
        Scene fast = base().withBehaviours(List.of());
        Scene tooFast = new Scene("f", 100, fast.bounds(), 60, 1, 10_000, List.of());
        assertTrue(SceneValidator.validate(tooFast).stream().anyMatch(v -> v.field().equals("maxSpeed")));
        Emitter wide = new Emitter("e", Vec3.ZERO, 10, Vec3.UP, 5, 120, 1, 0, 0, null, 0, 0);
        assertNames(assertThrows(InvalidSceneException.class,
            () -> SceneValidator.requireValid(base().adding(wide))), "behaviours[6].coneAngle", "between");
        ForceField huge = new ForceField("h", ForceField.Kind.ATTRACTOR, Vec3.ZERO, 1e9, 10, null, null);
        assertNames(assertThrows(InvalidSceneException.class,
            () -> SceneValidator.requireValid(base().adding(huge))), "behaviours[6].strength", "too strong");
        Emitter hungry = new Emitter("e", Vec3.ZERO, 1_000_000, Vec3.UP, 5, 10, 10, 0, 0, null, 0, 0);
        assertNames(assertThrows(InvalidSceneException.class,
            () -> SceneValidator.requireValid(base().adding(hungry))), "behaviours", "emitter pools need");
    }

    @Test
    void tickRateOutsideTheSupportedRangeIsRefused() {
        Scene s = new Scene("t", 100, Bounds.cube(10), 1000, 1, 20, List.of());
        assertTrue(SceneValidator.validate(s).stream().anyMatch(v -> v.field().equals("tickRate")));
    }
}
