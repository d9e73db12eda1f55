package io.faultline.runtime.store;

import java.util.UUID;

/** The shared-database contract on the PostgreSQL server; each test in namespaces of its own. */
class PostgresSharedDatabaseTest extends SharedDatabaseContract {

    private final String prefix = "test-" + UUID.randomUUID() + "/";

    @Override
    protected SharedDatabase openDatabase() {
        PostgresAvailability.require();
        return SharedDatabase.postgres(PostgresAvailability.URL, PostgresAvailability.USER);
    }

    @Override
    protected String namespace(String node) {
        return prefix + node;
    }

    @Override
    protected void cleanUp(JdbcStore store) {
        ((PostgresStore) store).drop();
    }
}
