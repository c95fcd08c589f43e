package io.chatplatform.domain.change;

import io.chatplatform.testing.MigrationDatabase;
import io.chatplatform.testing.RequiresPostgres;

/** The same migration as {@link ChangeLogSeqMigrationTest}, on a real PostgreSQL: the production database. */
@RequiresPostgres
class ChangeLogSeqMigrationPostgresTest extends ChangeLogSeqMigrationTest {

    @Override
    MigrationDatabase freshDatabase() {
        return MigrationDatabase.postgres();
    }
}
