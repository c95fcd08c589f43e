package io.chatplatform.domain.room;

import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.common.Texts;
import io.chatplatform.domain.contact.BlockService;
import io.chatplatform.domain.room.RoomEvents.MemberJoined;
import io.chatplatform.domain.room.RoomEvents.RoomCreated;
import io.chatplatform.domain.room.RoomEvents.RoomDeleted;
import io.chatplatform.domain.room.RoomEvents.RoomUpdated;
import io.chatplatform.domain.change.ChangeFields;
import io.chatplatform.domain.change.ChangeKind;
import io.chatplatform.domain.change.RoomChangeLog;
import io.chatplatform.domain.user.Actor;
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
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The life of a room: opening GROUP and DIRECT rooms, reading them, renaming (OWNER/ADMIN) and deleting (only the
 * OWNER); a platform ADMIN may do everything. Who may see a room is {@link RoomAccess}'s to say, who is in it
 * {@link MembershipService}'s, how far each member has read {@link ReadMarkerService}'s.
 */
@Service
public class RoomService {

    private final RoomChangeLog changes;
    static final int MAX_NAME_LENGTH = 200;

    private final RoomAccess access;
    private final RoomRepository rooms;
    private final MembershipRepository memberships;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final RoomAdmission admission;

    RoomService(RoomAccess access, RoomRepository rooms, MembershipRepository memberships,
            ApplicationEventPublisher events, PlatformTransactionManager transactionManager, Clock clock,
            BlockService blocks, RoomProperties properties, RoomChangeLog changes) {
        this.changes = changes;
        this.access = access;
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
        Long existingId = rooms.findIdByDirectKey(key).orElse(null);
        // Under the room's lock, so that the pair's last leave and this rejoin are decided one after the other. Not
        // RoomAccess.lock, which admits members only: whoever reopens the pair's room may have left it.
        Room existing = existingId == null || changes.lock(existingId) < 0 ? null : access.find(existingId);
        if (existing == null) {
            admission.checkCreatedRooms(caller);
            return new Opened(open(caller, name, RoomType.DIRECT, Set.of(otherUserId), key), true);
        }
        Membership mine = rejoinDirect(existing, caller.userId(), caller.userId());
        rejoinDirect(existing, otherUserId, caller.userId());
        // The entity was read before a rejoin took its rev.
        return new Opened(view(existing, mine).withLastRev(changes.lastRev(existing.getId())), false);
    }

    private Membership rejoinDirect(Room room, String userId, String byUserId) {
        Membership membership = memberships.findById(new MembershipId(room.getId(), userId)).orElse(null);
        if (membership != null) {
            return membership;
        }
        Membership back = memberships.saveAndFlush(new Membership(room.getId(), userId, MemberRole.MEMBER,
                clock.instant()));
        long version = rooms.nextMembershipVersion(room.getId());
        changes.record(room.getId(), ChangeKind.MEMBER_JOINED, null,
                ChangeFields.of("userId", userId, "role", MemberRole.MEMBER), version, null);
        events.publishEvent(new MemberJoined(room.getId(), userId, MemberRole.MEMBER, byUserId, version));
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
        memberships.flush(); // visible to plain SQL from here on (access checks, posting), as a join is
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
        Room room = access.find(roomId);
        return view(room, access.requireReader(caller, roomId));
    }

    @Transactional
    public RoomView rename(Actor caller, Long roomId, String newName) {
        String name = validName(newName);
        Room room = access.lock(caller, roomId);
        Membership membership = access.requireAdministrator(caller, roomId);
        room.rename(name);
        long rev = changes.record(roomId, ChangeKind.ROOM_UPDATED, null, ChangeFields.of("name", name)).rev();
        events.publishEvent(new RoomUpdated(roomId, name, caller.userId()));
        return view(room, membership).withLastRev(rev); // the entity was read before the rename took its rev
    }

    @Transactional
    public void delete(Actor caller, Long roomId) {
        // No member joins or posts between the list of members and the delete.
        Room room = access.lock(caller, roomId);
        Membership membership = access.requireReader(caller, roomId);
        if (!caller.isPlatformAdmin() && membership.role() != MemberRole.OWNER) {
            throw DomainException.forbidden("only the room's OWNER may delete it");
        }
        removeRoom(room, caller.userId());
    }

    private void removeRoom(Room room, String byUserId) {
        List<String> formerMembers = memberships.findUserIdsByRoomId(room.getId());
        memberships.deleteByRoomId(room.getId());
        rooms.delete(room);
        events.publishEvent(new RoomDeleted(room.getId(), formerMembers, byUserId));
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
     * A member's own messages move their read marker (see {@link ReadMarkerService}), so everything after the
     * marker was written by others: the unread count is a subtraction, not a count over messages.
     */
    private static RoomView view(Room room, Membership membership) {
        long unreadCount = membership == null ? 0 : Math.max(0, room.getLastSeq() - membership.lastReadSeq());
        return new RoomView(room.getId(), room.getName(), room.getType(), room.getCreatedBy(), room.getCreatedAt(),
                room.getLastSeq(), unreadCount, membership == null ? null : membership.role(), room.getLastRev());
    }
}
