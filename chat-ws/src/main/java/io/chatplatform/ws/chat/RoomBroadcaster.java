package io.chatplatform.ws.chat;

import io.chatplatform.domain.contact.BlockService;
import io.chatplatform.domain.change.RoomChange;
import io.chatplatform.domain.change.RoomChanged;
import io.chatplatform.domain.message.MessageView;
import io.chatplatform.domain.posting.MessagePosted;
import io.chatplatform.domain.room.PresenceAudience;
import io.chatplatform.domain.room.RoomEvents;
import io.chatplatform.ws.delivery.Broadcaster;
import io.chatplatform.ws.delivery.ClusterBus;
import io.chatplatform.ws.delivery.Envelope;
import io.chatplatform.ws.delivery.Presence;
import io.chatplatform.ws.delivery.RoomDelivery;
import io.chatplatform.ws.delivery.RoomMembers;
import io.chatplatform.ws.delivery.RoomSequencer;
import io.chatplatform.ws.protocol.FrameCodec;
import io.chatplatform.ws.protocol.ServerFrame;
import io.chatplatform.ws.session.Endpoint;
import io.chatplatform.ws.session.WsMetrics;
import io.chatplatform.ws.session.WsProperties;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Pushes room events to the {@code /ws/chat} sessions of the room's members once the change is committed: each
 * frame is encoded once, handed to this node's sessions and published once for the other nodes, which resolve
 * the members themselves. Messages go out in seq order, to the members as of the version they were posted under.
 */
@Component
public class RoomBroadcaster {

    private final RoomMembers members;
    private final RoomSequencer sequencer;
    private final Broadcaster broadcaster;
    private final FrameCodec codec;
    private final ClusterBus bus;
    private final Presence presence;
    private final PresenceAudience audience;
    private final WsMetrics metrics;
    private final int presenceMaxRoomSize;
    private final RoomDelivery delivery;
    private final BlockService blocks;

    RoomBroadcaster(RoomMembers members, RoomSequencer sequencer, Broadcaster broadcaster, FrameCodec codec,
            ClusterBus bus, Presence presence, PresenceAudience audience, WsMetrics metrics, WsProperties properties,
            RoomDelivery delivery, BlockService blocks) {
        this.members = members;
        this.sequencer = sequencer;
        this.broadcaster = broadcaster;
        this.codec = codec;
        this.bus = bus;
        this.presence = presence;
        this.audience = audience;
        this.metrics = metrics;
        this.presenceMaxRoomSize = properties.presenceMaxRoomSize();
        this.delivery = delivery;
        this.blocks = blocks;
        bus.onReceive(Envelope.Target.ROOM, this::deliverFromAnotherNode);
        bus.onResumed(() -> sequencer.catchUp(this::deliverFilled)); // what other nodes posted during the break
    }

    /** Sends a frame to every open chat session of every current member of the room, cluster-wide. */
    public void broadcastToRoom(Long roomId, ServerFrame frame) {
        broadcastToRoom(roomId, Long.MIN_VALUE, frame);
    }

