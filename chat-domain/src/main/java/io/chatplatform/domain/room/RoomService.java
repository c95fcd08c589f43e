package io.chatplatform.domain.room;

import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.common.Texts;
import io.chatplatform.domain.contact.BlockService;
import io.chatplatform.domain.room.RoomEvents.MemberJoined;
import io.chatplatform.domain.room.RoomEvents.MemberLeft;
import io.chatplatform.domain.room.RoomEvents.MemberRoleChanged;
import io.chatplatform.domain.room.RoomEvents.ReadMarkerMoved;
import io.chatplatform.domain.room.RoomEvents.RoomCreated;
import io.chatplatform.domain.room.RoomEvents.RoomDeleted;
import io.chatplatform.domain.room.RoomEvents.RoomUpdated;
import io.chatplatform.domain.user.AccountDeleted;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import io.chatplatform.domain.user.UserIds;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Owns the rules of rooms: members read, OWNER/ADMIN rename and manage members, only the OWNER deletes, anyone
 * may leave, and a platform ADMIN may do everything. It also answers "who is in this room", the lookup every
 * broadcast starts from.
 *
 * <p>To someone who is not a member (and not a platform ADMIN) a room is invisible: every call about it fails as
 * for a room that does not exist, with {@link #noSuchRoom}, so room ids cannot be probed for existence. Members who
 * lack the role for something are refused with FORBIDDEN.
 */
@Service
public class RoomService {

    static final int MAX_NAME_LENGTH = 200;

    private final RoomRepository rooms;
    private final MembershipRepository memberships;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final RoomAdmission admission;

    RoomService(RoomRepository rooms, MembershipRepository memberships, ApplicationEventPublisher events,
            PlatformTransactionManager transactionManager, Clock clock, BlockService blocks,
            RoomProperties properties) {
        this.rooms = rooms;
        this.memberships = memberships;
        this.events = events;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
        this.admission = new RoomAdmission(rooms, memberships, blocks, properties);
    }

    /**
     * Opens a room. A DIRECT room is get-or-create: asking again for the same pair, from either side, returns
     * the room the pair already has (see {@link #direct}).
     */
    public RoomView create(Actor caller, CreateRoom command) {
        if (command.type() == null) {
            throw DomainException.badRequest("type must be GROUP or DIRECT");
        }
        Set<String> invited = new LinkedHashSet<>();
        for (String userId : command.members() == null ? List.<String>of() : command.members()) {
            invited.add(UserIds.requireValid(userId));
        }
        invited.remove(caller.userId());
        if (command.type() == RoomType.DIRECT) {
            if (invited.size() != 1) {
                throw DomainException.badRequest("a DIRECT room needs exactly one member besides the caller");
            }
            String other = invited.iterator().next();
            return direct(caller, other, command.name() == null || command.name().isBlank()
                    ? caller.userId() + " & " + other : command.name()).room();
        }
        String name = validName(command.name());
        admission.checkNewGroup(caller, invited);
        return transactions.execute(status -> open(caller, name, RoomType.GROUP, invited, null));
    }

    /**
     * The one DIRECT room of the caller and {@code otherUserId}, created on first use; {@link Opened#created()}
     * says whether this call created it. Leaving a DIRECT room removes only the one who leaves: the other keeps
     * the room and its history, and opening it again (by either) brings back whoever had left, as MEMBER. Once
     * both have left, the room is deleted like any empty room, and the next call creates a new one.
     */
    public Opened direct(Actor caller, String otherUserId) {
        UserIds.requireValid(otherUserId);
        return direct(caller, otherUserId, caller.userId() + " & " + otherUserId);
    }

    private Opened direct(Actor caller, String otherUserId, String name) {
        if (otherUserId.equals(caller.userId())) {
            throw DomainException.badRequest("a DIRECT room needs another user");
        }
        String validName = validName(name);
        admission.checkDirect(caller, otherUserId);
        try {
            return transactions.execute(status -> findOrOpenDirect(caller, otherUserId, validName));
        } catch (DataIntegrityViolationException raced) {
            // Both users opened their conversation at once: the unique direct_key let the other insert win,
            // and a fresh transaction finds the room it created.
            return transactions.execute(status -> findOrOpenDirect(caller, otherUserId, validName));
        }
    }

    /**
     * A pair's DIRECT room outlives one of them leaving it: the one who stayed keeps the conversation, and opening
     * it again, from either side, brings back whoever had left, so the pair's one room is always one both can use.
     */
    private Opened findOrOpenDirect(Actor caller, String otherUserId, String name) {
        String key = Room.directKey(caller.userId(), otherUserId);
        Room existing = rooms.findByDirectKey(key).orElse(null);
        if (existing == null) {
            admission.checkCreatedRooms(caller);
            return new Opened(open(caller, name, RoomType.DIRECT, Set.of(otherUserId), key), true);
        }
        Membership mine = rejoinDirect(existing, caller.userId(), caller.userId());
        rejoinDirect(existing, otherUserId, caller.userId());
        return new Opened(view(existing, mine), false);
    }

    private Membership rejoinDirect(Room room, String userId, String byUserId) {
        Membership membership = memberships.findById(new MembershipId(room.getId(), userId)).orElse(null);
        if (membership != null) {
            return membership;
        }
        Membership back = memberships.saveAndFlush(new Membership(room.getId(), userId, MemberRole.MEMBER,
                clock.instant()));
        events.publishEvent(new MemberJoined(room.getId(), userId, MemberRole.MEMBER, byUserId,
                bumpMembershipVersion(room.getId())));
        return back;
    }

    private RoomView open(Actor caller, String name, RoomType type, Set<String> invited, String directKey) {
        Instant now = clock.instant();
        Room room = rooms.saveAndFlush(new Room(name, type, caller.userId(), now, directKey));
        Membership owner = memberships.save(new Membership(room.getId(), caller.userId(), MemberRole.OWNER, now));
        List<String> memberIds = new ArrayList<>(invited.size() + 1);
        memberIds.add(caller.userId());
        for (String userId : invited) {
            memberships.save(new Membership(room.getId(), userId, MemberRole.MEMBER, now));
            memberIds.add(userId);
        }
        events.publishEvent(new RoomCreated(room.getId(), name, type, caller.userId(), memberIds));
        return view(room, owner);
    }

    /** A room as returned to its opener, and whether this call created it. */
    public record Opened(RoomView room, boolean created) {
    }

    @Transactional(readOnly = true)
    public List<RoomView> roomsOf(Actor caller) {
        Map<Long, Membership> mine = memberships.findByIdUserId(caller.userId()).stream()
                .collect(Collectors.toMap(Membership::roomId, Function.identity()));
        if (mine.isEmpty()) {
            return List.of();
        }
        return rooms.findAllById(mine.keySet()).stream()
                .sorted(Comparator.comparing(Room::getId))
                .map(room -> view(room, mine.get(room.getId())))
                .toList();
    }

    @Transactional(readOnly = true)
    public RoomView get(Actor caller, Long roomId) {
        Room room = find(roomId);
        return view(room, requireReader(caller, roomId));
    }

    @Transactional
    public RoomView rename(Actor caller, Long roomId, String newName) {
        String name = validName(newName);
        Room room = find(roomId);
        Membership membership = requireAdministrator(caller, roomId);
        room.rename(name);
        events.publishEvent(new RoomUpdated(roomId, name, caller.userId()));
        return view(room, membership);
    }

    @Transactional
    public void delete(Actor caller, Long roomId) {
        Room room = find(roomId);
        Membership membership = requireReader(caller, roomId);
        if (!caller.isPlatformAdmin() && membership.role() != MemberRole.OWNER) {
            throw DomainException.forbidden("only the room's OWNER may delete it");
        }
        removeRoom(room, caller.userId());
    }

    @Transactional(readOnly = true)
    public List<MemberView> members(Actor caller, Long roomId) {
        find(roomId);
        requireReader(caller, roomId);
        return memberships.findByIdRoomIdOrderByJoinedAtAsc(roomId).stream().map(Membership::view).toList();
    }

    @Transactional
    public MemberView addMember(Actor caller, Long roomId, String userId, MemberRole requestedRole) {
        UserIds.requireValid(userId);
        MemberRole role = requestedRole == null ? MemberRole.MEMBER : requestedRole;
        Room room = find(roomId);
        Membership callerMembership = requireAdministrator(caller, roomId);
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
        events.publishEvent(new MemberJoined(roomId, userId, role, caller.userId(), bumpMembershipVersion(roomId)));
        return added.view();
    }

    /**
     * Removes a member, or lets the caller leave. Nobody is removed from a DIRECT room, not even by its OWNER:
     * each participant may only leave it (see {@link #direct} for what leaving a DIRECT room means).
     */
    @Transactional
    public void removeMember(Actor caller, Long roomId, String userId) {
        Room room = find(roomId);
        boolean leaving = caller.userId().equals(userId);
        // The caller's rights are checked before the target is looked up, so that outsiders learn nothing
        // about who is in the room from the answer.
        Membership callerMembership = leaving ? null : requireAdministrator(caller, roomId);
        if (!leaving && room.getType() == RoomType.DIRECT) {
            throw DomainException.forbidden("nobody can be removed from a DIRECT room; a participant may only leave it");
        }
        Membership target = memberships.findById(new MembershipId(roomId, userId))
                .orElseThrow(() -> leaving && !caller.isPlatformAdmin() ? noSuchRoom(roomId)
                        : DomainException.notFound(userId + " is not a member of room " + roomId));
        if (!leaving && target.role() == MemberRole.OWNER && !caller.isPlatformAdmin()
                && (callerMembership == null || callerMembership.role() != MemberRole.OWNER)) {
            throw DomainException.forbidden("only an OWNER may remove an OWNER");
        }
        memberships.delete(target);
        memberships.flush();
        events.publishEvent(new MemberLeft(roomId, userId, caller.userId(), bumpMembershipVersion(roomId)));
        if (target.role() == MemberRole.OWNER) {
            handOverOwnership(room, caller.userId(), userId);
        }
    }

    /** A deleted user leaves every room, in the deleting transaction; ownership passes on as when leaving. */
    @EventListener
    void on(AccountDeleted deleted) {
        Actor leaver = new Actor(deleted.userId(), Role.USER);
        for (Membership membership : memberships.findByIdUserId(deleted.userId())) {
            removeMember(leaver, membership.roomId(), deleted.userId());
        }
    }

    /** Who is in the room now: the recipients of every broadcast to it. */
    @Transactional(readOnly = true)
    public List<String> memberIds(Long roomId) {
        return memberships.findUserIdsByRoomId(roomId);
    }

    /**
     * The members together with the room's membership version, consistent with each other; empty with version -1
     * when the room does not exist.
     */
    @Transactional(readOnly = true)
    public MemberSnapshot memberSnapshot(Long roomId) {
        List<Object[]> rows = rooms.findMembershipSnapshot(roomId);
        if (rows.isEmpty()) {
            return new MemberSnapshot(-1, List.of());
        }
        long version = (Long) rows.get(0)[0];
        List<String> userIds = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            if (row[1] != null) {
                userIds.add((String) row[1]);
            }
        }
        return new MemberSnapshot(version, List.copyOf(userIds));
    }

    /** A room's members as of one membership version. */
    public record MemberSnapshot(long version, List<String> userIds) {
    }

    /**
     * Everyone who shares a room of at most {@code maxRoomSize} members with {@code userId}, {@code userId}
     * included: who hears of that user's presence.
     */
    @Transactional(readOnly = true)
    public List<String> contactsOf(String userId, int maxRoomSize) {
        return memberships.findContactsOf(userId, maxRoomSize);
    }

    /** Whether the caller may moderate the room: its OWNER or ADMIN, or a platform ADMIN. */
    @Transactional(readOnly = true)
    public boolean canModerate(Actor caller, Long roomId) {
        if (caller.isPlatformAdmin()) {
            return true;
        }
        return memberships.findById(new MembershipId(roomId, caller.userId()))
                .map(membership -> membership.role().canAdminister())
                .orElse(false);
    }

    @Transactional(readOnly = true)
    public boolean isMember(Long roomId, String userId) {
        return memberships.existsById(new MembershipId(roomId, userId));
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
        Room room = find(roomId);
        Membership membership = requireReader(caller, roomId);
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

    /**
     * Checks that the caller may read the room's messages: members and platform ADMINs.
     */
    @Transactional(readOnly = true)
    public void requireReadable(Actor caller, Long roomId) {
        find(roomId);
        requireReader(caller, roomId);
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
        events.publishEvent(new MemberRoleChanged(room.getId(), heir.userId(), MemberRole.OWNER, byUserId));
    }

    /** Marks a membership change; returns the room's new membership version. */
    private long bumpMembershipVersion(Long roomId) {
        rooms.bumpMembershipVersion(roomId);
        return rooms.findMembershipVersion(roomId);
    }

    private void removeRoom(Room room, String byUserId) {
        List<String> formerMembers = memberships.findUserIdsByRoomId(room.getId());
        memberships.deleteByRoomId(room.getId());
        rooms.delete(room);
        events.publishEvent(new RoomDeleted(room.getId(), formerMembers, byUserId));
    }

    private Room find(Long roomId) {
        if (roomId == null) {
            throw DomainException.badRequest("roomId is required");
        }
        return rooms.findById(roomId).orElseThrow(() -> noSuchRoom(roomId));
    }

    /**
     * The one answer to "room {@code roomId}" for a caller who may not see it, whether it exists or not: the same
     * code and the same words, so that the answer does not tell the two apart.
     */
    public static DomainException noSuchRoom(Long roomId) {
        return DomainException.notFound("room " + roomId + " does not exist");
    }

    /**
     * The caller's membership, or null for a platform ADMIN who is not a member; to anyone else the room does not
     * exist.
     */
    private Membership requireReader(Actor caller, Long roomId) {
        Membership membership = memberships.findById(new MembershipId(roomId, caller.userId())).orElse(null);
        if (membership == null && !caller.isPlatformAdmin()) {
            throw noSuchRoom(roomId);
        }
        return membership;
    }

    private Membership requireAdministrator(Actor caller, Long roomId) {
        Membership membership = requireReader(caller, roomId);
        if (membership != null && !membership.role().canAdminister() && !caller.isPlatformAdmin()) {
            throw DomainException.forbidden("only an OWNER or ADMIN of the room may do that");
        }
        return membership;
    }

    private static String validName(String name) {
        if (name == null || name.isBlank()) {
            throw DomainException.badRequest("name must not be blank");
        }
        String trimmed = Texts.requireStorable("name", name.strip());
        if (trimmed.length() > MAX_NAME_LENGTH) {
            throw DomainException.badRequest("name must be at most " + MAX_NAME_LENGTH + " characters");
        }
        return trimmed;
    }

    /**
     * A member's own messages move their read marker (see {@link RoomPosting#advanceReadMarkers}), so everything
     * after the marker was written by others: the unread count is a subtraction, not a count over messages.
     */
    private static RoomView view(Room room, Membership membership) {
        long unreadCount = membership == null ? 0 : Math.max(0, room.getLastSeq() - membership.lastReadSeq());
        return new RoomView(room.getId(), room.getName(), room.getType(), room.getCreatedBy(), room.getCreatedAt(),
                room.getLastSeq(), unreadCount, membership == null ? null : membership.role());
    }
}
