package io.chatplatform.domain.room;

import io.chatplatform.testing.ExternalPostgres;
import io.chatplatform.testing.RequiresPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same races as {@link ReadMarkerRaceTest}, on a real PostgreSQL: the production database. */
@RequiresPostgres
class ReadMarkerRacePostgresTest extends ReadMarkerRaceTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        ExternalPostgres.register(registry);
    }
}
