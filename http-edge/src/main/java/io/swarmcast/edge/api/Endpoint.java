package io.swarmcast.edge.api;

import io.swarmcast.edge.security.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/**
 * One route of the API: method, path template ({@code {name}} marks a path parameter), the least role
 * it needs (null: anyone, signed in or not; {@link Role#VIEWER} on a campaign route also admits anonymous
 * callers for public campaigns), whether it addresses one campaign, the audit action it records (null:
 * not audited) and its handler. The route table is the API: the router, the OpenAPI test and the
 * authorization tests all read it.
 */
public record Endpoint(String method, String template, Role role, boolean campaign, String audit, Handler handler) {
    private static final Pattern PARAM = Pattern.compile("\\{([a-zA-Z]+)}");

    @FunctionalInterface
    public interface Handler {
        CompletionStage<HttpResponse> handle(Call call);
    }

    public Pattern pattern() {
        Matcher m = PARAM.matcher(template);
        StringBuilder sb = new StringBuilder();
        int last = 0;
        while (m.find()) {
            sb.append(Pattern.quote(template.substring(last, m.start()))).append("([^/]+)");
            last = m.end();
        }
        sb.append(Pattern.quote(template.substring(last)));
        return Pattern.compile(sb.toString());
    }

    public List<String> params() {
        List<String> names = new ArrayList<>();
        Matcher m = PARAM.matcher(template);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The path parameters of {@code path} if it matches this template, else null. */
    public Map<String, String> match(String path) {
        Matcher m = pattern().matcher(path);
        if (!m.matches()) {
            return null;
        }
        List<String> names = params();
        java.util.LinkedHashMap<String, String> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            out.put(names.get(i), m.group(i + 1));
        }
        return out;
    }
}
