package io.chatplatform.domain.message;

/** The author changed a message's body. Published after commit. */
public record MessageEdited(MessageView message) {
}
