package io.faultline.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BankCommandTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bank serve --role boss|unknown role 'boss'|all, ledger, filling, response",
        "bank serve --design push|unknown design 'push'|broker, polling",
        "bank serve --role response|role response needs|--kafka host:port",
        "bank serve --partitions 0|partitions must be in [1, 1000]|was 0",
        "bank serve --db mysql://x|'mysql://x' is not a PostgreSQL JDBC URL|jdbc:postgresql://",
        "bank serve --design polling --role ledger|polling design has no roles|role all",
        "bank serve --seconds -1|--seconds must be in|got -1",
    })
    void badInputExits64NamingTheValueAndWhatIsValid(String args, String bad, String valid) {
        CommandLineTest.Run r = CommandLineTest.run(args.split(" "));
        assertThat(r.code()).as(r.err()).isEqualTo(64);
        assertThat(r.err()).contains(bad).contains(valid);
    }

    @Test
    void servesThePollingDesignAndStopsAfterTheGivenSeconds() {
        CommandLineTest.Run r = CommandLineTest.run("bank", "serve", "--design", "polling",
            "--http-port", "0", "--seconds", "1", "--data", dir.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("design polling", "polling server 1     http://127.0.0.1:",
            "polling server 2", "Stops after 1 s.");
        assertThat(Files.exists(dir.resolve("ledger.db"))).isTrue();
    }

    @Test
    void upStartsPaymentsAndTheBankAndStopsCleanly() {
        CommandLineTest.Run r = CommandLineTest.run("up", "--free-ports", "--seconds", "1",
            "--data", dir.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("payments http        http://127.0.0.1:",
            "bank kafka", "(embedded", "bank ledger http", "bank response replica 2",
            "Stops after 1 s.");
        assertThat(Files.exists(dir.resolve("bank/ledger.db"))).isTrue();
    }
}
