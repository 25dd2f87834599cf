package io.swarmcast.core.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swarmcast.core.scene.Behaviour;
import io.swarmcast.core.scene.Emitter;
import io.swarmcast.core.scene.ForceField;
import io.swarmcast.core.scene.InvalidSceneException;
import io.swarmcast.core.scene.Scene;
import io.swarmcast.core.scene.SceneJson;
import io.swarmcast.core.scene.SceneValidator;
import io.swarmcast.core.scene.Violation;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies inputs to scenes: a pure function, so the same scene and input log give the same scenes
 * on every node and in every replay. An input that would make the scene illegal is refused with an
 * {@link InvalidSceneException} naming the field, and the scene is left as it was.
 */
public final class InputApplier {
    /** Properties a SetParameters may not change: identity and the engine-managed emission schedule. */
    private static final Set<String> FIXED_PROPERTIES = Set.of("type", "id", "epochTick", "epochSpawned");

    private InputApplier() {
    }

    public static Scene apply(Scene scene, TimedInput timed) {
        return apply(scene, timed.tick(), timed.input());
    }

    public static Scene apply(Scene scene, long tick, Input input) {
        if (input == null) {
            throw new InvalidSceneException("input", "is required");
        }
        Scene next;
        if (input instanceof Input.AddField a) {
            requireNew(scene, a.field() == null ? null : a.field().id(), "input.field.id");
            next = scene.adding(a.field());
        } else if (input instanceof Input.MoveField m) {
            ForceField f = existing(scene, m.id(), ForceField.class, "force field");
            next = scene.replacing(m.id(), f.withPosition(m.position()));
        } else if (input instanceof Input.RemoveField r) {
            existing(scene, r.id(), ForceField.class, "force field");
            next = scene.removing(r.id());
        } else if (input instanceof Input.AddEmitter a) {
            requireNew(scene, a.emitter() == null ? null : a.emitter().id(), "input.emitter.id");
            next = scene.adding(a.emitter().withEpoch(tick, 0));
        } else if (input instanceof Input.MoveEmitter m) {
            Emitter e = existing(scene, m.id(), Emitter.class, "emitter");
            Emitter moved = e.withPosition(m.position());
            if (m.direction() != null) {
                moved = new Emitter(e.id(), m.position(), e.rate(), m.direction(), e.speed(), e.coneAngle(),
                    e.lifetime(), e.spread(), e.attribute(), e.pool(), e.epochTick(), e.epochSpawned());
            }
            next = scene.replacing(m.id(), moved);
        } else if (input instanceof Input.RemoveEmitter r) {
            existing(scene, r.id(), Emitter.class, "emitter");
            next = scene.removing(r.id());
        } else if (input instanceof Input.SetParameters p) {
            next = setParameters(scene, tick, p);
        } else if (input instanceof Input.SetBehaviour s) {
            if (s.behaviour() == null) {
                throw new InvalidSceneException("input.behaviour", "is required");
            }
            Behaviour b = s.behaviour();
            if (b instanceof Emitter e) {
                b = rebase(scene, tick, e);
            }
            next = scene.byTarget(b.target()).isPresent() ? scene.replacing(b.target(), b) : scene.adding(b);
        } else if (input instanceof Input.RemoveBehaviour r) {
            if (r.target() == null || scene.byTarget(r.target()).isEmpty()) {
                throw new InvalidSceneException("input.target", "no behaviour '" + r.target() + "' in this scene");
            }
            next = scene.removing(r.target());
        } else {
            throw new InvalidSceneException("input.type", "unsupported input " + input.getClass().getSimpleName());
        }
        List<Violation> problems = SceneValidator.validate(next);
        if (!problems.isEmpty()) {
            throw new InvalidSceneException(problems.stream()
                .map(v -> new Violation("input → " + v.field(), v.reason())).toList());
        }
        return next;
    }

    private static void requireNew(Scene scene, String id, String field) {
        if (id == null) {
            throw new InvalidSceneException(field, "is required");
        }
        if (scene.byTarget(id).isPresent()) {
            throw new InvalidSceneException(field, "'" + id + "' already exists in this scene");
        }
    }

    private static <T extends Behaviour> T existing(Scene scene, String id, Class<T> type, String what) {
        Behaviour b = id == null ? null : scene.byTarget(id).orElse(null);
        if (!type.isInstance(b)) {
            throw new InvalidSceneException("input.id", "no " + what + " '" + id + "' in this scene");
        }
        return type.cast(b);
    }

    private static Scene setParameters(Scene scene, long tick, Input.SetParameters p) {
        Behaviour current = p.target() == null ? null : scene.byTarget(p.target()).orElse(null);
        if (current == null) {
            throw new InvalidSceneException("input.target", "no behaviour '" + p.target() + "' in this scene");
        }
        if (p.params() == null || p.params().isEmpty()) {
            throw new InvalidSceneException("input.params", "must name at least one parameter");
        }
        ObjectNode node = SceneJson.MAPPER.valueToTree(current);
        // valueToTree drops the type id of a root value; restore it for polymorphic reading
        node.put("type", typeName(current));
        for (Iterator<Map.Entry<String, JsonNode>> it = p.params().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (FIXED_PROPERTIES.contains(e.getKey())) {
                throw new InvalidSceneException("input.params." + e.getKey(), "cannot be changed");
            }
            if (!node.has(e.getKey())) {
                throw new InvalidSceneException("input.params." + e.getKey(),
                    "is not a parameter of " + typeName(current) + "; it has " + parameterNames(node));
            }
            node.set(e.getKey(), e.getValue());
        }
        Behaviour changed;
        try {
            changed = SceneJson.MAPPER.treeToValue(node, Behaviour.class);
        } catch (JsonProcessingException e) {
            InvalidSceneException inner = SceneJson.asInvalid(e);
            throw new InvalidSceneException("input.params." + inner.field(), inner.violations().get(0).reason());
        }
        if (changed instanceof Emitter e && current instanceof Emitter old && e.rate() != old.rate()) {
            changed = e.withEpoch(tick, old.spawnedBy(tick, scene.tickRate()));
        }
        return scene.replacing(p.target(), changed);
    }

    /** An emitter replaced whole keeps its emission count, so the pool cursor does not jump. */
    private static Emitter rebase(Scene scene, long tick, Emitter e) {
        return scene.byTarget(e.id()).filter(Emitter.class::isInstance).map(Emitter.class::cast)
            .map(old -> e.withEpoch(tick, old.spawnedBy(tick, scene.tickRate())))
            .orElse(e.withEpoch(tick, 0));
    }

    private static String typeName(Behaviour b) {
        if (b instanceof ForceField) {
            return ForceField.TYPE;
        }
        if (b instanceof Emitter) {
            return Emitter.TYPE;
        }
        return b.target();
    }

    private static List<String> parameterNames(ObjectNode node) {
        java.util.List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(n -> {
            if (!FIXED_PROPERTIES.contains(n)) {
                names.add(n);
            }
        });
        return names;
    }
}
