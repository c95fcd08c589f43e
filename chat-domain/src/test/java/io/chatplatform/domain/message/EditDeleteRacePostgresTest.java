package io.chatplatform.domain.message;

import io.chatplatform.testing.ExternalPostgres;
import io.chatplatform.testing.RequiresPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same race as {@link EditDeleteRaceTest}, on a real PostgreSQL: the production database. */
@RequiresPostgres
class EditDeleteRacePostgresTest extends EditDeleteRaceTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        ExternalPostgres.register(registry);
    }
}
