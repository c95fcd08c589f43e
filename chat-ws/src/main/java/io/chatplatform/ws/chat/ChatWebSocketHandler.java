package io.chatplatform.ws.chat;

import io.chatplatform.domain.message.MessagePage;
import io.chatplatform.domain.message.MessageService;
import io.chatplatform.domain.message.MessageView;
import io.chatplatform.domain.room.RoomService;
import io.chatplatform.ws.session.ClientSession;
import io.chatplatform.ws.session.Endpoint;
import io.chatplatform.ws.session.EndpointHandler;
import io.chatplatform.ws.session.EndpointSupport;
import io.chatplatform.ws.session.FrameException;
import io.chatplatform.ws.session.IncomingFrame;
import io.chatplatform.ws.session.WsMetrics;
import org.springframework.stereotype.Component;

/**
 * {@code /ws/chat}: each frame becomes one call of a domain service; what the service decides reaches the room
 * through domain events (see {@link RoomBroadcaster}), and only the answer to the sender is sent from here.
 */
@Component
class ChatWebSocketHandler extends EndpointHandler {

    private final MessageService messages;
    private final RoomService rooms;
    private final RoomBroadcaster roomBroadcaster;
    private final TypingThrottle typingThrottle;
    private final WsMetrics metrics;
    private final RoomDelivery delivery;
    private final HistoryPages historyPages;
    private final PresenceAnnouncer presence;

    ChatWebSocketHandler(EndpointSupport support, MessageService messages, RoomService rooms,
            RoomBroadcaster roomBroadcaster, TypingThrottle typingThrottle, WsMetrics metrics,
            RoomDelivery delivery, HistoryPages historyPages, PresenceAnnouncer presence) {
        super(Endpoint.CHAT, support);
        this.messages = messages;
        this.rooms = rooms;
        this.roomBroadcaster = roomBroadcaster;
        this.typingThrottle = typingThrottle;
        this.metrics = metrics;
        this.delivery = delivery;
        this.historyPages = historyPages;
        this.presence = presence;
    }

    @Override
    protected void onFrame(ClientSession session, IncomingFrame frame) {
        switch (frame.type()) {
            case "SEND" -> send(session, frame);
            case "SYNC" -> sync(session, frame);
            case "READ" -> read(session, frame);
            case "TYPING" -> typing(session, frame);
            case "EDIT" -> messages.edit(session.actor(), frame.requiredLong("roomId"), frame.requiredLong("messageId"),
                    frame.requiredString("body"));
            case "DELETE" -> messages.delete(session.actor(), frame.requiredLong("roomId"),
                    frame.requiredLong("messageId"));
            default -> throw FrameException.badRequest("unknown frame type " + frame.type(), frame.ref());
        }
    }

    /**
     * Hands the message to the writer and returns at once, so the socket can take its next frame while the batch
     * commits; the ACK (or ERROR) follows the commit.
     */
    private void send(ClientSession session, IncomingFrame frame) {
        long roomId = frame.requiredLong("roomId");
        String clientMsgId = frame.requiredString("clientMsgId");
        String body = frame.requiredString("body");
        long started = System.nanoTime();
        messages.postAsync(session.actor(), roomId, clientMsgId, body).whenComplete((result, failure) -> {
            metrics.recordStore(System.nanoTime() - started);
            delivery.execute(roomId, () -> { // the writer goes on to its next batch meanwhile
                if (failure == null) {
                    MessageView stored = result.message();
                    send(session, new ChatFrames.Ack(stored.roomId(), stored.clientMsgId(), stored.messageId(),
                            stored.seq()));
                } else {
                    answerFailure(session, failure, clientMsgId);
                }
            });
        });
    }

    /** Answers with one HISTORY frame, cut to a size the session's send queue takes (see {@link HistoryPages}). */
    private void sync(ClientSession session, IncomingFrame frame) {
        long roomId = frame.requiredLong("roomId");
        long afterSeq = frame.requiredLong("afterSeq");
        MessagePage page = messages.history(session.actor(), roomId, afterSeq, null, frame.optionalInt("limit"));
        HistoryPages.Page history = historyPages.fit(page, true);
        send(session, new ChatFrames.History(roomId, history.messages(), history.hasMore()));
    }

    private void read(ClientSession session, IncomingFrame frame) {
        rooms.markRead(session.actor(), frame.requiredLong("roomId"), frame.requiredLong("seq"));
    }

    private void typing(ClientSession session, IncomingFrame frame) {
        long roomId = frame.requiredLong("roomId");
        if (!session.actor().isPlatformAdmin() && !rooms.isMember(roomId, session.userId())) {
            throw RoomService.noSuchRoom(roomId); // to an outsider, as if there were no such room
        }
        if (typingThrottle.tryAcquire(session.userId(), roomId)) {
            roomBroadcaster.typing(roomId, session.userId());
        }
    }

    /** READY is on its way; telling the contacts reads the database, so it happens in the background. */
    @Override
    protected void onAuthenticated(ClientSession session, boolean firstOfUser) {
        if (firstOfUser) {
            presence.changed(session.userId());
        }
    }

    @Override
    protected void onClosed(ClientSession session, boolean lastOfUser) {
        if (lastOfUser) {
            presence.changed(session.userId());
        }
    }
}
