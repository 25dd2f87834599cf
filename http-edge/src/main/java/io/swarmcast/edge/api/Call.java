package io.swarmcast.edge.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.swarmcast.campaign.CampaignStatus;
import io.swarmcast.edge.security.Principal;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpRequest;

/**
 * A request as a handler sees it: authenticated, authorized, its path parameters and query, its body
 * (parsed JSON, or null when it has none) and, for campaign routes, the campaign's current status.
 */
public record Call(HttpRequest request, Principal who, Map<String, String> params, Map<String, String> query,
                   JsonNode body, CampaignStatus campaign) {

    public String param(String name) {
        return params.get(name);
    }

    public Optional<String> query(String name) {
        return Optional.ofNullable(query.get(name));
    }

    /** The JSON body, which this endpoint requires to be an object. */
    public JsonNode requireBody() {
        if (body == null || !body.isObject()) {
            throw ApiError.badRequest("$", "the request body must be a JSON object");
        }
        return body;
    }
}
