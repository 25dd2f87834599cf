package io.swarmcast.edge.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swarmcast.campaign.CampaignMeta;
import io.swarmcast.campaign.CampaignReply;
import io.swarmcast.campaign.CampaignStatus;
import io.swarmcast.campaign.Campaigns;
import io.swarmcast.campaign.Lifecycle;
import io.swarmcast.campaign.frames.Frame;
import io.swarmcast.campaign.replay.Replayer;
import io.swarmcast.campaign.serialization.CampaignStateSerializer;
import io.swarmcast.core.input.Input;
import io.swarmcast.core.scene.InvalidSceneException;
import io.swarmcast.core.scene.Presets;
import io.swarmcast.core.scene.Scene;
import io.swarmcast.core.scene.SceneJson;
import io.swarmcast.core.scene.SceneValidator;
import io.swarmcast.edge.metrics.EdgeMetrics;
import io.swarmcast.edge.security.AuditLog;
import io.swarmcast.edge.security.AuthException;
import io.swarmcast.edge.security.Authenticator;
import io.swarmcast.edge.security.Principal;
import io.swarmcast.edge.security.RateLimits;
import io.swarmcast.edge.security.Role;
import io.swarmcast.edge.stream.CampaignFeeds;
import io.swarmcast.edge.stream.ViewerSession;
import io.swarmcast.edge.stream.WireProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.ws.WebSocketUpgrade;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API and the WebSocket endpoint: a route table ({@link #endpoints()}) and the router that
 * authenticates, rate-limits, authorizes, audits and measures every call before its handler runs.
 * Every error is JSON of one shape ({@link ApiError}).
 */
public final class ApiRoutes {
    private static final Logger log = LoggerFactory.getLogger(ApiRoutes.class);

    /** The API's settings: body size, request and input rates. */
    public record Limits(long maxBodyBytes, long requestsPerSecond, long requestBurst, long inputsPerSecond,
                         long inputBurst) {
    }

    private final ActorSystem<?> system;
    private final Materializer mat;
    private final Campaigns campaigns;
    private final Replayer replayer;
    private final CampaignFeeds feeds;
    private final Authenticator auth;
    private final AuditLog audit;
    private final EdgeMetrics metrics;
    private final Limits limits;
    private final RateLimits requests;
    private final RateLimits connects;
    private final RateLimits userInputs;
    private final Function<HttpRequest, CompletionStage<HttpResponse>> fallback;
    private final List<Endpoint> endpoints;
    private final long startedMillis = System.currentTimeMillis();

    public ApiRoutes(ActorSystem<?> system, Campaigns campaigns, Replayer replayer, CampaignFeeds feeds,
                     Authenticator auth, AuditLog audit, EdgeMetrics metrics, Limits limits,
                     Function<HttpRequest, CompletionStage<HttpResponse>> fallback) {
        this.system = system;
        this.mat = Materializer.matFromSystem(system);
        this.campaigns = campaigns;
        this.replayer = replayer;
        this.feeds = feeds;
        this.auth = auth;
        this.audit = audit;
        this.metrics = metrics;
        this.limits = limits;
        this.requests = new RateLimits(limits.requestsPerSecond(), limits.requestBurst(), 100_000);
        this.connects = new RateLimits(Math.max(500, limits.requestsPerSecond() * 5), Math.max(5000, limits.requestBurst() * 10),
            100_000);
        this.userInputs = new RateLimits(limits.inputsPerSecond(), limits.inputBurst(), 100_000);
        this.fallback = fallback;
        this.endpoints = table();
    }

    /** The route table. */
    public List<Endpoint> endpoints() {
        return endpoints;
    }

    private List<Endpoint> table() {
        String c = "/api/campaigns/{id}";
        return List.of(
            new Endpoint("GET", "/api/campaigns", null, false, null, this::list),
            new Endpoint("POST", "/api/campaigns", Role.OPERATOR, false, "create", this::create),
            new Endpoint("GET", c, Role.VIEWER, true, null, call -> ok(Json.status(call.campaign()))),
            new Endpoint("PATCH", c, Role.OPERATOR, true, "update", this::update),
            new Endpoint("DELETE", c, Role.ADMIN, true, "delete", call -> done(campaigns.delete(call.param("id")))),
            new Endpoint("POST", c + "/start", Role.OPERATOR, true, "start", call -> done(campaigns.start(call.param("id")))),
            new Endpoint("POST", c + "/pause", Role.OPERATOR, true, "pause", call -> done(campaigns.pause(call.param("id")))),
            new Endpoint("POST", c + "/resume", Role.OPERATOR, true, "resume",
                call -> done(campaigns.resume(call.param("id")))),
            new Endpoint("POST", c + "/stop", Role.OPERATOR, true, "stop", call -> done(campaigns.stop(call.param("id")))),
            new Endpoint("PUT", c + "/behaviours/{target}", Role.OPERATOR, true, "parameters", this::parameters),
            new Endpoint("POST", c + "/inputs", Role.PLAYER, true, null, this::input),
            new Endpoint("GET", c + "/replay", Role.OPERATOR, true, null, this::replay),
            new Endpoint("GET", c + "/snapshot", Role.OPERATOR, true, "snapshot", this::snapshot),
            new Endpoint("GET", "/api/presets", null, false, null, this::presets),
            new Endpoint("GET", "/api/openapi.json", null, false, null, this::openapi),
            new Endpoint("GET", "/api/audit", Role.ADMIN, false, null, this::auditLog),
            new Endpoint("GET", "/api/server", Role.ADMIN, false, null, this::server),
            new Endpoint("GET", "/ws/campaigns/{id}", Role.VIEWER, true, null, this::websocket));
    }

    // ---- the router ----

    public CompletionStage<HttpResponse> handle(HttpRequest req) {
        String path = req.getUri().path();
        if (!path.startsWith("/api/") && !path.startsWith("/ws/") && !path.equals("/api")) {
            return fallback.apply(req);
        }
        long start = System.nanoTime();
        String method = req.method().value();
        Endpoint ep = null;
        Map<String, String> params = null;
        boolean pathKnown = false;
        for (Endpoint e : endpoints) {
            Map<String, String> p = e.match(path);
            if (p != null) {
                pathKnown = true;
                if (e.method().equals(method)) {
                    ep = e;
                    params = p;
                    break;
                }
            }
        }
        if (ep == null) {
            req.discardEntityBytes(mat);
            ApiError e = pathKnown ? new ApiError(405, "method-not-allowed", null, method + " is not allowed on " + path)
                : ApiError.notFound("no such endpoint: " + path);
            metrics.http(method, "unmatched", e.status(), System.nanoTime() - start);
            return CompletableFuture.completedFuture(Json.error(e));
        }
        Endpoint endpoint = ep;
        Map<String, String> pathParams = params;
        Principal[] who = {Principal.ANONYMOUS};
        CompletionStage<HttpResponse> response;
        try {
            who[0] = authenticate(req);
            response = dispatch(req, endpoint, pathParams, who[0]);
        } catch (RuntimeException e) {
            response = CompletableFuture.failedFuture(e);
        }
        return response.exceptionally(e -> errorResponse(e, req)).thenApply(r -> {
            int status = r.status().intValue();
            metrics.http(method, endpoint.template(), status, System.nanoTime() - start);
            if (endpoint.audit() != null) {
                audit.record(who[0], endpoint.audit(), pathParams.get("id"), status, null);
            }
            return r;
        });
    }

    private Principal authenticate(HttpRequest req) {
        Optional<String> bearer = req.getHeader("Authorization").map(HttpHeader::value).map(v -> {
            if (!v.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw AuthException.unauthenticated("Authorization must be 'Bearer <token>'");
            }
            return v.substring(7).trim();
        });
        Optional<String> key = req.getHeader("X-Api-Key").map(HttpHeader::value);
        Map<String, String> q = req.getUri().query().toMap();
        if (bearer.isEmpty() && q.containsKey("access_token")) {
            bearer = Optional.of(q.get("access_token"));
        }
        if (key.isEmpty() && q.containsKey("api_key")) {
            key = Optional.of(q.get("api_key"));
        }
        return auth.authenticate(bearer, key);
    }

    private CompletionStage<HttpResponse> dispatch(HttpRequest req, Endpoint ep, Map<String, String> params, Principal who) {
        String client = who.anonymous() ? "ip:" + clientIp(req) : "sub:" + who.subject();
        boolean upgrade = req.getAttribute(AttributeKeys.webSocketUpgrade).isPresent();
        // WebSocket viewers connect at their own rate (a page of viewers behind one address opens many)
        if (!(upgrade ? connects : requests).tryAcquire(client)) {
            req.discardEntityBytes(mat);
            return CompletableFuture.completedFuture(Json.error(new ApiError(429, "rate-limited", null,
                "more than " + limits.requestsPerSecond() + " requests a second")).addHeader(RawHeader.create("Retry-After", "1")));
        }
        if (ep.role() != null) {
            if (who.anonymous() && !(ep.role() == Role.VIEWER && ep.campaign())) {
                throw AuthException.unauthenticated("sign in: this needs the " + ep.role().wireName() + " role");
            }
            if (!who.anonymous() && !who.has(ep.role())) {
                throw AuthException.forbidden("this needs the " + ep.role().wireName() + " role; you are "
                    + who.role().wireName());
            }
        }
        Map<String, String> query = req.getUri().query().toMap();
        CompletionStage<JsonNode> body = body(req);
        CompletionStage<CampaignStatus> campaign = ep.campaign()
            ? visibleCampaign(params.get("id"), who, ep.role())
            : CompletableFuture.completedFuture(null);
        return body.thenCombine(campaign, (b, c) -> new Call(req, who, params, query, b, c))
            .thenCompose(call -> ep.handler().handle(call));
    }

    private static String clientIp(HttpRequest req) {
        return req.getAttribute(AttributeKeys.remoteAddress).flatMap(RemoteAddress::getAddress)
            .map(java.net.InetAddress::getHostAddress).orElse("unknown");
    }

    private CompletionStage<JsonNode> body(HttpRequest req) {
        String method = req.method().value();
        if (!method.equals("POST") && !method.equals("PUT") && !method.equals("PATCH")) {
            req.discardEntityBytes(mat);
            return CompletableFuture.completedFuture(null);
        }
        java.util.OptionalLong declared = req.entity().getContentLengthOption();
        if (declared.isPresent() && declared.getAsLong() > limits.maxBodyBytes()) {
            req.discardEntityBytes(mat);
            throw tooLarge();
        }
        return req.entity().toStrict(5_000, limits.maxBodyBytes(), mat).thenApply(strict -> {
            ByteString data = strict.getData();
            if (data.isEmpty()) {
                return null;
            }
            if (!strict.getContentType().mediaType().toString().startsWith("application/json")) {
                throw new ApiError(415, "unsupported-media-type", null, "send the body as application/json");
            }
            try {
                return SceneJson.MAPPER.readTree(data.utf8String());
            } catch (JsonProcessingException e) {
                throw new ApiError(400, "malformed", "$", "the body is not valid JSON: " + e.getOriginalMessage());
            }
        });
    }

    /** The campaign's status if {@code who} may reach it for an endpoint needing {@code role}. */
    private CompletionStage<CampaignStatus> visibleCampaign(String id, Principal who, Role role) {
        return campaigns.status(id).thenApply(r -> {
            if (r instanceof CampaignReply.Rejected rej) {
                throw rejection(rej);
            }
            CampaignStatus s = ((CampaignReply.Status) r).status();
            if (who.reaches(s.meta().tenant(), id)) {
                return s;
            }
            if (role == Role.VIEWER && s.meta().isPublic()) {
                return s;
            }
            if (s.meta().isPublic()) {
                throw AuthException.forbidden("campaign '" + id + "' belongs to another tenant");
            }
            // not public and not yours: as if it did not exist
            throw new ApiError(404, CampaignReply.Codes.UNKNOWN_CAMPAIGN, "id", "no campaign '" + id + "'");
        });
    }

    private HttpResponse errorResponse(Throwable t, HttpRequest req) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof java.util.concurrent.ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof ApiError a) {
            return Json.error(a);
        }
        if (e instanceof AuthException a) {
            return Json.error(new ApiError(a.status(), a.code(), null, a.getMessage()));
        }
        if (e instanceof InvalidSceneException i) {
            return Json.error(new ApiError(400, "invalid", i.field(), i.getMessage()));
        }
        if (e instanceof Campaigns.CampaignException c) {
            return Json.error(rejection(c.rejected()));
        }
        if (e instanceof org.apache.pekko.http.scaladsl.model.EntityStreamSizeException
            || e instanceof org.apache.pekko.http.scaladsl.model.EntityStreamException && String.valueOf(e.getMessage()).contains("too large")) {
            return Json.error(tooLarge());
        }
        if (e instanceof org.apache.pekko.http.scaladsl.model.EntityStreamException) {
            return Json.error(new ApiError(400, "malformed", null, "the request body could not be read: " + e.getMessage()));
        }
        if (e instanceof TimeoutException || e instanceof org.apache.pekko.pattern.AskTimeoutException) {
            return Json.error(new ApiError(503, CampaignReply.Codes.UNAVAILABLE, null, "the campaign did not answer in time"));
        }
        if (e instanceof IllegalArgumentException) {
            return Json.error(ApiError.badRequest(null, e.getMessage()));
        }
        log.error("{} {} failed", req.method().value(), req.getUri().path(), e);
        return Json.error(new ApiError(500, "internal", null, "internal error: " + e.getClass().getSimpleName()));
    }

    private ApiError tooLarge() {
        return new ApiError(413, "too-large", null, "request bodies are at most " + limits.maxBodyBytes() + " bytes");
    }

    static ApiError rejection(CampaignReply.Rejected r) {
        int status = switch (r.code()) {
            case CampaignReply.Codes.UNKNOWN_CAMPAIGN -> 404;
            case CampaignReply.Codes.ALREADY_EXISTS, CampaignReply.Codes.ILLEGAL_STATE, CampaignReply.Codes.PAST_TICK -> 409;
            case CampaignReply.Codes.UNAVAILABLE -> 503;
            default -> 400;
        };
        return new ApiError(status, r.code(), r.field(), r.message());
    }

    // ---- handlers ----

    private static CompletionStage<HttpResponse> ok(Object body) {
        return CompletableFuture.completedFuture(Json.response(200, body));
    }

    private static CampaignReply expect(CampaignReply r) {
        if (r instanceof CampaignReply.Rejected rej) {
            throw rejection(rej);
        }
        return r;
    }

    private CompletionStage<HttpResponse> done(CompletionStage<CampaignReply> reply) {
        return reply.thenApply(r -> {
            CampaignReply.Done d = (CampaignReply.Done) expect(r);
            return Json.response(200, Map.of("id", d.id(), "state", d.state().wireName()));
        });
    }

    private CompletionStage<HttpResponse> list(Call call) {
        Principal who = call.who();
        return campaigns.ids().thenCompose(ids -> {
            List<CompletableFuture<CampaignReply>> all = new ArrayList<>();
            for (String id : ids) {
                all.add(campaigns.status(id).toCompletableFuture().exceptionally(e -> null));
            }
            return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(v -> {
                List<Map<String, Object>> out = new ArrayList<>();
                for (CompletableFuture<CampaignReply> f : all) {
                    if (f.join() instanceof CampaignReply.Status st) {
                        CampaignStatus s = st.status();
                        if (who.reaches(s.meta().tenant(), s.id()) || s.meta().isPublic()) {
                            out.add(Json.status(s));
                        }
                    }
                }
                out.sort(java.util.Comparator.comparing(m -> (String) m.get("id")));
                return Json.response(200, Map.of("campaigns", out));
            });
        });
    }

    private CompletionStage<HttpResponse> create(Call call) {
        JsonNode b = call.requireBody();
        allowOnly(b, "id", "preset", "particles", "scene", "start", "public", "tenant");
        String id = text(b, "id", true);
        Principal who = call.who();
        String tenant = text(b, "tenant", false);
        if (tenant == null) {
            tenant = who.tenant();
        } else if (!tenant.equals(who.tenant()) && who.role() != Role.ADMIN) {
            throw new ApiError(403, "forbidden", "tenant", "only admins create campaigns for another tenant");
        }
        if (!CampaignMeta.validTenant(tenant)) {
            throw ApiError.badRequest("tenant", "tenants are 1-64 lower-case letters, digits and '-'");
        }
        if (who.campaign() != null && !who.campaign().equals(id)) {
            throw AuthException.forbidden("this token is limited to campaign '" + who.campaign() + "'");
        }
        Scene scene;
        if (b.hasNonNull("scene") == b.hasNonNull("preset")) {
            throw ApiError.badRequest("scene", "give either a preset name or a scene");
        }
        if (b.hasNonNull("preset")) {
            String preset = text(b, "preset", true);
            JsonNode n = b.get("particles");
            if (n != null && !n.isNull() && !n.canConvertToInt()) {
                throw ApiError.badRequest("particles", "particles must be an integer");
            }
            scene = n == null || n.isNull() ? Presets.get(preset) : Presets.get(preset, n.intValue());
        } else {
            if (b.has("particles")) {
                throw ApiError.badRequest("particles", "particles goes with a preset; a scene carries its own count");
            }
            try {
                scene = SceneValidator.requireValid(SceneJson.read(b.get("scene"), Scene.class));
            } catch (InvalidSceneException e) {
                throw new ApiError(400, "invalid", "scene." + e.field(), e.getMessage());
            }
        }
        boolean start = bool(b, "start", true);
        boolean isPublic = bool(b, "public", false);
        CampaignMeta meta = new CampaignMeta(tenant, isPublic, who.subject());
        return campaigns.create(id, scene, start, meta)
            .thenCompose(r -> {
                expect(r);
                return campaigns.status(id);
            })
            .thenApply(r -> Json.response(201, Json.status(((CampaignReply.Status) expect(r)).status())));
    }

    private CompletionStage<HttpResponse> update(Call call) {
        JsonNode b = call.requireBody();
        allowOnly(b, "public");
        if (!b.has("public") || !b.get("public").isBoolean()) {
            throw ApiError.badRequest("public", "public must be true or false");
        }
        String id = call.param("id");
        return campaigns.setPublic(id, b.get("public").booleanValue())
            .thenCompose(r -> {
                expect(r);
                return campaigns.status(id);
            })
            .thenApply(r -> Json.response(200, Json.status(((CampaignReply.Status) expect(r)).status())));
    }

    private CompletionStage<HttpResponse> parameters(Call call) {
        JsonNode b = call.requireBody();
        return accepted(campaigns.parameters(call.param("id"), call.param("target"), (ObjectNode) b));
    }

    private CompletionStage<HttpResponse> input(Call call) {
        JsonNode b = call.requireBody();
        allowOnly(b, "tick", "input");
        if (!userInputs.tryAcquire(call.who().subject())) {
            metrics.input(call.param("id"), false);
            throw new ApiError(429, "rate-limited", null, "more than " + limits.inputsPerSecond() + " inputs a second");
        }
        long tick = -1;
        if (b.hasNonNull("tick")) {
            if (!b.get("tick").canConvertToLong()) {
                throw ApiError.badRequest("tick", "tick must be an integer (or absent for the next tick)");
            }
            tick = b.get("tick").longValue();
        }
        if (!b.hasNonNull("input")) {
            throw ApiError.badRequest("input", "an input is required");
        }
        Input input;
        try {
            input = SceneJson.read(b.get("input"), Input.class);
        } catch (InvalidSceneException e) {
            metrics.input(call.param("id"), false);
            throw new ApiError(400, "invalid", "input." + e.field(), e.getMessage());
        }
        String id = call.param("id");
        return accepted(campaigns.input(id, tick, input).whenComplete((r, e) ->
            metrics.input(id, r instanceof CampaignReply.InputAccepted)));
    }

    private CompletionStage<HttpResponse> accepted(CompletionStage<CampaignReply> reply) {
        return reply.thenApply(r -> {
            CampaignReply.InputAccepted a = (CampaignReply.InputAccepted) expect(r);
            return Json.response(202, Map.of("id", a.id(), "tick", a.tick(), "seq", a.seq()));
        });
    }

    private CompletionStage<HttpResponse> replay(Call call) {
        String t = call.query("tick").orElseThrow(() -> ApiError.badRequest("tick", "tick is required"));
        long tick;
        try {
            tick = Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("tick", "tick must be an integer, was '" + t + "'");
        }
        if (tick < 0) {
            throw ApiError.badRequest("tick", "tick must be 0 or more");
        }
        if (tick > call.campaign().tick()) {
            throw new ApiError(409, "future-tick", "tick", "the campaign is at tick " + call.campaign().tick()
                + "; tick " + tick + " has not happened yet");
        }
        String format = call.query("format").orElse("json");
        if (!format.equals("json") && !format.equals("frame")) {
            throw ApiError.badRequest("format", "format is json or frame");
        }
        return replayer.replay(call.param("id"), tick).thenApply(r -> {
            if (format.equals("frame")) {
                Frame f = new Frame(r.id(), r.tick(), 0, r.particles().count(), r.scene().bounds(),
                    Frame.quantize(r.particles(), r.scene().bounds()));
                return HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.APPLICATION_OCTET_STREAM,
                    WireProtocol.frame(f, 0, null)));
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("tick", r.tick());
            m.put("checksum", r.checksumHex());
            m.put("fromTick", r.fromTick());
            m.put("inputs", r.inputs());
            m.put("replayMillis", r.replayMillis());
            m.put("stats", r.stats());
            return Json.response(200, m);
        }).exceptionally(e -> {
            Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (c instanceof IllegalArgumentException) {
                throw new ApiError(400, "invalid", "tick", c.getMessage());
            }
            throw e instanceof CompletionException ce ? ce : new CompletionException(e);
        });
    }

    private CompletionStage<HttpResponse> snapshot(Call call) {
        String id = call.param("id");
        Lifecycle state = call.campaign().state();
        CompletionStage<?> taken = state == Lifecycle.STOPPED ? CompletableFuture.completedFuture(null)
            : campaigns.snapshot(id).thenApply(ApiRoutes::expect);
        return taken.thenCompose(x -> replayer.latestSnapshot(id)).thenApply(s -> {
            if (s == null) {
                throw ApiError.notFound("campaign '" + id + "' has no snapshot");
            }
            byte[] bytes = new CampaignStateSerializer().toBinary(s.snapshot());
            return HttpResponse.create()
                .addHeader(RawHeader.create("Content-Disposition", "attachment; filename=\"" + id + "-"
                    + s.metadata().sequenceNr() + ".swsnap\""))
                .withEntity(HttpEntities.create(ContentTypes.APPLICATION_OCTET_STREAM, bytes));
        });
    }

    private CompletionStage<HttpResponse> presets(Call call) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String name : Presets.NAMES) {
            Scene s = Presets.get(name);
            out.add(Map.of("name", name, "particles", s.particles(), "behaviours", s.behaviours().size()));
        }
        return ok(Map.of("presets", out));
    }

    private CompletionStage<HttpResponse> openapi(Call call) {
        try (InputStream in = ApiRoutes.class.getResourceAsStream("/io/swarmcast/edge/openapi.json")) {
            return CompletableFuture.completedFuture(HttpResponse.create()
                .withEntity(ContentTypes.APPLICATION_JSON, in.readAllBytes()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private CompletionStage<HttpResponse> auditLog(Call call) {
        int limit = call.query("limit").map(Integer::parseInt).orElse(100);
        return ok(Map.of("entries", audit.recent(Math.max(1, Math.min(limit, 1000)))));
    }

    private CompletionStage<HttpResponse> server(Call call) {
        Runtime rt = Runtime.getRuntime();
        var os = ManagementFactory.getOperatingSystemMXBean();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", ProcessHandle.current().pid());
        m.put("heapUsedBytes", rt.totalMemory() - rt.freeMemory());
        m.put("heapMaxBytes", rt.maxMemory());
        long afterGc = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getCollectionUsage() != null) {
                afterGc += pool.getCollectionUsage().getUsed();
            }
        }
        m.put("heapAfterLastGcBytes", afterGc);
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            m.put("processCpuSeconds", sun.getProcessCpuTime() / 1e9);
        }
        m.put("cores", rt.availableProcessors());
        m.put("uptimeSeconds", (System.currentTimeMillis() - startedMillis) / 1000);
        m.put("java", Runtime.version().toString());
        Map<String, Object> viewers = new LinkedHashMap<>();
        for (var f : feeds.all().values()) {
            viewers.put(f.campaign(), metrics.viewers(f.campaign()));
        }
        m.put("viewersPerTier", viewers);
        return ok(m);
    }

    private CompletionStage<HttpResponse> websocket(Call call) {
        Optional<WebSocketUpgrade> upgrade = call.request().getAttribute(AttributeKeys.webSocketUpgrade);
        if (upgrade.isEmpty()) {
            throw new ApiError(400, "websocket-required", null, "this endpoint speaks WebSocket only");
        }
        if (call.campaign().state() == Lifecycle.STOPPED) {
            throw new ApiError(409, CampaignReply.Codes.ILLEGAL_STATE, null, "campaign '" + call.param("id") + "' is stopped");
        }
        ViewerSession session = new ViewerSession(call.param("id"), call.who(), call.campaign(), campaigns, feeds, metrics,
            userInputs, RateLimits.bucket(Math.max(1, limits.inputsPerSecond() / 2), Math.max(1, limits.inputBurst() / 2)), mat);
        return CompletableFuture.completedFuture(upgrade.get().handleMessagesWith(session.flow()));
    }

    // ---- body helpers ----

    private static void allowOnly(JsonNode b, String... names) {
        java.util.Set<String> ok = java.util.Set.of(names);
        b.fieldNames().forEachRemaining(n -> {
            if (!ok.contains(n)) {
                throw ApiError.badRequest(n, "unknown property '" + n + "'; allowed: " + String.join(", ", names));
            }
        });
    }

    private static String text(JsonNode b, String name, boolean required) {
        JsonNode n = b.get(name);
        if (n == null || n.isNull()) {
            if (required) {
                throw ApiError.badRequest(name, name + " is required");
            }
            return null;
        }
        if (!n.isTextual()) {
            throw ApiError.badRequest(name, name + " must be a string");
        }
        return n.textValue();
    }

    private static boolean bool(JsonNode b, String name, boolean dflt) {
        JsonNode n = b.get(name);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isBoolean()) {
            throw ApiError.badRequest(name, name + " must be true or false");
        }
        return n.booleanValue();
    }
}
