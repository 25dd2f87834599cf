package io.swarmcast.edge.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swarmcast.campaign.CampaignStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/** JSON responses. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    public static HttpResponse response(int status, Object body) {
        try {
            return HttpResponse.create().withStatus(status)
                .withEntity(ContentTypes.APPLICATION_JSON, MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static HttpResponse error(ApiError e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", e.status());
        m.put("code", e.code());
        m.put("message", e.getMessage());
        m.put("field", e.field());
        return response(e.status(), m);
    }

    /** A campaign's status as the API shows it. */
    public static Map<String, Object> status(CampaignStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("state", s.state().wireName());
        m.put("tick", s.tick());
        m.put("checksum", s.checksumHex());
        m.put("particles", s.particles());
        m.put("backend", s.backend());
        m.put("device", s.device());
        m.put("scene", s.scene());
        m.put("tenant", s.meta().tenant());
        m.put("public", s.meta().isPublic());
        m.put("owner", s.meta().owner());
        m.put("subscribers", s.subscribers());
        m.put("overruns", s.overruns());
        m.put("inputsAccepted", s.inputsAccepted());
        m.put("inputsRejected", s.inputsRejected());
        m.put("node", s.node());
        return m;
    }
}
