package io.chatplatform.domain.message;

/** A message became a tombstone. Published after commit. */
public record MessageDeleted(MessageView message) {
}
