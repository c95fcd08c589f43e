package io.chatplatform.domain.message;

/**
 * A thread as {@link MessageService#thread} reads it: the root as it is now (with its summary; a tombstone once
 * deleted, whose thread stays readable) and a page of replies in ascending {@code seq}.
 */
public record ThreadPage(MessageView root, MessagePage replies) {
}
