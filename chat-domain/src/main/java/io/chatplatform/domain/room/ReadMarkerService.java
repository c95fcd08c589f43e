package io.chatplatform.domain.room;

import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.room.RoomEvents.ReadMarkerMoved;
import io.chatplatform.domain.user.Actor;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * How far each member has read. A member's own messages move their marker too (posting does that as it stores
 * them), so everything after the marker was written by others and the unread count is a subtraction.
 */
@Service
public class ReadMarkerService {

    private final RoomAccess access;
    private final MembershipRepository memberships;
    private final ApplicationEventPublisher events;

    ReadMarkerService(RoomAccess access, MembershipRepository memberships, ApplicationEventPublisher events) {
        this.access = access;
        this.memberships = memberships;
        this.events = events;
    }

    /**
     * Records that a member has read the room up to {@code seq} (capped at the room's newest message) and tells the
     * room when the marker moved. A marker never moves backwards, also when several devices of the member read at
     * once or one posts (which moves the marker too) while another reads.
     *
     * @return the member's read marker after the call
     */
    @Transactional
    public long markRead(Actor caller, Long roomId, long seq) {
        if (seq < 0) {
            throw DomainException.badRequest("seq must be >= 0");
        }
        Room room = access.find(roomId);
        Membership membership = access.requireReader(caller, roomId);
        if (membership == null) {
            return 0; // a platform ADMIN reading a room it is not in has no marker to move
        }
        long target = Math.min(seq, room.getLastSeq());
        if (memberships.advanceReadMarker(roomId, caller.userId(), target) == 1) {
            events.publishEvent(new ReadMarkerMoved(roomId, caller.userId(), target));
            return target;
        }
        return memberships.findReadMarker(roomId, caller.userId()).orElse(0L);
    }
}
