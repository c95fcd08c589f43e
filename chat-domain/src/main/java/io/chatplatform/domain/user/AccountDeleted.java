package io.chatplatform.domain.user;

/**
 * A user's account was deleted. Published inside the deleting transaction, so that listeners (room membership)
 * remove what belongs to the user atomically; after commit the socket layer closes the user's sessions.
 */
public record AccountDeleted(String userId, String byUserId) {
}
