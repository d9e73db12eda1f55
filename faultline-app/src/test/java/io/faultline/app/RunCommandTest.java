package io.faultline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.app.CommandLineTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code faultline run}: the retry scenario for real, with the server crashed and restarted, and
 * the failover scenario for real, with the replicas paused as a garbage collection pauses them.
 */
class RunCommandTest {

    @Test
    void exactlyOnceHoldsForRealWhileTheServerCrashesAndRestarts(@TempDir Path dir) {
        Run r = CommandLineTest.run("run", "--scenario", "retry", "--protocol", "exactly-once",
            "--ops", "15", "--crash-every-ms", "150", "--down-ms", "20", "--seed", "5",
            "--dir", dir.toString());

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("verdict: OK", "no-double-apply", "every-op-resolved",
            "15 invoked, 15 completed (15 ok");
        Matcher crashes = Pattern.compile("crashes=(\\d+) restarts=(\\d+)").matcher(r.out());
        assertThat(crashes.find()).isTrue();
        assertThat(Long.parseLong(crashes.group(1))).as("the server was crashed").isPositive();
        assertThat(crashes.group(2)).isEqualTo(crashes.group(1));
        assertThat(Files.exists(dir.resolve("server.db"))).isTrue();
        assertThat(Files.exists(dir.resolve("client.db"))).isTrue();
    }

    @Test
    void exactlyOnceHoldsWhenTheServerProcessIsKilledWithSigkill(@TempDir Path dir) {
        // With seed 3 the first crash comes 688 ms in, long before the client can have finished
        // sixty operations (about 25 ms of think time each, plus commits); faults stop after 3 s.
        Run r = CommandLineTest.run("run", "--scenario", "retry", "--process", "--ops", "60",
            "--crash-every-ms", "600", "--down-ms", "50", "--faults-ms", "3000", "--seed", "3",
            "--dir", dir.toString());

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("(kill -9 of its process)", "verdict: OK",
            "60 invoked, 60 completed (60 ok", "server process starts");
        Matcher crashes = Pattern.compile("crashes=(\\d+)").matcher(r.out());
        assertThat(crashes.find()).isTrue();
        assertThat(Long.parseLong(crashes.group(1))).as("the server was killed").isPositive();
        assertThat(Files.exists(dir.resolve("server.log"))).isTrue();
    }

    @Test
    void fencedFailoverHoldsForRealWhileReplicasArePausedAndTheStorageRefusesTheDeposed(
            @TempDir Path dir) {
        Run r = CommandLineTest.run("run", "--scenario", "failover", "--protocol", "fenced",
            "--deposits", "20", "--pause-every-ms", "700", "--pause-ms", "400", "--seed", "2",
            "--dir", dir.toString());

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("verdict: OK", "no-lost-update", "one-active-per-epoch",
            "every-deposit-acknowledged", "20 invoked, 20 completed (20 ok", "primary paused");
        assertThat(count(r.out(), "pauses=(\\d+)")).as("pauses fired").isPositive();
        assertThat(count(r.out(), "writes refused as fenced \\(from a deposed replica\\) (\\d+)"))
            .as("fencing fired").isPositive();
    }

    /**
     * A real run is not replayable, and a split brain loses a deposit only when the client then
     * turns to the stale replica: in 8 measured runs of this configuration 6 lost one. This tries
     * up to five seeds (about 3 s each) and needs one of them to.
     */
    @Test
    void unfencedFailoverLosesAnAcknowledgedDepositToASplitBrainForReal(@TempDir Path dir) {
        StringBuilder tried = new StringBuilder();
        for (int seed = 1; seed <= 5; seed++) {
            Run r = CommandLineTest.run("run", "--scenario", "failover", "--protocol", "unfenced",
                "--deposits", "20", "--pause-every-ms", "700", "--pause-ms", "400", "--seed",
                Integer.toString(seed), "--dir", dir.resolve("seed-" + seed).toString());
            String verdict = r.out().lines().dropWhile(l -> !l.startsWith("verdict:"))
                .collect(java.util.stream.Collectors.joining("\n"));
            if (r.code() == 1 && verdict.startsWith("verdict: SAFETY (exit 1)")
                    && verdict.contains("safety property 'no-lost-update' violated")
                    && verdict.contains("split brain")) {
                assertThat(r.out()).contains("both replicas active: split brain");
                return;
            }
            tried.append("seed ").append(seed).append(": exit ").append(r.code()).append('\n')
                .append(r.out()).append(r.err());
        }
        throw new AssertionError("no split brain lost a deposit in 5 runs:\n" + tried);
    }

