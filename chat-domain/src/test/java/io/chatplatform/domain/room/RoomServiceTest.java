package io.chatplatform.domain.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatplatform.domain.change.RoomChangeLog;
import io.chatplatform.domain.DomainConfiguration;
import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.common.ErrorCode;
import io.chatplatform.domain.contact.BlockService;
import io.chatplatform.domain.room.RoomEvents.MemberLeft;
import io.chatplatform.domain.room.RoomEvents.RoomDeleted;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import io.chatplatform.domain.room.MembershipService.MemberSnapshot;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

@DataJpaTest
@Import({DomainConfiguration.class, RoomService.class, MembershipService.class, RoomAccess.class,
        ReadMarkerService.class, BlockService.class, RoomChangeLog.class, PresenceAudience.class})
@EnableConfigurationProperties(RoomProperties.class) // slice tests filter @ConfigurationPropertiesScan
@RecordApplicationEvents
class RoomServiceTest {

    static final Actor ALICE = new Actor("alice", Role.USER);
    static final Actor BOB = new Actor("bob", Role.USER);
    static final Actor CAROL = new Actor("carol", Role.USER);
    static final Actor ROOT = new Actor("root", Role.ADMIN);

    @Autowired
    RoomService rooms;

    @Autowired
    MembershipService memberships;

    @Autowired
    RoomAccess access;

    @Autowired
    ReadMarkerService readMarkers;

    @Autowired
    PresenceAudience audience;

    @Autowired
    BlockService blocks;

    @Autowired
    EntityManager entityManager;

    @Autowired
    RoomChangeLog changeLog;

    @Autowired
    ApplicationEvents events;

    RoomView groupOfAliceWithBob() {
        return rooms.create(ALICE, new CreateRoom("general", RoomType.GROUP, List.of("bob")));
    }

    /** What delivery fans a room's messages out to: its members, with the version a change of them bumps. */
    @Test
    void memberSnapshotIsTheMembersWithTheirVersion() {
        RoomView room = groupOfAliceWithBob();

        MemberSnapshot created = memberships.memberSnapshot(room.id());
        memberships.addMember(ALICE, room.id(), "carol", null);
        entityManager.flush();
        MemberSnapshot joined = memberships.memberSnapshot(room.id());
        memberships.removeMember(ALICE, room.id(), "bob");
        entityManager.flush();
        MemberSnapshot left = memberships.memberSnapshot(room.id());

        assertThat(created.userIds()).containsExactlyInAnyOrder("alice", "bob");
        assertThat(joined.userIds()).containsExactlyInAnyOrder("alice", "bob", "carol");
        assertThat(left.userIds()).containsExactlyInAnyOrder("alice", "carol");
        assertThat(List.of(created.version(), joined.version(), left.version())).isSorted().doesNotHaveDuplicates();
        assertThat(memberships.memberSnapshot(room.id() + 1000)).isEqualTo(new MemberSnapshot(-1, List.of()));
    }

    /** What a node reads when its users come back together: everyone's rooms in one call. */
    @Test
    void roomIdsOfAnswersEveryUserAskedForIncludingThoseWithNoRoom() {
        RoomView general = groupOfAliceWithBob();
        RoomView other = rooms.create(BOB, new CreateRoom("other", RoomType.GROUP, List.of("carol")));
        entityManager.flush();

        Map<String, List<Long>> roomIds = memberships.roomIdsOf(List.of("alice", "bob", "carol", "dave", "bob"));

        assertThat(roomIds).containsOnlyKeys("alice", "bob", "carol", "dave");
        assertThat(roomIds.get("alice")).containsExactly(general.id());
        assertThat(roomIds.get("bob")).containsExactlyInAnyOrder(general.id(), other.id());
        assertThat(roomIds.get("carol")).containsExactly(other.id());
        assertThat(roomIds.get("dave")).isEmpty();
        assertThat(memberships.roomIdsOf(List.of())).isEmpty();
    }

