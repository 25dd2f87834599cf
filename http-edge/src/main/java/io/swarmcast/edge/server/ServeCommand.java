package io.swarmcast.edge.server;

import com.typesafe.config.ConfigFactory;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code swarmcast serve}: runs a server until it is stopped (Ctrl-C or SIGTERM stop it gracefully). */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Runs a Swarmcast server. With nothing configured: one node, H2 under ./data, HTTP on :8080,",
        "Prometheus metrics on :9095, health checks on :8558 (/alive, /ready), and a public 'demo' campaign.",
        "Configure with ./application.conf or the environment (README: Configuration)."})
public final class ServeCommand implements Callable<Integer> {
    @CommandLine.Option(names = "--port", description = "HTTP port (default 8080, or SWARMCAST_HTTP_PORT)")
    Integer port;

    @Override
    public Integer call() throws Exception {
        var overrides = port == null ? ConfigFactory.empty()
            : ConfigFactory.parseMap(java.util.Map.of("swarmcast.http.port", port));
        SwarmcastServer server;
        try {
            server = SwarmcastServer.start(overrides);
        } catch (RuntimeException e) {
            System.err.println("swarmcast: " + e.getMessage());
            Throwable c = e.getCause();
            while (c != null) {
                System.err.println("  caused by: " + c);
                c = c.getCause();
            }
            return 1;
        }
        // SIGTERM and SIGINT shut down gracefully *before* the JVM's shutdown hooks run: H2 closes its
        // database from its own hook, which would race the campaigns' final snapshots
        SwarmcastServer running = server;
        for (String name : new String[] {"TERM", "INT"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> new Thread(() -> {
                System.err.println("swarmcast: SIG" + name + ", shutting down gracefully");
                running.close();
                System.exit(0);
            }, "swarmcast-shutdown").start());
        }
        String scheme = server.tls() ? "https" : "http";
        System.out.println("Swarmcast is running: open " + scheme + "://localhost:" + server.port() + "/");
        server.node().system().getWhenTerminated().toCompletableFuture().join();
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ServeCommand()).execute(args));
    }
}
