package io.swarmcast.campaign;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.swarmcast.campaign.node.CampaignNode;
import io.swarmcast.core.input.Input;
import io.swarmcast.core.scene.Presets;
import io.swarmcast.core.scene.Scene;
import io.swarmcast.core.scene.Vec3;
import io.swarmcast.persistence.DatabaseSettings;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Shared set-up for campaign tests: nodes on free ports, small scenes and a deterministic input script. */
final class TestNodes {
    private TestNodes() {
    }

    static Config overrides(int port, String seeds) {
        return ConfigFactory.parseString(String.join("\n",
            "swarmcast.engine.backend = java",
            "swarmcast.campaign.snapshot-every = 2s",
            "swarmcast.cluster.port = " + port,
            "swarmcast.cluster.seed-nodes = [" + seeds + "]",
            "pekko.loglevel = WARNING",
            "pekko.cluster.jmx.enabled = off",
            "pekko.coordinated-shutdown.exit-jvm = off"));
    }

    static CampaignNode node(DatabaseSettings db) {
        return CampaignNode.start(overrides(0, ""), db);
    }

    static Scene scene(int particles) {
        return Presets.get("demo", particles);
    }

    /** The k-th input of the test script: moves and retunes fields, adds and removes one. */
    static Input input(int k) {
        return switch (k % 4) {
            case 0 -> new Input.MoveField("left", new Vec3(-45 + k % 30, (k * 7) % 40 - 20, 0));
            case 1 -> new Input.MoveField("right", new Vec3(45 - k % 25, 0, (k * 3) % 30 - 15));
            case 2 -> new Input.MoveEmitter("geyser", new Vec3((k % 20) - 10, -85, 0), null);
            default -> new Input.MoveField("swirl", new Vec3(0, (k % 10) - 5, 0));
        };
    }

    static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no reply: " + e, e);
        }
    }
}
