package io.faultline.app;

import picocli.CommandLine.Option;

/**
 * The {@code --db} and {@code --db-user} options of commands that keep their data in SQLite by
 * default and in PostgreSQL on request. A picocli mixin: {@code @Mixin PostgresOptions db;}.
 */
public final class PostgresOptions {

    @Option(names = "--db", paramLabel = "URL",
        description = "jdbc:postgresql://HOST:PORT/DATABASE to keep the data in PostgreSQL "
            + "(default: SQLite files)")
    String url;

    @Option(names = "--db-user", paramLabel = "USER", defaultValue = "postgres",
        description = "the PostgreSQL user, trust authentication (default: ${DEFAULT-VALUE})")
    String user;

    /** The PostgreSQL JDBC URL, or null for SQLite; throws a usage error naming a bad one. */
    public String url() {
        if (url != null && !url.startsWith("jdbc:postgresql://")) {
            throw new UsageException("--db '" + url + "' is not a PostgreSQL JDBC URL; expected "
                + "jdbc:postgresql://HOST:PORT/DATABASE, or leave --db out for SQLite");
        }
        return url;
    }

    /** The PostgreSQL user. */
    public String user() {
        return user;
    }
}
