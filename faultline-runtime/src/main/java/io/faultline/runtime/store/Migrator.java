package io.faultline.runtime.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * Applies an ordered list of {@link Migration}s to a database once each, in one transaction, and
 * records each applied version in a schema-version table. A database whose recorded version is
 * newer than the code knows is refused rather than guessed at.
 */
final class Migrator {

    private final String versionTable;
    private final List<Migration> migrations;
    private final Optional<String> lockStatement;

    /**
     * @param versionTable the name of the table that records applied versions
     * @param migrations the steps, versions 1..n in order
     * @param lockStatement a statement run first in the transaction to keep concurrent migrators
     *     apart (PostgreSQL's advisory lock); SQLite's write lock needs none
     */
    Migrator(String versionTable, List<Migration> migrations, Optional<String> lockStatement) {
        this.versionTable = versionTable;
        this.migrations = List.copyOf(migrations);
        this.lockStatement = lockStatement;
        for (int i = 0; i < this.migrations.size(); i++) {
            if (this.migrations.get(i).version() != i + 1) {
                throw new IllegalArgumentException("migration at position " + i + " has version "
                    + this.migrations.get(i).version() + "; versions must be 1.."
                    + migrations.size()
                    + " in order");
            }
        }
    }

    /** The newest version this code knows. */
    int latestVersion() {
        return migrations.size();
    }

    /**
     * Brings the database up to {@link #latestVersion()}.
     *
     * @return how many migrations were applied now (0 when it was up to date)
     */
    int migrate(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            try (Statement st = connection.createStatement()) {
                if (lockStatement.isPresent()) {
                    st.execute(lockStatement.get());
                }
                st.execute("CREATE TABLE IF NOT EXISTS " + versionTable
                    + " (version INTEGER PRIMARY KEY, description TEXT NOT NULL)");
            }
            int current = currentVersion(connection);
            if (current > latestVersion()) {
                throw new StoreException("the database's schema is at version " + current
                    + " but this faultline knows versions up to " + latestVersion()
                    + "; use a newer faultline or a fresh database");
            }
            int applied = 0;
            for (Migration m : migrations.subList(current, migrations.size())) {
                apply(connection, m);
                applied++;
            }
            connection.commit();
            return applied;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private int currentVersion(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT MAX(version) FROM " + versionTable)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private void apply(Connection connection, Migration m) throws SQLException {
        try (Statement st = connection.createStatement()) {
            for (String sql : m.statements()) {
                st.execute(sql);
            }
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO " + versionTable + " (version, description) VALUES (?, ?)")) {
            ps.setInt(1, m.version());
            ps.setString(2, m.description());
            ps.executeUpdate();
        }
    }
}
