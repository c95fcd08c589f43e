package io.chatplatform.ws.chat;

import io.chatplatform.domain.common.Unavailable;
import io.chatplatform.domain.message.ChangeFeed;
import io.chatplatform.domain.message.ChangePage;
import io.chatplatform.domain.message.MessagePage;
import io.chatplatform.domain.message.MessageService;
import io.chatplatform.domain.message.MessageView;
import io.chatplatform.domain.message.ReactionService;
import io.chatplatform.domain.posting.Post;
import io.chatplatform.domain.posting.Posting;
import io.chatplatform.domain.room.ReadMarkerService;
import io.chatplatform.domain.room.RoomAccess;
import io.chatplatform.ws.delivery.RoomDelivery;
import io.chatplatform.ws.protocol.FrameRef;
import io.chatplatform.ws.session.ClientSession;
import io.chatplatform.ws.session.Endpoint;
import io.chatplatform.ws.session.FrameRouter;
import io.chatplatform.ws.session.FrameRoutes;
import io.chatplatform.ws.session.Replies;
import io.chatplatform.ws.session.WsMetrics;
import org.springframework.stereotype.Component;

/**
 * {@code /ws/chat}: each frame becomes one call of a domain service; what the service decides reaches the room
 * through domain events (see {@link RoomBroadcaster}), and only the answer to the sender is sent from here.
 */
@Component
class ChatRoutes implements FrameRoutes {

    private final Replies replies;
    private final MessageService messages;
    private final Posting posting;
    private final RoomAccess rooms;
    private final ReadMarkerService readMarkers;
    private final RoomBroadcaster roomBroadcaster;
    private final TypingThrottle typingThrottle;
    private final WsMetrics metrics;
    private final RoomDelivery delivery;
    private final HistoryPages historyPages;
    private final PresenceAnnouncer presence;
    private final ChangeFeed changeFeed;
    private final ReactionService reactions;

    ChatRoutes(Replies replies, MessageService messages, Posting posting, RoomAccess rooms,
            ReadMarkerService readMarkers, RoomBroadcaster roomBroadcaster, TypingThrottle typingThrottle,
            WsMetrics metrics, RoomDelivery delivery, HistoryPages historyPages, PresenceAnnouncer presence,
            ChangeFeed changeFeed, ReactionService reactions) {
        this.changeFeed = changeFeed;
        this.reactions = reactions;
        this.replies = replies;
        this.messages = messages;
        this.posting = posting;
        this.rooms = rooms;
        this.readMarkers = readMarkers;
        this.roomBroadcaster = roomBroadcaster;
        this.typingThrottle = typingThrottle;
        this.metrics = metrics;
        this.delivery = delivery;
        this.historyPages = historyPages;
        this.presence = presence;
    }

    @Override
    public void register(FrameRouter router) {
        router.on(Endpoint.CHAT, ChatCommands.Send.TYPE, this::send);
        router.on(Endpoint.CHAT, ChatCommands.Sync.TYPE, this::sync);
        router.on(Endpoint.CHAT, ChatCommands.Read.TYPE, (session, read) ->
                readMarkers.markRead(session.actor(), read.roomId(), read.seq()));
        router.on(Endpoint.CHAT, ChatCommands.Typing.TYPE, this::typing);
        router.on(Endpoint.CHAT, ChatCommands.Edit.TYPE, (session, edit) ->
                messages.edit(session.actor(), edit.roomId(), edit.messageId(), edit.body()));
        router.on(Endpoint.CHAT, ChatCommands.Delete.TYPE, (session, delete) ->
                messages.delete(session.actor(), delete.roomId(), delete.messageId()));
        // Like EDIT, no answer of their own: the REACTION every member's sessions receive is the confirmation, and
        // a reaction that changes nothing (repeated, or taken back when absent) is answered by nothing at all.
        router.on(Endpoint.CHAT, ChatCommands.React.TYPE, (session, react) ->
                reactions.react(session.actor(), react.roomId(), react.messageId(), react.emoji()));
        router.on(Endpoint.CHAT, ChatCommands.Unreact.TYPE, (session, unreact) ->
                reactions.unreact(session.actor(), unreact.roomId(), unreact.messageId(), unreact.emoji()));
        router.onAuthenticated(Endpoint.CHAT, (session, firstOfUser) -> {
            if (firstOfUser) {
                presence.changed(session.userId()); // READY is on its way; the contacts are read in the background
            }
        });
        router.onClosed(Endpoint.CHAT, (session, lastOfUser) -> {
            if (lastOfUser) {
                presence.changed(session.userId());
            }
        });
    }

    /**
     * Hands the message to the writer and returns at once, so the socket can take its next frame while the batch
     * commits; the ACK (or ERROR) follows the commit, within the store timeout: with the database away, an
     * {@code ERROR UNAVAILABLE} with {@code retryAfterMs} (resend with the same clientMsgId).
     */
    private void send(ClientSession session, ChatCommands.Send frame) {
        long roomId = frame.roomId();
        String clientMsgId = frame.clientMsgId();
        Post post = new Post(roomId, clientMsgId, frame.body(), frame.threadId(), frame.attributes());
        long started = System.nanoTime();
        posting.postAsync(session.actor(), post).whenComplete((result, failure) -> {
            metrics.recordStore(System.nanoTime() - started);
            delivery.execute(roomId, () -> { // the writer goes on to its next batch meanwhile
                if (failure == null) {
                    MessageView stored = result.message();
                    replies.send(session, new ChatFrames.Ack(stored.roomId(), stored.clientMsgId(), stored.messageId(),
                            stored.seq()));
                } else {
                    if (Unavailable.isOutage(failure)) {
                        metrics.sendUnavailable();
                    }
                    replies.answerFailure(session, failure, new FrameRef(clientMsgId, roomId));
                }
            });
        });
    }

    /**
     * With {@code afterRev}, answers with one CHANGES frame; otherwise, with {@code afterSeq}, with one HISTORY frame.
     * Both are cut to a size the session's send queue takes (see {@link HistoryPages}).
     */
    private void sync(ClientSession session, ChatCommands.Sync frame) {
        long roomId = frame.roomId();
        if (frame.afterRev() != null) {
            ChangePage page = changeFeed.since(session.actor(), roomId, frame.afterRev(), frame.limit());
            HistoryPages.Changes changes = historyPages.fit(page);
            replies.send(session, new ChatFrames.Changes(roomId, changes.json(), changes.hasMore(), changes.rev()));
            return;
        }
        MessagePage page = messages.history(session.actor(), roomId, frame.afterSeq(), null, frame.limit());
        HistoryPages.Page history = historyPages.fit(page, true);
        replies.send(session, new ChatFrames.History(roomId, history.json(), history.hasMore()));
    }

    private void typing(ClientSession session, ChatCommands.Typing frame) {
        long roomId = frame.roomId();
        // Members, and platform ADMINs (who may post anywhere) in a room that exists; to an outsider, as if there were
        // no such room.
        rooms.requireReadable(session.actor(), roomId);
        if (typingThrottle.tryAcquire(session.userId(), roomId)) {
            roomBroadcaster.typing(roomId, session.userId());
        }
    }
}
