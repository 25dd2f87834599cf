package io.swarmcast.edge.server;

import io.swarmcast.edge.api.ApiError;
import io.swarmcast.edge.api.Json;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.stream.Materializer;

/** What the server answers outside /api and /ws: the start page. */
public final class StaticPages {
    private static final byte[] INDEX = ("<!doctype html><html><head><meta charset=\"utf-8\"><title>Swarmcast</title></head>"
        + "<body><h1>Swarmcast</h1><p>The server is running.</p><ul>"
        + "<li><a href=\"/api/campaigns\">campaigns</a> (the public <code>demo</code> campaign streams on "
        + "<code>/ws/campaigns/demo</code>)</li>"
        + "<li><a href=\"/api/openapi.json\">API (OpenAPI 3)</a></li></ul></body></html>").getBytes(StandardCharsets.UTF_8);
    private final Materializer mat;

    public StaticPages(ActorSystem<?> system) {
        this.mat = Materializer.matFromSystem(system);
    }

    public CompletionStage<HttpResponse> handle(HttpRequest req) {
        req.discardEntityBytes(mat);
        String path = req.getUri().path();
        if (path.equals("/") || path.equals("/index.html")) {
            return CompletableFuture.completedFuture(HttpResponse.create()
                .withEntity(ContentTypes.TEXT_HTML_UTF8, INDEX));
        }
        return CompletableFuture.completedFuture(Json.error(ApiError.notFound("no such page: " + path)));
    }
}
