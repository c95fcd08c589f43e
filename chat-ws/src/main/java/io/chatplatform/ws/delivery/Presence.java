package io.chatplatform.ws.delivery;

import io.chatplatform.domain.notification.OnlineUsers;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * Who is online: a user with at least one open {@code /ws/chat} session on any node. One node answers from its
 * registry; a cluster asks Redis.
 */
public interface Presence extends OnlineUsers {

    @Override
    boolean isOnline(String userId);

    /** The users among {@code userIds} who are online, in the given order. */
    List<String> onlineAmong(Collection<String> userIds);

    /**
     * A user's first chat session on this node opened.
     *
     * @return whether the user just came online cluster-wide (and the user's contacts should be told)
     */
    boolean cameOnline(String userId);

    /**
     * A user's last chat session on this node closed.
     *
     * @return whether the user just went offline cluster-wide
     */
    boolean wentOffline(String userId);

    /**
     * Registers who is told of the users who went offline cluster-wide because their node died (stopped refreshing
     * its presence for longer than its TTL) rather than because they closed their sessions. Called on a background
     * thread, once per dead node, by one of the live nodes.
     */
    default void onNodeLost(Consumer<List<String>> wentOffline) {
    }
}
