package io.chatplatform.domain.posting;

import io.chatplatform.testing.ExternalPostgres;
import io.chatplatform.testing.RequiresPostgres;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same tests as {@link MessageSeqConcurrencyTest}, on a real PostgreSQL: the production database. */
@RequiresPostgres
@Import(MessageSeqConcurrencyTest.Recording.class) // nested test configuration is not inherited
class MessageSeqConcurrencyPostgresTest extends MessageSeqConcurrencyTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        ExternalPostgres.register(registry);
    }
}
