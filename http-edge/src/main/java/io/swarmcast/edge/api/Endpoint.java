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
public final class Endpoint {
    private static final Pattern PARAM = Pattern.compile("\\{([a-zA-Z]+)}");
    private final String method;
    private final String template;
    private final Role role;
    private final boolean campaign;
    private final String audit;
    private final Handler handler;
    /** The template as a regular expression and its parameter names, made once: the router tries every route per request. */
    private final Pattern pattern;
    private final List<String> params;

    public Endpoint(String method, String template, Role role, boolean campaign, String audit, Handler handler) {
        this.method = method;
        this.template = template;
        this.role = role;
        this.campaign = campaign;
        this.audit = audit;
        this.handler = handler;
        this.pattern = compile(template);
        List<String> names = new ArrayList<>();
        Matcher m = PARAM.matcher(template);
        while (m.find()) {
            names.add(m.group(1));
        }
        this.params = List.copyOf(names);
    }

    public String method() {
        return method;
    }

    public String template() {
        return template;
    }

    /** The least role, or null: anyone. */
    public Role role() {
        return role;
    }

    public boolean campaign() {
        return campaign;
    }

    public String audit() {
        return audit;
    }

    public Handler handler() {
        return handler;
    }

    @FunctionalInterface
    public interface Handler {
        CompletionStage<HttpResponse> handle(Call call);
    }

    private static Pattern compile(String template) {
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
        return params;
    }

    /** The path parameters of {@code path} if it matches this template, else null. */
    public Map<String, String> match(String path) {
        Matcher m = pattern.matcher(path);
        if (!m.matches()) {
            return null;
        }
        List<String> names = params;
        java.util.LinkedHashMap<String, String> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            out.put(names.get(i), m.group(i + 1));
        }
        return out;
    }
}
