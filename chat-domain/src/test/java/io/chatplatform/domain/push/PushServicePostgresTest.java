package io.chatplatform.domain.push;

import io.chatplatform.testing.ExternalPostgres;
import io.chatplatform.testing.RequiresPostgres;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link PushServiceTest} on a real PostgreSQL: V10 and the queries must run on both databases. */
@RequiresPostgres
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
class PushServicePostgresTest extends PushServiceTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        ExternalPostgres.register(registry);
    }
}