    /**
     * A run that held deletes the temporary directory it made; one that broke keeps it and says
     * where. At-least-once under frequent crashes is the run that breaks (4 of 6 seeds measured
     * with these settings), so this runs seeds until one held and one broke.
     */
    @Test
    void aRunDeletesItsTemporaryFilesWhenItHoldsAndKeepsThemWhenItBreaks() {
        boolean sawHeld = false;
        boolean sawBroken = false;
        for (int seed = 1; seed <= 15 && !(sawHeld && sawBroken); seed++) {
            Run r = CommandLineTest.run("run", "--scenario", "retry", "--protocol",
                "at-least-once", "--ops", "20", "--crash-every-ms", "100", "--down-ms", "20",
                "--seed", Integer.toString(seed));
            Matcher state = Pattern.compile("SQLite files under (\\S+)").matcher(r.out());
            assertThat(state.find()).as(r.out()).isTrue();
            Path files = Path.of(state.group(1));
            if (r.code() == 0) {
                sawHeld = true;
                assertThat(files).as("deleted after a run that held").doesNotExist();
                assertThat(r.out()).doesNotContain("kept for inspection");
            } else {
                sawBroken = true;
                assertThat(files).as("kept after a run that broke").isDirectory();
                assertThat(files.resolve("server.db")).exists();
                assertThat(r.out()).contains("kept for inspection: the nodes' SQLite files under "
                    + files);
                TempDirs.deleteQuietly(files);
            }
        }
        assertThat(sawHeld && sawBroken).as("15 seeds gave both outcomes").isTrue();
    }

    private static long count(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        assertThat(m.find()).as(regex + " in\n" + out).isTrue();
        return Long.parseLong(m.group(1));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "run --scenario nope|unknown scenario 'nope'|retry",
        "run --scenario retry --protocol twice|unknown protocol 'twice'|exactly-once",
        "run --scenario retry --ops 0|--ops must be in 1..10000|was 0",
        "run --scenario retry --crash-every-ms 5|--crash-every-ms must be in 10..3600000|was 5",
        "run --scenario retry --db mysql://x|'mysql://x' is not a PostgreSQL JDBC URL"
            + "|jdbc:postgresql://HOST:PORT/DATABASE",
        "run --protocol exactly-once|--scenario|retry",
        "run --scenario retry --db jdbc:postgresql://127.0.0.1:1/test|cannot open PostgreSQL at"
            + " jdbc:postgresql://127.0.0.1:1/test|is the server running?",
        "run --scenario retry --process --db jdbc:postgresql://h/d|--process keeps the server's"
            + " state in a SQLite file|drop --db or --process",
        "run --scenario nope|unknown scenario 'nope'|retry, failover",
        "run --scenario failover --protocol exactly-once|unknown protocol 'exactly-once'"
            + "|fenced, unfenced, unfenced-perfect",
        "run --scenario retry --protocol fenced|unknown protocol 'fenced'|exactly-once",
        "run --scenario failover --deposits 0|--deposits must be in 1..10000|was 0",
        "run --scenario failover --ops 5|--ops (the failover client counts --deposits)|--deposits",
        "run --scenario retry --deposits 5|--deposits is for --scenario failover|--ops",
        "run --scenario failover --db jdbc:postgresql://h/d|--db (the failover nodes keep their"
            + " state in memory)|--pause-ms",
        "run --scenario failover --pause-ms 0|--pause-ms must be in 1..600000|was 0",
        "run --scenario failover --pause-every-ms 5|--pause-every-ms must be in 10..3600000"
            + "|or 0: no pauses",
    })
    void badInputExits64NamingTheValueAndWhatIsValid(String args, String bad, String valid) {
        Run r = CommandLineTest.run(args.split(" "));
        assertThat(r.code()).as(r.err()).isEqualTo(64);
        assertThat(r.err()).contains(bad).contains(valid);
    }
}
