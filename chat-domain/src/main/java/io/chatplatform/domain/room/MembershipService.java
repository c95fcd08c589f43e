package io.chatplatform.domain.room;

import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.contact.BlockService;
import io.chatplatform.domain.room.RoomEvents.MemberJoined;
import io.chatplatform.domain.room.RoomEvents.MemberLeft;
import io.chatplatform.domain.room.RoomEvents.MemberRoleChanged;
import io.chatplatform.domain.room.RoomEvents.RoomDeleted;
import io.chatplatform.domain.user.AccountDeleted;
import io.chatplatform.domain.change.ChangeFields;
import io.chatplatform.domain.change.ChangeKind;
import io.chatplatform.domain.change.RoomChangeLog;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import io.chatplatform.domain.user.UserIds;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who is in a room: OWNER/ADMIN add and remove members, anyone may leave, and when the last OWNER goes ownership
 * passes on. It also answers "who is in this room", the lookup every broadcast starts from. Every change bumps the
 * room's membership version under its row lock, which is how posting and delivery on any node notice it.
 */
@Service
public class MembershipService {

    private static final String MEMBER_SNAPSHOT = "select r.membership_version, m.user_id from rooms r "
            + "left join memberships m on m.room_id = r.id where r.id = ?";
    /** Bind parameters of one IN list: well below every database's limit, large enough for a reconnect storm. */
    private static final int USERS_PER_QUERY = 500;

    private final RoomChangeLog changes;
    private final RoomAccess access;
    private final RoomRepository rooms;
    private final MembershipRepository memberships;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final RoomAdmission admission;
    private final JdbcTemplate jdbc;

    MembershipService(RoomAccess access, RoomRepository rooms, MembershipRepository memberships,
            ApplicationEventPublisher events, Clock clock, BlockService blocks, RoomProperties properties,
            RoomChangeLog changes, JdbcTemplate jdbc) {
        this.changes = changes;
        this.jdbc = jdbc;
        this.access = access;
        this.rooms = rooms;
        this.memberships = memberships;
        this.events = events;
        this.clock = clock;
        this.admission = new RoomAdmission(rooms, memberships, blocks, properties);
    }

    @Transactional(readOnly = true)
    public List<MemberView> members(Actor caller, Long roomId) {
        access.find(roomId);
        access.requireReader(caller, roomId);
        return memberships.findByIdRoomIdOrderByJoinedAtAsc(roomId).stream().map(Membership::view).toList();
    }

    @Transactional
    public MemberView addMember(Actor caller, Long roomId, String userId, MemberRole requestedRole) {
        UserIds.requireValid(userId);
        MemberRole role = requestedRole == null ? MemberRole.MEMBER : requestedRole;
        Room room = access.lock(caller, roomId);
        Membership callerMembership = access.requireAdministrator(caller, roomId);
        if (room.getType() == RoomType.DIRECT) {
            throw DomainException.badRequest("a DIRECT room has exactly two members");
        }
        boolean callerIsOwner = caller.isPlatformAdmin()
                || (callerMembership != null && callerMembership.role() == MemberRole.OWNER);
        if (role == MemberRole.OWNER && !callerIsOwner) {
            throw DomainException.forbidden("only an OWNER may add another OWNER");
        }
        if (memberships.existsById(new MembershipId(roomId, userId))) {
            throw DomainException.conflict(userId + " is already a member");
        }
        admission.checkAddition(caller, roomId, userId);
        Membership added = memberships.save(new Membership(roomId, userId, role, clock.instant()));
        long version = rooms.nextMembershipVersion(roomId);
        changes.record(roomId, ChangeKind.MEMBER_JOINED, null, ChangeFields.of("userId", userId, "role", role),
                version, null);
        events.publishEvent(new MemberJoined(roomId, userId, role, caller.userId(), version));
        return added.view();
    }

    /**
     * Removes a member, or lets the caller leave. Nobody is removed from a DIRECT room, not even by its OWNER:
     * each participant may only leave it (see {@link RoomService#direct} for what leaving a DIRECT room means).
     */
    @Transactional
    public void removeMember(Actor caller, Long roomId, String userId) {
        Room room = access.lock(caller, roomId); // what is checked below holds until the commit
        boolean leaving = caller.userId().equals(userId);
        // The caller's rights are checked before the target is looked up, so that outsiders learn nothing
        // about who is in the room from the answer.
        Membership callerMembership = leaving ? null : access.requireAdministrator(caller, roomId);
        if (!leaving && room.getType() == RoomType.DIRECT) {
            throw DomainException.forbidden("nobody can be removed from a DIRECT room; a participant may only leave it");
        }
        Membership target = memberships.findById(new MembershipId(roomId, userId))
                .orElseThrow(() -> leaving && !caller.isPlatformAdmin() ? RoomAccess.noSuchRoom(roomId)
                        : DomainException.notFound(userId + " is not a member of room " + roomId));
        if (!leaving && target.role() == MemberRole.OWNER && !caller.isPlatformAdmin()
                && (callerMembership == null || callerMembership.role() != MemberRole.OWNER)) {
            throw DomainException.forbidden("only an OWNER may remove an OWNER");
        }
        memberships.delete(target);
        memberships.flush();
        long version = rooms.nextMembershipVersion(roomId);
        changes.record(roomId, ChangeKind.MEMBER_LEFT, null, ChangeFields.of("userId", userId), version, userId);
        events.publishEvent(new MemberLeft(roomId, userId, caller.userId(), version));
        if (target.role() == MemberRole.OWNER) {
            handOverOwnership(room, caller.userId(), userId);
        }
    }

