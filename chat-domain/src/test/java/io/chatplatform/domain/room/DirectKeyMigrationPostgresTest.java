package io.chatplatform.domain.room;

import io.chatplatform.testing.MigrationDatabase;
import io.chatplatform.testing.RequiresPostgres;

/** The same migration as {@link DirectKeyMigrationTest}, on a real PostgreSQL: the production database. */
@RequiresPostgres
class DirectKeyMigrationPostgresTest extends DirectKeyMigrationTest {

    @Override
    MigrationDatabase freshDatabase() {
        return MigrationDatabase.postgres();
    }
}
