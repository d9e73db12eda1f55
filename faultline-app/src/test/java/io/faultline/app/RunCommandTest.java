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

/** {@code faultline run}: the retry scenario for real, with the server crashed and restarted. */
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
    })
    void badInputExits64NamingTheValueAndWhatIsValid(String args, String bad, String valid) {
        Run r = CommandLineTest.run(args.split(" "));
        assertThat(r.code()).as(r.err()).isEqualTo(64);
        assertThat(r.err()).contains(bad).contains(valid);
    }
}
