package io.swarmcast.edge.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.swarmcast.campaign.CampaignMeta;
import io.swarmcast.campaign.CampaignReply;
import io.swarmcast.campaign.Campaigns;
import io.swarmcast.campaign.node.CampaignNode;
import io.swarmcast.campaign.replay.Replayer;
import io.swarmcast.core.scene.Presets;
import io.swarmcast.edge.api.ApiRoutes;
import io.swarmcast.edge.metrics.EdgeMetrics;
import io.swarmcast.edge.security.ApiKeys;
import io.swarmcast.edge.security.AuditLog;
import io.swarmcast.edge.security.Authenticator;
import io.swarmcast.edge.security.SigningKey;
import io.swarmcast.edge.security.TokenService;
import io.swarmcast.edge.stream.CampaignFeeds;
import io.swarmcast.engine.BackendKind;
import io.swarmcast.persistence.DatabaseSettings;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import kamon.Kamon;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Swarmcast server: a campaign node (cluster member, database, campaign shards) with the HTTP edge
 * on top: the API and WebSocket streams, Prometheus metrics (Kamon), Pekko Management health checks,
 * and on first start the public demo campaign. Shuts down gracefully through coordinated shutdown:
 * the HTTP port is unbound, campaigns snapshot as they leave the node, then the system stops.
 */
