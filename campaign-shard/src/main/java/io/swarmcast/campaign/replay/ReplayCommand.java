package io.swarmcast.campaign.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.typesafe.config.ConfigFactory;
import io.swarmcast.campaign.node.CampaignNode;
import io.swarmcast.core.sim.Fixed;
import io.swarmcast.core.sim.ParticleState;
import io.swarmcast.engine.BackendKind;
import io.swarmcast.persistence.DatabaseSettings;
import io.swarmcast.persistence.snapshot.ParticleCodec;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code swarmcast replay}: a campaign's world at a tick, rebuilt from the database. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {"Rebuilds campaign ID at tick N from its snapshots and journal (the live campaign is not touched)",
        "and prints the tick, the checksum and summary statistics.",
        "Database: SWARMCAST_DB_URL/USER/PASSWORD for PostgreSQL, else the embedded H2 under SWARMCAST_DATA (./data)."})
public final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--campaign", required = true, paramLabel = "ID", description = "campaign id")
    String campaign;

    @Option(names = "--tick", required = true, paramLabel = "N", description = "tick to rebuild")
    long tick;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Option(names = "--out", paramLabel = "FILE",
        description = "write the particle state: CSV if FILE ends in .csv (x,y,z,vx,vy,vz,age,attr in world units), "
            + "else the compressed binary snapshot codec (docs/replay.md)")
    Path out;

    @Option(names = "--backend", defaultValue = "java", description = "engine backend: java, java-scalar or opencl")
    String backend;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ReplayCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        BackendKind kind = BackendKind.parse(backend);
        DatabaseSettings db = DatabaseSettings.fromEnvironment();
        var config = CampaignNode.config(ConfigFactory.parseString(
            "pekko.actor.provider = local\npekko.loglevel = WARNING\npekko.stdout-loglevel = WARNING"), db);
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "swarmcast-replay", config);
        try {
            ReplayResult r = new Replayer(system, kind).replay(campaign, tick).toCompletableFuture()
                .get(10, TimeUnit.MINUTES);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("campaign", r.id());
            m.put("tick", r.tick());
            m.put("checksum", r.checksumHex());
            m.put("fromTick", r.fromTick());
            m.put("inputs", r.inputs());
            m.put("stats", r.stats());
            m.put("replayMillis", r.replayMillis());
            if (out != null) {
                write(r.particles(), out);
                m.put("out", out.toString());
            }
            if (json) {
                System.out.println(new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m));
            } else {
                m.forEach((k, v) -> System.out.println(k + ": " + (v instanceof double[] d ? java.util.Arrays.toString(d) : v)));
            }
            return 0;
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            System.err.println("replay: " + (c.getMessage() == null ? c.toString() : c.getMessage()));
            return 1;
        } finally {
            system.terminate();
        }
    }

    private static void write(ParticleState s, Path out) throws java.io.IOException {
        if (out.toString().endsWith(".csv")) {
            try (BufferedWriter w = Files.newBufferedWriter(out)) {
                w.write("x,y,z,vx,vy,vz,age,attr\n");
                for (int i = 0; i < s.count(); i++) {
                    w.write(Fixed.toWorld(s.px[i]) + "," + Fixed.toWorld(s.py[i]) + "," + Fixed.toWorld(s.pz[i]) + ","
                        + Fixed.toWorld(s.vx[i]) + "," + Fixed.toWorld(s.vy[i]) + "," + Fixed.toWorld(s.vz[i]) + ","
                        + (s.alive(i) ? Integer.toString(s.age[i]) : "dead") + "," + (s.attr[i] & 0xFF) + "\n");
                }
            }
        } else {
            Files.write(out, ParticleCodec.encode(s));
        }
    }
}
