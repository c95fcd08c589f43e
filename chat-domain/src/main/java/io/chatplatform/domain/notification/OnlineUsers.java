package io.chatplatform.domain.notification;

/**
 * Whether a user has an open chat session right now. The socket layer knows; the domain only asks, to decide
 * whether a direct message needs a notification besides the live frame.
 */
public interface OnlineUsers {

    boolean isOnline(String userId);
}
