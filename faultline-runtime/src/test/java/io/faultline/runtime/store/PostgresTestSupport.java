package io.faultline.runtime.store;

/** PostgreSQL helpers for tests outside this package. */
public final class PostgresTestSupport {

    public static final String URL = PostgresAvailability.URL;
    public static final String USER = PostgresAvailability.USER;

    private PostgresTestSupport() {
    }

    /** Skips the test (or fails it under CI=true) when PostgreSQL is not reachable. */
    public static void require() {
        PostgresAvailability.require();
    }

    /** Deletes every row of {@code namespace}. */
    public static void drop(String namespace) {
        try (PostgresStore s = PostgresStore.open(URL, USER, namespace)) {
            s.drop();
        }
    }
}
