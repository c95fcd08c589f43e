package io.chatplatform.testing;

import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A fresh database for a test of a migration step by step (up to a version, then rows the way the code before the
 * migration stored them, then to the end): in-memory H2, or a new schema of the test PostgreSQL server.
 */
public final class MigrationDatabase {

    private final DataSource dataSource;
    private final String[] schemas;

    private MigrationDatabase(DataSource dataSource, String... schemas) {
        this.dataSource = dataSource;
        this.schemas = schemas;
    }

    /** A new in-memory H2 database, kept until the JVM exits. */
    public static MigrationDatabase h2() {
        return new MigrationDatabase(new DriverManagerDataSource(
                "jdbc:h2:mem:migration-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", ""));
    }

    /** A new schema of the test PostgreSQL server ({@link ExternalPostgres}), Flyway's to migrate. */
    public static MigrationDatabase postgres() {
        ExternalPostgres.Schema schema = ExternalPostgres.newSchemaDataSource();
        return new MigrationDatabase(schema.dataSource(), schema.name());
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Applies the migrations up to and including {@code version}. */
    public void migrateTo(String version) {
        flyway().target(version).load().migrate();
    }

    /** Applies every migration not applied yet. */
    public void migrate() {
        flyway().load().migrate();
    }

    private FluentConfiguration flyway() {
        return Flyway.configure().dataSource(dataSource).schemas(schemas);
    }
}
