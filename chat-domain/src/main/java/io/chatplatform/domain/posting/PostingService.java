package io.chatplatform.domain.posting;

import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.common.Texts;
import io.chatplatform.domain.message.MessageProperties;
import io.chatplatform.domain.user.Actor;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Service;

/** Checks what a post carries, then hands it to the {@link MessageWriter}, which checks who may post where. */
@Service
class PostingService implements Posting {

    static final int MAX_CLIENT_MSG_ID_LENGTH = 128;

    private final MessageWriter writer;
    private final MessageProperties properties;

    PostingService(MessageWriter writer, MessageProperties properties) {
        this.writer = writer;
        this.properties = properties;
    }

    @Override
    public CompletableFuture<PostResult> postAsync(Actor sender, Post post) {
        validate(post.roomId(), post.clientMsgId(), post.body());
        String attributes = properties.normalizedAttributes(post.attributes());
        return writer.submit(sender, new Post(post.roomId(), post.clientMsgId(), post.body(), post.threadId(),
                attributes));
    }

    private void validate(Long roomId, String clientMsgId, String body) {
        if (roomId == null) {
            throw DomainException.badRequest("roomId is required");
        }
        if (clientMsgId == null || clientMsgId.isBlank()) {
            throw DomainException.badRequest("clientMsgId is required");
        }
        if (clientMsgId.length() > MAX_CLIENT_MSG_ID_LENGTH) {
            throw DomainException.badRequest("clientMsgId must be at most " + MAX_CLIENT_MSG_ID_LENGTH + " characters");
        }
        Texts.requireStorable("clientMsgId", clientMsgId);
        properties.requireValidBody(body);
    }
}
