package io.swarmcast.bench;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code swarmcast bench jmh [JMH options]}: runs the JMH microbenchmarks in io.swarmcast.bench.jmh. */
@Command(name = "jmh", description = "Run JMH microbenchmarks; arguments go to JMH (try -h).")
public final class JmhCommand implements Callable<Integer> {
    /** Everything after {@code jmh} goes to JMH untouched, its own options included. */
    @Unmatched
    List<String> args = new java.util.ArrayList<>();

    @Override
    public Integer call() throws Exception {
        org.openjdk.jmh.Main.main(args.toArray(String[]::new));
        return 0;
    }
}
