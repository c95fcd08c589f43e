package io.chatplatform.domain.change;

import io.chatplatform.testing.ExternalPostgres;
import io.chatplatform.testing.RequiresPostgres;
import javax.sql.DataSource;

/** The same migration as {@link ChangeLogSeqMigrationTest}, on a real PostgreSQL: the production database. */
@RequiresPostgres
class ChangeLogSeqMigrationPostgresTest extends ChangeLogSeqMigrationTest {

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
