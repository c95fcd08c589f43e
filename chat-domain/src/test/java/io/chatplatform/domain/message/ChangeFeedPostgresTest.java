package io.chatplatform.domain.message;

import io.chatplatform.testing.ExternalPostgres;
import io.chatplatform.testing.RequiresPostgres;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same tests as {@link ChangeFeedTest}, on a real PostgreSQL: the production database. */
@RequiresPostgres
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
class ChangeFeedPostgresTest extends ChangeFeedTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        ExternalPostgres.register(registry);
    }
}
