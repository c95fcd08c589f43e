package io.chatplatform.domain.message;

import io.chatplatform.testing.ExternalPostgres;
import io.chatplatform.testing.RequiresPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same tests as {@link ReactionServiceTest}, on a real PostgreSQL: the production database. */
@RequiresPostgres
class ReactionServicePostgresTest extends ReactionServiceTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        ExternalPostgres.register(registry);
    }
}
