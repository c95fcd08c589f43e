package io.chatplatform.domain.contact;

/**
 * {@code blockerId} has just blocked {@code blockedId}. Published inside the blocking transaction, so that what
 * listeners change (the pair's DIRECT room closing) commits with the block.
 */
public record UserBlocked(String blockerId, String blockedId) {
}
