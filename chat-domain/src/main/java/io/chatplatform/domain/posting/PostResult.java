package io.chatplatform.domain.posting;

import io.chatplatform.domain.message.MessageView;

/**
 * The outcome of posting: the stored message, and whether it had been stored before under the same
 * {@code clientMsgId} (a retry), in which case nothing new was created and nobody is told again.
 */
public record PostResult(MessageView message, boolean duplicate) {
}
