package io.chatplatform.domain.posting;

import io.chatplatform.testing.ExternalPostgres;
import io.chatplatform.testing.RequiresPostgres;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same tests as {@link ThreadRepliesTest}, on a real PostgreSQL: the production database. */
@RequiresPostgres
@Import(ThreadRepliesTest.Recording.class) // nested test configuration is not inherited
class ThreadRepliesPostgresTest extends ThreadRepliesTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        ExternalPostgres.register(registry);
    }
}