    /**
     * A deleted user leaves every room, in the deleting transaction; ownership passes on as when leaving. The rooms
     * are locked in id order, the order in which posting locks the rooms of a batch. Only their ids are read first:
     * a membership entity loaded before its room's lock would be what {@link #removeMember} then decides on.
     */
    @EventListener
    void on(AccountDeleted deleted) {
        Actor leaver = new Actor(deleted.userId(), Role.USER);
        for (Long roomId : jdbc.queryForList("select room_id from memberships where user_id = ? order by room_id",
                Long.class, deleted.userId())) {
            removeMember(leaver, roomId, deleted.userId());
        }
    }

    /** Who is in the room now: the recipients of every broadcast to it. */
    @Transactional(readOnly = true)
    public List<String> memberIds(Long roomId) {
        return memberships.findUserIdsByRoomId(roomId);
    }

    /**
     * The rooms each of these users is a member of now, every user asked for a key (with no rooms: an empty list).
     * One query per {@value #USERS_PER_QUERY} users: a node whose users come back together asks once for all of them.
     */
    @Transactional(readOnly = true)
    public Map<String, List<Long>> roomIdsOf(Collection<String> userIds) {
        Map<String, List<Long>> roomIds = new HashMap<>();
        userIds.forEach(userId -> roomIds.put(userId, new ArrayList<>()));
        List<String> distinct = List.copyOf(roomIds.keySet());
        for (int from = 0; from < distinct.size(); from += USERS_PER_QUERY) {
            List<String> some = distinct.subList(from, Math.min(distinct.size(), from + USERS_PER_QUERY));
            for (Object[] row : memberships.findRoomIdsByUserIds(some)) {
                roomIds.get((String) row[0]).add((Long) row[1]);
            }
        }
        return roomIds;
    }

    /**
     * The seq of each room's newest committed message (0 for none yet); rooms that do not exist are left out. A node
     * that starts listening to a room reads this after it listens: every later message reaches it as an event.
     */
    @Transactional(readOnly = true)
    public Map<Long, Long> lastSeqsOf(Collection<Long> roomIds) {
        Map<Long, Long> lastSeqs = new HashMap<>();
        if (roomIds.isEmpty()) {
            return lastSeqs;
        }
        for (Object[] row : rooms.findLastSeqs(roomIds)) {
            lastSeqs.put((Long) row[0], ((Number) row[1]).longValue());
        }
        return lastSeqs;
    }

    /**
     * The members together with the room's membership version, consistent with each other; empty with version -1
     * when the room does not exist. One statement and no transaction around it: a statement alone sees one
     * committed state, so the version and the list agree. Every room's first message after a node starts reads
     * this on its delivery thread, behind which that room's ACKs wait, so it is kept to one round trip.
     */
    public MemberSnapshot memberSnapshot(Long roomId) {
        return jdbc.query(MEMBER_SNAPSHOT, (ResultSetExtractor<MemberSnapshot>) rows -> {
            long version = -1;
            List<String> userIds = new ArrayList<>();
            while (rows.next()) {
                version = rows.getLong(1);
                String userId = rows.getString(2);
                if (userId != null) {
                    userIds.add(userId);
                }
            }
            return new MemberSnapshot(version, List.copyOf(userIds));
        }, roomId);
    }

    /** A room's members as of one membership version. */
    public record MemberSnapshot(long version, List<String> userIds) {
    }

    /** When the last OWNER goes, the longest-standing ADMIN (else MEMBER) takes over; an empty room is deleted. */
    private void handOverOwnership(Room room, String byUserId, String leaverId) {
        List<Membership> remaining = memberships.findByIdRoomIdOrderByJoinedAtAsc(room.getId());
        if (remaining.isEmpty()) {
            memberships.deleteByRoomId(room.getId());
            rooms.delete(room);
            events.publishEvent(new RoomDeleted(room.getId(), List.of(leaverId), byUserId));
            return;
        }
        if (remaining.stream().anyMatch(m -> m.role() == MemberRole.OWNER)) {
            return;
        }
        Membership heir = remaining.stream().filter(m -> m.role() == MemberRole.ADMIN).findFirst()
                .orElse(remaining.get(0));
        heir.promoteTo(MemberRole.OWNER);
        changes.record(room.getId(), ChangeKind.MEMBER_UPDATED, null,
                ChangeFields.of("userId", heir.userId(), "role", MemberRole.OWNER));
        events.publishEvent(new MemberRoleChanged(room.getId(), heir.userId(), MemberRole.OWNER, byUserId));
    }
}