public final class SwarmcastServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SwarmcastServer.class);
    private static boolean kamonStarted;

    private final CampaignNode node;
    private final ServerBinding binding;
    private final ApiRoutes api;
    private final TokenService tokens;
    private final CampaignFeeds feeds;
    private final boolean tls;

    private SwarmcastServer(CampaignNode node, ServerBinding binding, ApiRoutes api, TokenService tokens,
                            CampaignFeeds feeds, boolean tls) {
        this.node = node;
        this.binding = binding;
        this.api = api;
        this.tokens = tokens;
        this.feeds = feeds;
        this.tls = tls;
    }

    /** The data directory: SWARMCAST_DATA, else ./data. */
    public static Path dataDir() {
        String d = System.getenv("SWARMCAST_DATA");
        return Path.of(d == null || d.isEmpty() ? "data" : d);
    }

    /** The configuration a server runs with (see {@link CampaignNode#config}). */
    public static Config config(Config overrides) {
        return CampaignNode.config(overrides, DatabaseSettings.fromEnvironment());
    }

    public static SwarmcastServer start(Config overrides) {
        return start(overrides, DatabaseSettings.fromEnvironment(), dataDir());
    }

    public static SwarmcastServer start(Config given, DatabaseSettings db, Path dataDir) {
        // the management and metrics ports follow swarmcast.* (reference.conf's substitutions were
        // resolved before the overrides were applied)
        Config first = CampaignNode.config(given, db).getConfig("swarmcast");
        Config overrides = ConfigFactory.parseMap(java.util.Map.of(
            "pekko.management.http.hostname", first.getString("management.host"),
            "pekko.management.http.port", first.getInt("management.port"),
            "kamon.prometheus.start-embedded-http-server", first.getBoolean("metrics.enabled"),
            "kamon.prometheus.embedded-server.hostname", first.getString("metrics.host"),
            "kamon.prometheus.embedded-server.port", first.getInt("metrics.port"))).withFallback(given);
        Config config = CampaignNode.config(overrides, db);
        Config sw = config.getConfig("swarmcast");
        // validate what can be validated before anything starts
        TokenService tokens = new TokenService(SigningKey.load(sw.getConfig("security"), dataDir), Clock.systemUTC());
        ApiKeys keys = new ApiKeys(sw.getConfigList("security.api-keys"));
        ApiRoutes.Limits limits = new ApiRoutes.Limits(sw.getBytes("http.max-body"), positive(sw, "http.requests-per-second"),
            positive(sw, "http.request-burst"), positive(sw, "http.inputs-per-second"), positive(sw, "http.input-burst"));
        SSLContext ssl = sw.getBoolean("http.tls.enabled") ? sslContext(sw.getConfig("http.tls")) : null;
        synchronized (SwarmcastServer.class) {
            if (!kamonStarted) {
                // metrics are recorded explicitly (EdgeMetrics, system metrics): no instrumentation agent to attach
                Kamon.initWithoutAttaching(config);
                kamonStarted = true;
            }
        }
        CampaignNode node = CampaignNode.start(overrides, db);
        ActorSystem<Void> system = node.system();
        try {
            Campaigns campaigns = node.campaigns();
            AuditLog audit = new AuditLog(dataDir.resolve("audit.log"));
            EdgeMetrics metrics = new EdgeMetrics();
            CampaignFeeds feeds = new CampaignFeeds(system, campaigns, sw.getDuration("edge.feed-linger"));
            Replayer replayer = new Replayer(system, BackendKind.parse(config.getString("swarmcast.engine.backend")));
            ApiRoutes api = new ApiRoutes(system, campaigns, replayer, feeds, new Authenticator(tokens, keys), audit, metrics,
                limits, new StaticPages(system)::handle);
            system.scheduler().scheduleAtFixedRate(Duration.ofSeconds(1), Duration.ofSeconds(1), () -> {
                feeds.sweep();
                metrics.poll(feeds);
            }, system.executionContext());

            var server = Http.get(system).newServerAt(sw.getString("http.host"), sw.getInt("http.port"));
            if (ssl != null) {
                server = server.enableHttps(ConnectionContext.httpsServer(ssl));
            }
            ServerBinding binding = server.bind(api::handle).toCompletableFuture().get(30, TimeUnit.SECONDS);
            binding.addToCoordinatedShutdown(Duration.ofSeconds(10), system);
            CoordinatedShutdown cs = CoordinatedShutdown.get(system);
            cs.addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "swarmcast-not-ready", () -> {
                ReadyCheck.READY.set(false);
                return CompletableFuture.completedFuture(Done.getInstance());
            });
            cs.addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "swarmcast-audit-close", () -> {
                audit.close();
                return CompletableFuture.completedFuture(Done.getInstance());
            });
            PekkoManagement.get(system).start().toCompletableFuture().get(30, TimeUnit.SECONDS);
            log.info("HTTP{} on {}; metrics on :{}; health on :{}", ssl != null ? "S" : "", binding.localAddress(),
                sw.getInt("metrics.port"), sw.getInt("management.port"));
            if (sw.getBoolean("demo.enabled")) {
                ensureDemo(campaigns, sw.getConfig("demo")).toCompletableFuture().get(60, TimeUnit.SECONDS);
            }
            ReadyCheck.READY.set(true);
            return new SwarmcastServer(node, binding, api, tokens, feeds, ssl != null);
        } catch (Exception e) {
            node.close();
            throw new IllegalStateException("the server did not start: " + e.getMessage(), e);
        }
    }

    private static long positive(Config c, String path) {
        long v = c.getLong(path);
        if (v <= 0) {
            throw new IllegalArgumentException("swarmcast." + path + " must be positive, was " + v);
        }
        return v;
    }

    private static SSLContext sslContext(Config tls) {
        String path = tls.getString("keystore");
        if (path.isEmpty()) {
            throw new IllegalArgumentException("swarmcast.http.tls.enabled needs swarmcast.http.tls.keystore "
                + "(SWARMCAST_TLS_KEYSTORE): a PKCS12 file");
        }
        char[] password = tls.getString("password").toCharArray();
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, new java.security.SecureRandom());
            return ctx;
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot load the TLS key store " + path + ": " + e.getMessage(), e);
        }
    }

    /** Creates and starts the public demo campaign unless it exists already. */
    static CompletionStage<Void> ensureDemo(Campaigns campaigns, Config demo) {
        String id = demo.getString("id");
        return campaigns.status(id).thenCompose(r -> {
            if (r instanceof CampaignReply.Rejected rej && CampaignReply.Codes.UNKNOWN_CAMPAIGN.equals(rej.code())) {
                var scene = Presets.get(demo.getString("preset"), demo.getInt("particles"));
                log.info("creating the public demo campaign '{}' ({} particles)", id, scene.particles());
                return campaigns.create(id, scene, true, new CampaignMeta(CampaignMeta.DEFAULT_TENANT, true, "system"))
                    .thenApply(c -> null);
            }
            return CompletableFuture.completedFuture(null);
        });
    }

    public int port() {
        return binding.localAddress().getPort();
    }

    public boolean tls() {
        return tls;
    }

    public CampaignNode node() {
        return node;
    }

    public ApiRoutes api() {
        return api;
    }

    public TokenService tokens() {
        return tokens;
    }

    public CampaignFeeds feeds() {
        return feeds;
    }

    /** Graceful shutdown: coordinated shutdown, campaigns snapshot as they leave. */
    @Override
    public void close() {
        ReadyCheck.READY.set(false);
        node.close();
    }
}
