package io.chatplatform.domain.change;

import io.chatplatform.testing.ExternalPostgres;
import io.chatplatform.testing.RequiresPostgres;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The same migration as {@link ChangeLogSeqMigrationTest}, on a real PostgreSQL: the production database. */
@RequiresPostgres
class ChangeLogSeqMigrationPostgresTest extends ChangeLogSeqMigrationTest {

    private String schema;

    @Override
    DataSource freshDatabase() {
        String url = ExternalPostgres.newSchemaUrl();
        schema = url.substring(url.lastIndexOf("currentSchema=") + "currentSchema=".length());
        return new DriverManagerDataSource(url, ExternalPostgres.username(), ExternalPostgres.password());
    }

    @Override
    String[] schemas() {
        return new String[] {schema};
    }
}