    /** Sends a frame to the room's members as of at least {@code membershipVersion}, on every node. */
    private void broadcastToRoom(Long roomId, long membershipVersion, ServerFrame frame) {
        delivery.execute(roomId, () -> {
            String text = codec.encode(frame);
            deliverLocally(roomId, membershipVersion, text);
            bus.publish(Envelope.toRoom(roomId, 0, membershipVersion, text));
        });
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(MessagePosted event) {
        MessageView message = event.message();
        long version = event.membershipVersion();
        delivery.execute(message.roomId(), () -> {
            String text = codec.encode(MessageFrame.of(message));
            sequencer.submit(message.roomId(), message.seq(), () -> deliverMessage(message.roomId(), version, text),
                    this::deliverFilled);
            bus.publish(Envelope.toRoom(message.roomId(), message.seq(), version, text));
        });
    }

    private void deliverFromAnotherNode(Envelope envelope) {
        if (envelope.seq() <= 0) {
            deliverLocally(envelope.roomId(), envelope.membershipVersion(), envelope.frame());
            return;
        }
        sequencer.submit(envelope.roomId(), envelope.seq(),
                () -> deliverMessage(envelope.roomId(), envelope.membershipVersion(), envelope.frame()),
                this::deliverFilled);
    }

    /** A message that never arrived as an event here, read back from the database to close a gap. */
    private void deliverFilled(MessageView message) {
        deliverLocally(message.roomId(), Long.MIN_VALUE, codec.encode(MessageFrame.of(message)));
    }

    private void deliverMessage(Long roomId, long membershipVersion, String text) {
        long started = System.nanoTime();
        deliverLocally(roomId, membershipVersion, text);
        metrics.recordFanOut(System.nanoTime() - started);
    }

    private void deliverLocally(Long roomId, long membershipVersion, String text) {
        broadcaster.deliverToUsers(Endpoint.CHAT, members.of(roomId, membershipVersion), text);
    }

    /**
     * Tells the other members that {@code userId} is typing; not stored. Those who blocked the typist are not
     * told: typing in their DIRECT room (closed to posts) must not reach them either.
     */
    void typing(Long roomId, String userId) {
        List<String> others = othersThan(userId, members.of(roomId));
        others.removeAll(blocks.blockersOf(userId));
        broadcaster.toUsers(Endpoint.CHAT, others, new ChatFrames.Typing(roomId, userId));
    }

    /** A user's first chat session on this node opened: tells their contacts if they just came online. */
    void sessionOpened(String userId) {
        if (presence.cameOnline(userId)) {
            broadcaster.toUsers(Endpoint.CHAT, audience.of(userId, presenceMaxRoomSize),
                    new ChatFrames.Presence(userId, true));
        }
    }

    /** A user's last chat session on this node closed: tells their contacts if they just went offline. */
    void sessionClosed(String userId) {
        if (presence.wentOffline(userId)) {
            broadcaster.toUsers(Endpoint.CHAT, audience.of(userId, presenceMaxRoomSize),
                    new ChatFrames.Presence(userId, false));
        }
    }

    private static List<String> othersThan(String userId, List<String> userIds) {
        List<String> others = new ArrayList<>(userIds);
        others.remove(userId);
        return others;
    }

    /**
     * Every logged change of a room (edit, deletion, reaction, thread summary, membership, rename) goes to its members
     * as the frame {@link ChangeFrames} builds from it, the same text that SYNC by rev replays.
     */
    @TransactionalEventListener(fallbackExecution = true)
    void on(RoomChanged event) {
        RoomChange change = event.change();
        long version = event.membershipVersion();
        delivery.execute(change.roomId(), () -> {
            String text = ChangeFrames.text(change);
            deliverLocally(change.roomId(), version, text);
            bus.publish(Envelope.toRoom(change.roomId(), 0, version, text));
            if (event.alsoTo() != null) {
                broadcaster.toUsers(Endpoint.CHAT, List.of(event.alsoTo()), text); // cluster-wide: not a member now
            }
        });
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(RoomEvents.RoomCreated event) {
        broadcaster.toUsers(Endpoint.CHAT, event.memberIds(),
                new ChatFrames.RoomCreated(event.roomId(), event.name(), event.type(), event.createdBy()));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(RoomEvents.ReadMarkerMoved event) {
        broadcastToRoom(event.roomId(), new ChatFrames.Read(event.roomId(), event.userId(), event.seq()));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(RoomEvents.RoomDeleted event) {
        delivery.execute(event.roomId(), () -> { // after whatever of the room is still being delivered
            members.forget(event.roomId());
            broadcaster.toUsers(Endpoint.CHAT, event.formerMemberIds(), new ChatFrames.RoomDeleted(event.roomId()));
        });
    }
}