    @Test
    void creatorBecomesOwnerAndListedUsersMembers() {
        RoomView room = groupOfAliceWithBob();

        assertThat(room.myRole()).isEqualTo(MemberRole.OWNER);
        assertThat(memberships.members(ALICE, room.id()))
                .extracting(MemberView::userId, MemberView::role)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("alice", MemberRole.OWNER),
                        org.assertj.core.groups.Tuple.tuple("bob", MemberRole.MEMBER));
        assertThat(memberships.memberIds(room.id())).containsExactlyInAnyOrder("alice", "bob");
        assertThat(events.stream(RoomEvents.RoomCreated.class)).singleElement()
                .extracting(RoomEvents.RoomCreated::memberIds).isEqualTo(List.of("alice", "bob"));
    }

    @Test
    void directRoomNeedsExactlyOneOtherMember() {
        assertThatThrownBy(() -> rooms.create(ALICE, new CreateRoom("dm", RoomType.DIRECT, List.of("bob", "carol"))))
                .isInstanceOf(DomainException.class)
                .extracting(e -> ((DomainException) e).code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(rooms.create(ALICE, new CreateRoom("dm", RoomType.DIRECT, List.of("bob"))).type())
                .isEqualTo(RoomType.DIRECT);
    }

    @Test
    void blankNameIsRejected() {
        assertThatThrownBy(() -> rooms.create(ALICE, new CreateRoom("  ", RoomType.GROUP, List.of())))
                .hasMessageContaining("name");
    }

    @Test
    void plainMemberCannotRenameButOwnerCan() {
        RoomView room = groupOfAliceWithBob();

        assertCode(() -> rooms.rename(BOB, room.id(), "mine"), ErrorCode.FORBIDDEN);
        assertThat(rooms.rename(ALICE, room.id(), "renamed").name()).isEqualTo("renamed");
    }

    @Test
    void nonMemberCannotReadRoomButPlatformAdminCan() {
        RoomView room = groupOfAliceWithBob();

        assertCode(() -> rooms.get(CAROL, room.id()), ErrorCode.NOT_FOUND);
        assertThat(rooms.get(ROOT, room.id()).name()).isEqualTo("general");
        assertCode(() -> rooms.get(ALICE, 999_999L), ErrorCode.NOT_FOUND);
    }

    @Test
    void onlyOwnerDeletes() {
        RoomView room = groupOfAliceWithBob();

        assertCode(() -> rooms.delete(BOB, room.id()), ErrorCode.FORBIDDEN);
        rooms.delete(ALICE, room.id());

        assertCode(() -> rooms.get(ALICE, room.id()), ErrorCode.NOT_FOUND);
        assertThat(events.stream(RoomDeleted.class).findFirst().orElseThrow().formerMemberIds())
                .containsExactlyInAnyOrder("alice", "bob");
    }

    @Test
    void memberCannotAddButOwnerAddsAndDuplicateIsConflict() {
        RoomView room = groupOfAliceWithBob();

        assertCode(() -> memberships.addMember(BOB, room.id(), "carol", null), ErrorCode.FORBIDDEN);
        assertThat(memberships.addMember(ALICE, room.id(), "carol", null).role()).isEqualTo(MemberRole.MEMBER);
        assertCode(() -> memberships.addMember(ALICE, room.id(), "carol", null), ErrorCode.CONFLICT);
        assertThat(access.isMember(room.id(), "carol")).isTrue();
    }

    @Test
    void roomAdminCannotAddOwnerOrRemoveOwner() {
        RoomView room = groupOfAliceWithBob();
        memberships.addMember(ALICE, room.id(), "carol", MemberRole.ADMIN);

        assertCode(() -> memberships.addMember(CAROL, room.id(), "dave", MemberRole.OWNER), ErrorCode.FORBIDDEN);
        assertCode(() -> memberships.removeMember(CAROL, room.id(), "alice"), ErrorCode.FORBIDDEN);
        memberships.removeMember(CAROL, room.id(), "bob");
        assertThat(memberships.memberIds(room.id())).containsExactlyInAnyOrder("alice", "carol");
    }

    @Test
    void anyoneMayLeaveAndOwnershipPassesOn() {
        RoomView room = groupOfAliceWithBob();

        memberships.removeMember(ALICE, room.id(), "alice");

        assertThat(memberships.members(BOB, room.id())).singleElement()
                .extracting(MemberView::role).isEqualTo(MemberRole.OWNER);
        assertThat(events.stream(MemberLeft.class)).extracting(MemberLeft::userId).containsExactly("alice");
    }

    @Test
    void lastMemberLeavingDeletesTheRoom() {
        RoomView room = rooms.create(ALICE, new CreateRoom("solo", RoomType.GROUP, List.of()));

        memberships.removeMember(ALICE, room.id(), "alice");

        assertCode(() -> rooms.get(ROOT, room.id()), ErrorCode.NOT_FOUND);
    }

    @Test
    void roomsOfListsOnlyTheCallersRooms() {
        RoomView mine = groupOfAliceWithBob();
        rooms.create(CAROL, new CreateRoom("other", RoomType.GROUP, List.of()));

        assertThat(rooms.roomsOf(BOB)).extracting(RoomView::id).containsExactly(mine.id());
    }

    @Test
    void presenceAudienceIsTheOtherMembersOfSharedRoomsUpToTheSizeLimitExceptTheBlocked() {
        groupOfAliceWithBob();
        rooms.create(ALICE, new CreateRoom("crowd", RoomType.GROUP, List.of("carol", "dave", "erin")));
        entityManager.flush();

        assertThat(audienceOf("alice", 4)).containsExactlyInAnyOrder("bob", "carol", "dave", "erin");
        assertThat(audienceOf("alice", 3)).as("the four-member room is over the limit").containsExactly("bob");
        assertThat(audienceOf("carol", 3)).isEmpty();
        assertThat(audienceOf("nobody", 4)).isEmpty();

        blocks.block(ALICE, "dave");
        entityManager.flush();
        assertThat(audienceOf("alice", 4)).as("dave is blocked by alice")
                .containsExactlyInAnyOrder("bob", "carol", "erin");
        assertThat(audienceOf("dave", 4)).as("blocking is one way: dave still tells alice")
                .containsExactlyInAnyOrder("alice", "carol", "erin");
    }

    @Test
    void presenceAudiencesOfManyUsersComeFromOneLookUpWithTheSameAnswers() {
        groupOfAliceWithBob();
        rooms.create(ALICE, new CreateRoom("crowd", RoomType.GROUP, List.of("carol", "dave", "erin")));
        blocks.block(ALICE, "dave");
        entityManager.flush();
        List<String> users = List.of("alice", "bob", "carol", "dave", "nobody");

        Map<String, List<String>> audiences = audience.of(users, 4);

        assertThat(audiences).containsOnlyKeys(users);
        users.forEach(user -> assertThat(audiences.get(user)).as(user)
                .containsExactlyInAnyOrderElementsOf(audienceOf(user, 4)));
        assertThat(audiences.get("alice")).containsExactlyInAnyOrder("bob", "carol", "erin");
        assertThat(audiences.get("nobody")).isEmpty();
        assertThat(audience.of(List.of(), 4)).isEmpty();
    }

    /** One user's audience, looked up alone. */
    private List<String> audienceOf(String userId, int maxRoomSize) {
        return audience.of(List.of(userId), maxRoomSize).get(userId);
    }

    /**
     * An outsider probing room ids: every call about a room they are not in must fail exactly as for a room that
     * does not exist (same code, same words once the id is set aside), or the answers would tell which ids are
     * rooms.
     */
    @Test
    void toANonMemberARoomIsIndistinguishableFromOneThatDoesNotExist() {
        Long existing = groupOfAliceWithBob().id();
        Long missing = existing + 999_999L;
        java.util.Map<String, java.util.function.Consumer<Long>> probes = new java.util.LinkedHashMap<>();
        probes.put("get", id -> rooms.get(CAROL, id));
        probes.put("rename", id -> rooms.rename(CAROL, id, "mine"));
        probes.put("delete", id -> rooms.delete(CAROL, id));
        probes.put("members", id -> memberships.members(CAROL, id));
        probes.put("add a member", id -> memberships.addMember(CAROL, id, "dave", null));
        probes.put("remove a member", id -> memberships.removeMember(CAROL, id, "bob"));
        probes.put("remove someone who is not there", id -> memberships.removeMember(CAROL, id, "nobody"));
        probes.put("leave", id -> memberships.removeMember(CAROL, id, "carol"));
        probes.put("mark read", id -> readMarkers.markRead(CAROL, id, 1));
        probes.put("require readable", id -> access.requireReadable(CAROL, id));

        probes.forEach((probe, call) -> {
            DomainException aboutExisting = refusal(() -> call.accept(existing));
            DomainException aboutMissing = refusal(() -> call.accept(missing));
            assertThat(aboutExisting.code()).as(probe).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(aboutExisting.getMessage().replace(existing.toString(), "{id}")).as(probe)
                    .isEqualTo(aboutMissing.getMessage().replace(missing.toString(), "{id}"));
        });
        assertThat(memberships.memberIds(existing)).as("nothing changed").containsExactlyInAnyOrder("alice", "bob");
    }

    @Test
    void membersWithoutTheRoleAreStillForbiddenNotHiddenFrom() {
        RoomView room = groupOfAliceWithBob();

        assertCode(() -> rooms.rename(BOB, room.id(), "mine"), ErrorCode.FORBIDDEN);
        assertCode(() -> rooms.delete(BOB, room.id()), ErrorCode.FORBIDDEN);
        assertCode(() -> memberships.removeMember(BOB, room.id(), "alice"), ErrorCode.FORBIDDEN);
        assertCode(() -> memberships.addMember(BOB, room.id(), "dave", null), ErrorCode.FORBIDDEN);
    }

    @Test
    void nobodyRemovesTheOtherParticipantOfADirectRoomButEitherMayLeave() {
        RoomView dm = rooms.direct(ALICE, "bob").room();

        assertCode(() -> memberships.removeMember(ALICE, dm.id(), "bob"), ErrorCode.FORBIDDEN);
        assertCode(() -> memberships.removeMember(ROOT, dm.id(), "bob"), ErrorCode.FORBIDDEN);
        assertCode(() -> memberships.removeMember(BOB, dm.id(), "alice"), ErrorCode.FORBIDDEN);
        assertThat(memberships.memberIds(dm.id())).containsExactlyInAnyOrder("alice", "bob");

        memberships.removeMember(BOB, dm.id(), "bob");

        assertThat(memberships.memberIds(dm.id())).containsExactly("alice");
        assertThat(events.stream(MemberLeft.class)).extracting(MemberLeft::userId).containsExactly("bob");
    }

    @Test
    void openingADirectRoomAgainBringsBackWhoeverLeftIt() {
        RoomView dm = rooms.direct(ALICE, "bob").room();
        memberships.removeMember(ALICE, dm.id(), "alice");
        assertThat(memberships.members(BOB, dm.id())).singleElement().extracting(MemberView::role)
                .isEqualTo(MemberRole.OWNER);

        RoomService.Opened again = rooms.direct(ALICE, "bob");

        assertThat(again.created()).isFalse();
        assertThat(again.room().id()).isEqualTo(dm.id());
        assertThat(again.room().myRole()).isEqualTo(MemberRole.MEMBER);
        assertThat(again.room().lastRev()).as("the rev of alice's MEMBER_JOINED, not the one before it")
                .isEqualTo(changeLog.lastRev(dm.id())).isPositive();
        assertThat(memberships.memberIds(dm.id())).containsExactlyInAnyOrder("alice", "bob");
        assertThat(events.stream(RoomEvents.MemberJoined.class)).extracting(RoomEvents.MemberJoined::userId)
                .containsExactly("alice");

        memberships.removeMember(ALICE, dm.id(), "alice");
        assertThat(rooms.direct(BOB, "alice").room().id()).as("bob opens it again: alice is back")
                .isEqualTo(dm.id());
        assertThat(memberships.memberIds(dm.id())).containsExactlyInAnyOrder("alice", "bob");
    }

    /** Under the old key (the sorted pair joined by a newline) both pairs below had the key "a\nb\nc". */
    @Test
    void pairsWhoseIdsRunTogetherGetDifferentDirectRooms() {
        Actor a = new Actor("a", Role.USER);
        Actor ab = new Actor("a\nb", Role.USER);

        RoomService.Opened first = rooms.direct(a, "b\nc");
        RoomService.Opened second = rooms.direct(ab, "c");

        assertThat(second.created()).as("a\\nb & c is a new conversation").isTrue();
        assertThat(second.room().id()).isNotEqualTo(first.room().id());
        assertThat(memberships.memberIds(first.room().id())).containsExactlyInAnyOrder("a", "b\nc");
        assertThat(memberships.memberIds(second.room().id())).containsExactlyInAnyOrder("a\nb", "c");
        assertThat(rooms.direct(new Actor("b\nc", Role.USER), "a").room().id()).isEqualTo(first.room().id());
    }

    @Test
    void directKeysOfDifferentPairsDiffer() {
        String[] ids = {"a", "b", "a|b", "a\\", "\\", "|", "a\\|b", "a|", "|b", "\\|", "a\nb", "b\nc", "c"};
        java.util.Map<String, String> pairByKey = new java.util.HashMap<>();
        for (String one : ids) {
            for (String other : ids) {
                if (one.compareTo(other) < 0) {
                    String key = Room.directKey(one, other);
                    assertThat(Room.directKey(other, one)).isEqualTo(key);
                    String pair = java.util.List.of(one, other).toString();
                    assertThat(pairByKey.putIfAbsent(key, pair)).as("key %s of %s", key, pair).isNull();
                }
            }
        }
    }

    static DomainException refusal(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        return org.assertj.core.api.Assertions.catchThrowableOfType(DomainException.class, call);
    }

    static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOf(DomainException.class)
                .extracting(e -> ((DomainException) e).code()).isEqualTo(code);
    }
}
