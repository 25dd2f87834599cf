package io.swarmcast.edge.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.swarmcast.campaign.CampaignMeta;
import io.swarmcast.edge.security.ApiKeys;
import io.swarmcast.edge.security.Role;
import io.swarmcast.edge.security.SigningKey;
import io.swarmcast.edge.security.TokenService;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code swarmcast token}: prints a signed token (or a new API key) for a role. */
@Command(name = "token", mixinStandardHelpOptions = true,
    description = {"Prints a signed token for ROLE, signed with the server's key (development: <data>/jwt.key; ",
        "production: swarmcast.security.jwt-secret). With --api-key, prints a new API key and the configuration ",
        "entry that enables it instead."})
public final class TokenCommand implements Callable<Integer> {
    @Option(names = "--role", required = true, description = "viewer, player, operator or admin")
    String role;
    @Option(names = "--campaign", description = "limit the token to this campaign")
    String campaign;
    @Option(names = "--tenant", defaultValue = CampaignMeta.DEFAULT_TENANT, description = "tenant (default: ${DEFAULT-VALUE})")
    String tenant;
    @Option(names = "--subject", defaultValue = "cli", description = "who the token is for (default: ${DEFAULT-VALUE})")
    String subject;
    @Option(names = "--ttl", defaultValue = "12h", description = "time to live, e.g. 30m, 12h, 7d (default: ${DEFAULT-VALUE})")
    String ttl;
    @Option(names = "--api-key", description = "make an API key instead of a token")
    boolean apiKey;

    @Override
    public Integer call() {
        Role r = Role.parse(role);
        if (r == null) {
            System.err.println("swarmcast token: unknown role '" + role + "' (viewer, player, operator, admin)");
            return 2;
        }
        if (apiKey) {
            String key = ApiKeys.generate();
            System.out.println(key);
            System.err.println("add to application.conf, swarmcast.security.api-keys:");
            System.err.println("  { name = \"" + subject + "\", role = " + r.wireName() + ", tenant = " + tenant
                + ", sha256 = \"" + ApiKeys.sha256(key) + "\" }");
            return 0;
        }
        Duration d;
        try {
            d = ConfigFactory.parseString("d = " + ttl).getDuration("d");
        } catch (RuntimeException e) {
            System.err.println("swarmcast token: --ttl must be a duration such as 30m, 12h or 7d");
            return 2;
        }
        try {
            Config sw = SwarmcastServer.config(ConfigFactory.empty()).getConfig("swarmcast");
            TokenService tokens = new TokenService(SigningKey.load(sw.getConfig("security"), SwarmcastServer.dataDir()),
                Clock.systemUTC());
            System.out.println(tokens.issue(subject, r, tenant, campaign, d));
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("swarmcast token: " + e.getMessage());
            return 2;
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new TokenCommand()).execute(args));
    }
}
