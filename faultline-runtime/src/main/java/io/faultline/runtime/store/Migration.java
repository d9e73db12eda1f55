package io.faultline.runtime.store;

import java.util.List;
import java.util.Objects;

/**
 * One step of a store's schema, applied at most once per database.
 *
 * @param version position in the ordered list, from 1, without gaps
 * @param description what the step does, recorded in the schema_version table
 * @param statements the SQL statements of the step, run in order in the migration's transaction
 */
public record Migration(int version, String description, List<String> statements) {

    public Migration {
        if (version < 1) {
            throw new IllegalArgumentException("migration version must be >= 1, was " + version);
        }
        Objects.requireNonNull(description, "description");
        statements = List.copyOf(statements);
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("migration " + version + " has no statements");
        }
    }
}
