package io.swarmcast.core.scene;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;

/**
 * Reads and writes scenes as JSON. Parse failures become {@link InvalidSceneException}s naming the
 * field, like validation failures do. NaN and Infinity are accepted by the parser so that the
 * validator can refuse them with a precise message.
 */
public final class SceneJson {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
        .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();

    private SceneJson() {
    }

    /** Parses and validates a scene. */
    public static Scene parse(String json) {
        return SceneValidator.requireValid(read(json, Scene.class));
    }

    public static String write(Scene scene) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(scene);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("scene could not be written as JSON", e);
        }
    }

    /** Reads any model type, turning Jackson's errors into field-named violations. */
    public static <T> T read(String json, Class<T> type) {
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw new InvalidSceneException("$", "must be a JSON object");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw asInvalid(e);
        }
    }

    /** Reads any model type from parsed JSON, turning Jackson's errors into field-named violations. */
    public static <T> T read(com.fasterxml.jackson.databind.JsonNode node, Class<T> type) {
        if (node == null || node.isNull()) {
            throw new InvalidSceneException("$", "must be a JSON object");
        }
        try {
            T value = MAPPER.treeToValue(node, type);
            if (value == null) {
                throw new InvalidSceneException("$", "must be a JSON object");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw asInvalid(e);
        }
    }

    public static InvalidSceneException asInvalid(JsonProcessingException e) {
        String field = e instanceof JsonMappingException m ? path(m.getPath()) : "$";
        String reason;
        if (e instanceof InvalidTypeIdException t) {
            reason = "unknown type '" + t.getTypeId() + "'";
        } else if (e instanceof UnrecognizedPropertyException u) {
            field = field.isEmpty() ? u.getPropertyName() : field;
            reason = "unknown property '" + u.getPropertyName() + "'";
        } else {
            reason = e.getOriginalMessage();
            int cut = reason.indexOf('\n');
            if (cut > 0) {
                reason = reason.substring(0, cut);
            }
        }
        return new InvalidSceneException(field.isEmpty() ? "$" : field, reason);
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
