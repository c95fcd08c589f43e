package io.chatplatform.domain.room;

import io.chatplatform.testing.ExternalPostgres;
import io.chatplatform.testing.RequiresPostgres;
import javax.sql.DataSource;

/** The same migration as {@link DirectKeyMigrationTest}, on a real PostgreSQL: the production database. */
@RequiresPostgres
class DirectKeyMigrationPostgresTest extends DirectKeyMigrationTest {

    private ExternalPostgres.Schema schema;

    @Override
    DataSource freshDatabase() {
        schema = ExternalPostgres.newSchemaDataSource();
        return schema.dataSource();
    }

    @Override
    String[] schemas() {
        return new String[] {schema.name()};
    }
}
