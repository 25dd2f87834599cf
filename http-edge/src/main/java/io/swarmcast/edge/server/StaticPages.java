package io.swarmcast.edge.server;

import io.swarmcast.edge.api.ApiError;
import io.swarmcast.edge.api.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.stream.Materializer;

/**
 * The web viewer (module web, packaged under {@code web/} on the class path) and everything else
 * outside /api and /ws. Files under {@code /assets/} have content-hashed names and are immutable, so a
 * CDN or browser may keep them for a year; {@code index.html} is revalidated on every load. Any other
 * path without a file extension is a route of the single-page app and gets {@code index.html}. Every
 * page is cross-origin isolated (COOP/COEP), which gives the viewer precise timers.
 */
public final class StaticPages {
    private static final byte[] PLACEHOLDER = ("<!doctype html><html><head><meta charset=\"utf-8\"><title>Swarmcast</title></head>"
        + "<body><h1>Swarmcast</h1><p>The server is running; the web viewer is not in this build.</p><ul>"
        + "<li><a href=\"/api/campaigns\">campaigns</a> (the public <code>demo</code> campaign streams on "
        + "<code>/ws/campaigns/demo</code>)</li>"
        + "<li><a href=\"/api/openapi.json\">API (OpenAPI 3)</a></li></ul></body></html>").getBytes(StandardCharsets.UTF_8);
    private static final Map<String, ContentType> TYPES = Map.of(
        "html", ContentTypes.TEXT_HTML_UTF8,
        "js", MediaTypes.APPLICATION_JAVASCRIPT.toContentType(org.apache.pekko.http.javadsl.model.HttpCharsets.UTF_8),
        "mjs", MediaTypes.APPLICATION_JAVASCRIPT.toContentType(org.apache.pekko.http.javadsl.model.HttpCharsets.UTF_8),
        "css", MediaTypes.TEXT_CSS.toContentType(org.apache.pekko.http.javadsl.model.HttpCharsets.UTF_8),
        "wasm", MediaTypes.applicationBinary("wasm", MediaTypes.NOT_COMPRESSIBLE).toContentType(),
        "json", ContentTypes.APPLICATION_JSON,
        "svg", MediaTypes.IMAGE_SVG_XML.toContentType(),
        "png", MediaTypes.IMAGE_PNG.toContentType(),
        "map", ContentTypes.APPLICATION_JSON,
        "ico", MediaTypes.IMAGE_X_ICON.toContentType());
    private final Materializer mat;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();
    private final boolean hasViewer = StaticPages.class.getClassLoader().getResource("web/index.html") != null;

    public StaticPages(ActorSystem<?> system) {
        this.mat = Materializer.matFromSystem(system);
    }

    public CompletionStage<HttpResponse> handle(HttpRequest req) {
        req.discardEntityBytes(mat);
        String path = req.getUri().path();
        if (!req.method().value().equals("GET") && !req.method().value().equals("HEAD")) {
            return done(Json.error(new ApiError(405, "method-not-allowed", null, req.method().value() + " is not allowed on " + path)));
        }
        if (!hasViewer) {
            return path.equals("/") || path.equals("/index.html")
                ? done(isolated(HttpResponse.create().withEntity(ContentTypes.TEXT_HTML_UTF8, PLACEHOLDER)))
                : done(Json.error(ApiError.notFound("no such page: " + path)));
        }
        if (path.contains("..") || path.contains("//")) {
            return done(Json.error(ApiError.notFound("no such page: " + path)));
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        if (dot < 0 || path.equals("/index.html")) {
            return done(isolated(HttpResponse.create().withEntity(ContentTypes.TEXT_HTML_UTF8, read("web/index.html"))
                .addHeader(RawHeader.create("Cache-Control", "no-cache"))));
        }
        byte[] body = read("web" + path);
        if (body == null) {
            return done(Json.error(ApiError.notFound("no such file: " + path)));
        }
        ContentType type = TYPES.getOrDefault(name.substring(dot + 1), ContentTypes.APPLICATION_OCTET_STREAM);
        String cache = path.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache";
        return done(isolated(HttpResponse.create().withEntity(type, body).addHeader(RawHeader.create("Cache-Control", cache))));
    }

    private static HttpResponse isolated(HttpResponse r) {
        return r.addHeader(RawHeader.create("Cross-Origin-Opener-Policy", "same-origin"))
            .addHeader(RawHeader.create("Cross-Origin-Embedder-Policy", "require-corp"))
            .addHeader(RawHeader.create("Cross-Origin-Resource-Policy", "same-origin"))
            .addHeader(RawHeader.create("X-Content-Type-Options", "nosniff"));
    }

    private byte[] read(String resource) {
        byte[] cached = cache.get(resource);
        if (cached != null) {
            return cached;
        }
        try (InputStream in = StaticPages.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            byte[] b = in.readAllBytes();
            cache.put(resource, b);
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CompletionStage<HttpResponse> done(HttpResponse r) {
        return CompletableFuture.completedFuture(r);
    }
}
