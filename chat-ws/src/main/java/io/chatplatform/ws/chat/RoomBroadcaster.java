package io.chatplatform.ws.chat;

import io.chatplatform.domain.contact.BlockService;
import io.chatplatform.domain.change.ChangeKind;
import io.chatplatform.domain.change.RoomChange;
import io.chatplatform.domain.change.RoomChangeLog;
import io.chatplatform.domain.change.RoomChanged;
import io.chatplatform.domain.message.MessageView;
import io.chatplatform.domain.posting.MessagePosted;
import io.chatplatform.domain.room.MembershipService;
import io.chatplatform.domain.room.PresenceAudience;
import io.chatplatform.domain.room.RoomEvents;
import io.chatplatform.ws.delivery.Broadcaster;
import io.chatplatform.ws.delivery.ClusterBus;
import io.chatplatform.ws.delivery.Envelope;
import io.chatplatform.ws.delivery.Presence;
import io.chatplatform.ws.delivery.RoomDelivery;
import io.chatplatform.ws.delivery.RoomInterest;
import io.chatplatform.ws.delivery.RoomMembers;
import io.chatplatform.ws.delivery.RoomSequencer;
import io.chatplatform.ws.protocol.FrameCodec;
import io.chatplatform.ws.protocol.ServerFrame;
import io.chatplatform.ws.session.Endpoint;
import io.chatplatform.ws.session.WsMetrics;
import io.chatplatform.ws.session.WsProperties;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pushes room events to the {@code /ws/chat} sessions of the room's members once the change is committed: each
 * frame is encoded once, handed to this node's sessions and published once for the other nodes, which resolve
 * the members themselves. Messages go out in seq order, to the members as of the version they were posted under.
 */
@Component
public class RoomBroadcaster {

    /** The most users whose presence audiences one statement looks up. */
    static final int AUDIENCE_LOOKUP_SIZE = 256;

    private final RoomMembers members;
    private final RoomSequencer sequencer;
    private final Broadcaster broadcaster;
    private final FrameCodec codec;
    private final ClusterBus bus;
    private final Presence presence;
    private final MembershipService rooms;
    private final PresenceAudience audience;
    private final WsMetrics metrics;
    private final int presenceMaxRoomSize;
    private final RoomDelivery delivery;
    private final BlockService blocks;
    private final RoomInterest interest;
    private final JsonMapper json;
    private final RoomChangeLog changeLog;

