package io.swarmcast.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code swarmcast bench ...}: the benchmarks that back the figures in docs/benchmarks.md. */
@Command(name = "swarmcast bench", mixinStandardHelpOptions = true,
    description = "Benchmarks. Figures and how they were taken: docs/benchmarks.md.",
    subcommands = {SimBench.class, BuildsBench.class, JmhCommand.class, CampaignBench.class, FrameCodecBench.class})
public final class BenchCli {
    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCli()).execute(args));
    }
}
