package io.chatplatform.domain.posting;

import io.chatplatform.domain.common.DatabaseProbe;
import org.springframework.context.annotation.Import;

/**
 * Posting's beans, for slice tests of other packages that post: a {@code @DataJpaTest} scans no components, and
 * these classes are not visible outside their package.
 */
@Import({PostingService.class, MessageWriter.class, RoomPosting.class, MessageInserts.class,
        ThreadReplies.class, DatabaseProbe.class})
public class PostingBeans {
}