    RoomBroadcaster(RoomMembers members, RoomSequencer sequencer, Broadcaster broadcaster, FrameCodec codec,
            ClusterBus bus, Presence presence, MembershipService rooms, PresenceAudience audience, WsMetrics metrics,
            WsProperties properties, RoomDelivery delivery, BlockService blocks, RoomInterest interest, JsonMapper json,
            RoomChangeLog changeLog) {
        this.changeLog = changeLog;
        this.interest = interest;
        this.json = json;
        this.members = members;
        this.sequencer = sequencer;
        this.broadcaster = broadcaster;
        this.codec = codec;
        this.bus = bus;
        this.presence = presence;
        this.rooms = rooms;
        this.audience = audience;
        this.metrics = metrics;
        this.presenceMaxRoomSize = properties.presenceMaxRoomSize();
        this.delivery = delivery;
        this.blocks = blocks;
        bus.onReceive(Envelope.Target.ROOM, this::deliverFromAnotherNode);
        bus.onResumed(() -> { // what other nodes changed and posted during the break
            members.forgetAll();
            sequencer.catchUp(this::deliverFilled);
        });
        bus.onReceive(Envelope.Target.JOINED, this::joinedLocally);
        bus.onReceive(Envelope.Target.LEFT, this::leftLocally);
        presence.onNodeLost(users -> announce(users, false));
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
            if (interest.listensTo(message.roomId())) { // else no member has a chat session here
                sequencer.submit(message.roomId(), message.seq(),
                        () -> deliverMessage(message.roomId(), version, text), this::deliverFilled);
            }
            bus.publish(Envelope.toRoom(message.roomId(), message.seq(), version, text));
        });
    }

    private void deliverFromAnotherNode(Envelope envelope) {
        if (envelope.seq() <= 0) {
            deliverLocally(envelope.roomId(), envelope.membershipVersion(), envelope.frame(), envelope.userIds());
            return;
        }
        sequencer.submit(envelope.roomId(), envelope.seq(),
                () -> deliverMessage(envelope.roomId(), envelope.membershipVersion(), envelope.frame()),
                this::deliverFilled);
    }

    /**
     * Messages of one room that never arrived as events here, read back from the database to close a gap. Their
     * membership version is not known, and whatever kept their events away may have kept a membership change away
     * too, so they go to the members as read now: a member removed before them does not get them, one added does.
     */
    private void deliverFilled(List<MessageView> filled) {
        List<String> recipients = members.current(filled.get(0).roomId());
        for (MessageView message : filled) {
            broadcaster.deliverToUsers(Endpoint.CHAT, recipients, codec.encode(MessageFrame.of(message)));
        }
    }

    private void deliverMessage(Long roomId, long membershipVersion, String text) {
        long started = System.nanoTime();
        deliverLocally(roomId, membershipVersion, text);
        metrics.recordFanOut(System.nanoTime() - started);
    }

    private void deliverLocally(Long roomId, long membershipVersion, String text) {
        broadcaster.deliverToUsers(Endpoint.CHAT, members.of(roomId, membershipVersion), text);
    }

    private void deliverLocally(Long roomId, long membershipVersion, String text, List<String> except) {
        if (except == null || except.isEmpty()) {
            deliverLocally(roomId, membershipVersion, text);
            return;
        }
        List<String> recipients = new ArrayList<>(members.of(roomId, membershipVersion));
        recipients.removeAll(except);
        broadcaster.deliverToUsers(Endpoint.CHAT, recipients, text);
    }

    /**
     * Tells a user, on every node, that they joined a room, and makes the nodes with their chat sessions listen to
     * it. The other members hear of it through the room ({@link Envelope#toRoomExcept}): a node that starts listening
     * to the room only now may have missed that, so the joiner is told this way, once, wherever they are.
     */
    private void joined(Long roomId, String userId, String text, long lastSeq) {
        Envelope joined = Envelope.joined(roomId, userId, lastSeq, text);
        joinedLocally(joined);
        bus.publish(joined);
    }

    private void joinedLocally(Envelope envelope) {
        for (String userId : envelope.userIds()) {
            interest.joined(envelope.roomId(), userId, envelope.seq(), this::deliverFilled);
        }
        broadcaster.deliverToUsers(Endpoint.CHAT, envelope.userIds(), envelope.frame());
    }

    /** Tells a former member, on every node, that they left (or the room is gone); their nodes stop listening. */
    private void left(Long roomId, String userId, String text) {
        Envelope left = Envelope.left(roomId, userId, text);
        leftLocally(left);
        bus.publish(left);
    }

    private void leftLocally(Envelope envelope) {
        broadcaster.deliverToUsers(Endpoint.CHAT, envelope.userIds(), envelope.frame());
        for (String userId : envelope.userIds()) {
            interest.left(envelope.roomId(), userId);
        }
    }

    /** The member a MEMBER_JOINED change is about (its {@code userId} field). */
    private String joiner(RoomChange change) {
        return json.readTree(change.fields()).path("userId").asString();
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

    /**
     * Users whose first chat session on this node opened: tells the contacts of those who just came online, with one
     * look-up of who those contacts are for all of them.
     */
    void sessionsOpened(Collection<String> userIds) {
        announce(userIds.stream().filter(presence::cameOnline).toList(), true);
    }

    /** Users whose last chat session on this node closed: tells the contacts of those who just went offline. */
    void sessionsClosed(Collection<String> userIds) {
        announce(userIds.stream().filter(presence::wentOffline).toList(), false);
    }

    /** Looks the audiences up a bounded number of users at a time (a lost node may have had thousands). */
    private void announce(List<String> userIds, boolean online) {
        for (int from = 0; from < userIds.size(); from += AUDIENCE_LOOKUP_SIZE) {
            List<String> some = userIds.subList(from, Math.min(userIds.size(), from + AUDIENCE_LOOKUP_SIZE));
            audience.of(some, presenceMaxRoomSize).forEach((userId, audience) ->
                    broadcaster.toUsers(Endpoint.CHAT, audience, new ChatFrames.Presence(userId, online)));
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
            if (change.kind() == ChangeKind.MEMBER_JOINED) {
                String joiner = joiner(change);
                deliverLocally(change.roomId(), version, text, List.of(joiner));
                bus.publish(Envelope.toRoomExcept(change.roomId(), version, List.of(joiner), text));
                // The room's last seq as the join committed, not as it is now: the messages posted since are the
                // joiner's, and a node that starts listening to the room only now reads them back from there.
                joined(change.roomId(), joiner, text,
                        bus.routesByInterest() ? changeLog.lastSeqAt(change.roomId(), change.rev()) : 0);
                return;
            }
            deliverLocally(change.roomId(), version, text);
            bus.publish(Envelope.toRoom(change.roomId(), 0, version, text));
            if (event.alsoTo() != null) { // the member who just left: not a member now
                if (change.kind() == ChangeKind.MEMBER_LEFT) {
                    left(change.roomId(), event.alsoTo(), text);
                } else {
                    broadcaster.toUsers(Endpoint.CHAT, List.of(event.alsoTo()), text);
                }
            }
        });
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(RoomEvents.RoomCreated event) {
        String text = codec.encode(
                new ChatFrames.RoomCreated(event.roomId(), event.name(), event.type(), event.createdBy()));
        delivery.execute(event.roomId(), () -> {
            for (String memberId : event.memberIds()) {
                joined(event.roomId(), memberId, text, 0); // a new room: every message of it is the members'
            }
        });
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(RoomEvents.ReadMarkerMoved event) {
        broadcastToRoom(event.roomId(), new ChatFrames.Read(event.roomId(), event.userId(), event.seq()));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(RoomEvents.RoomDeleted event) {
        delivery.execute(event.roomId(), () -> { // after whatever of the room is still being delivered
            members.forget(event.roomId());
            String text = codec.encode(new ChatFrames.RoomDeleted(event.roomId()));
            for (String formerMemberId : event.formerMemberIds()) {
                left(event.roomId(), formerMemberId, text);
            }
        });
    }
}
