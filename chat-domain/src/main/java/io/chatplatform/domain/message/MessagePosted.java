package io.chatplatform.domain.message;

/**
 * A message was stored. Published after its transaction commits and, within one node, in {@code seq} order per
 * room: listeners may push it to clients as they receive it.
 */
public record MessagePosted(MessageView message) {
}
