package io.swarmcast.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * Bad options of {@code swarmcast loadtest} are refused at once, with the option named, before any viewer
 * connects or any baseline starts (no server runs here: a refusal that came later would fail to connect).
 */
class LoadTestOptionsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--baseline nod                 | --baseline",
        "--baseline node,bar            | --baseline",
        "--skip-ours                    | --skip-ours",
        "--mode fast                    | --mode",
        "--tier 9                       | --tier",
        "--viewers 0                    | --viewers",
        "--find-max --steps 100,-5      | --steps",
        "--bare-hz 0 --baseline bare    | --bare-hz",
        "--bare-threads 0               | --bare-threads",
        "--client curl                  | --client",
        "--duration 0                   | --duration",
    })
    void refusedAtOnceWithTheOptionNamed(String args, String option) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new LoadTest()).setErr(new PrintWriter(err));
        int code = cli.execute((args.trim() + " --server http://127.0.0.1:1").split("\\s+"));
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains(option), err.toString());
    }
}
