package io.faultline.runtime.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Decides whether PostgreSQL tests run: they run when the server answers; when it does not they
 * are skipped with a message saying how to start it, except under {@code CI=true}, where a missing
 * server fails the build.
 */
final class PostgresAvailability {

    static final String URL = System.getenv().getOrDefault("FAULTLINE_PG_URL",
        "jdbc:postgresql://127.0.0.1:5432/test");
    static final String USER = System.getenv().getOrDefault("FAULTLINE_PG_USER", "postgres");

    /** Why the server is not usable, once asked; empty when it is. */
    private static String unreachable;

    private PostgresAvailability() {
    }

    /**
     * Returns when the server answers; otherwise skips the test, or fails it in CI. Call it per
     * test, so that every skipped test is reported with the reason.
     */
    static synchronized void require() {
        if (unreachable == null) {
            unreachable = probe();
        }
        if (unreachable.isEmpty()) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(unreachable + " [CI=true: PostgreSQL tests must run]");
        }
        Assumptions.abort(unreachable + " [skipped outside CI]");
    }

    private static String probe() {
        Properties props = new Properties();
        props.setProperty("user", USER);
        props.setProperty("connectTimeout", "3");
        try (Connection c = DriverManager.getConnection(URL, props)) {
            return c.isValid(3) ? "" : "PostgreSQL at " + URL + " did not answer a check";
        } catch (SQLException e) {
            return "PostgreSQL is not reachable at " + URL + " as " + USER + " ("
                + e.getMessage() + "). Start it with: pg_ctlcluster --skip-systemctl-redirect"
                + " $(ls /etc/postgresql) main start";
        }
    }
}
