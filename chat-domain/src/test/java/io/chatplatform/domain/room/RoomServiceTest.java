package io.chatplatform.domain.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatplatform.domain.DomainConfiguration;
import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.common.ErrorCode;
import io.chatplatform.domain.contact.BlockService;
import io.chatplatform.domain.room.RoomEvents.MemberLeft;
import io.chatplatform.domain.room.RoomEvents.RoomDeleted;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

@DataJpaTest
@Import({DomainConfiguration.class, RoomService.class, BlockService.class})
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
    ApplicationEvents events;

    RoomView groupOfAliceWithBob() {
        return rooms.create(ALICE, new CreateRoom("general", RoomType.GROUP, List.of("bob")));
    }

    @Test
    void creatorBecomesOwnerAndListedUsersMembers() {
        RoomView room = groupOfAliceWithBob();

        assertThat(room.myRole()).isEqualTo(MemberRole.OWNER);
        assertThat(rooms.members(ALICE, room.id()))
                .extracting(MemberView::userId, MemberView::role)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("alice", MemberRole.OWNER),
                        org.assertj.core.groups.Tuple.tuple("bob", MemberRole.MEMBER));
        assertThat(rooms.memberIds(room.id())).containsExactlyInAnyOrder("alice", "bob");
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

        assertCode(() -> rooms.get(CAROL, room.id()), ErrorCode.FORBIDDEN);
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

        assertCode(() -> rooms.addMember(BOB, room.id(), "carol", null), ErrorCode.FORBIDDEN);
        assertThat(rooms.addMember(ALICE, room.id(), "carol", null).role()).isEqualTo(MemberRole.MEMBER);
        assertCode(() -> rooms.addMember(ALICE, room.id(), "carol", null), ErrorCode.CONFLICT);
        assertThat(rooms.isMember(room.id(), "carol")).isTrue();
    }

    @Test
    void roomAdminCannotAddOwnerOrRemoveOwner() {
        RoomView room = groupOfAliceWithBob();
        rooms.addMember(ALICE, room.id(), "carol", MemberRole.ADMIN);

        assertCode(() -> rooms.addMember(CAROL, room.id(), "dave", MemberRole.OWNER), ErrorCode.FORBIDDEN);
        assertCode(() -> rooms.removeMember(CAROL, room.id(), "alice"), ErrorCode.FORBIDDEN);
        rooms.removeMember(CAROL, room.id(), "bob");
        assertThat(rooms.memberIds(room.id())).containsExactlyInAnyOrder("alice", "carol");
    }

    @Test
    void anyoneMayLeaveAndOwnershipPassesOn() {
        RoomView room = groupOfAliceWithBob();

        rooms.removeMember(ALICE, room.id(), "alice");

        assertThat(rooms.members(BOB, room.id())).singleElement()
                .extracting(MemberView::role).isEqualTo(MemberRole.OWNER);
        assertThat(events.stream(MemberLeft.class)).extracting(MemberLeft::userId).containsExactly("alice");
    }

    @Test
    void lastMemberLeavingDeletesTheRoom() {
        RoomView room = rooms.create(ALICE, new CreateRoom("solo", RoomType.GROUP, List.of()));

        rooms.removeMember(ALICE, room.id(), "alice");

        assertCode(() -> rooms.get(ROOT, room.id()), ErrorCode.NOT_FOUND);
    }

    @Test
    void roomsOfListsOnlyTheCallersRooms() {
        RoomView mine = groupOfAliceWithBob();
        rooms.create(CAROL, new CreateRoom("other", RoomType.GROUP, List.of()));

        assertThat(rooms.roomsOf(BOB)).extracting(RoomView::id).containsExactly(mine.id());
    }

    @Test
    void contactsAreTheMembersOfSharedRoomsUpToTheSizeLimit() {
        groupOfAliceWithBob();
        rooms.create(ALICE, new CreateRoom("crowd", RoomType.GROUP, List.of("carol", "dave", "erin")));

        assertThat(rooms.contactsOf("alice", 4)).containsExactlyInAnyOrder("alice", "bob", "carol", "dave", "erin");
        assertThat(rooms.contactsOf("alice", 3)).as("the four-member room is over the limit")
                .containsExactlyInAnyOrder("alice", "bob");
        assertThat(rooms.contactsOf("carol", 3)).isEmpty();
    }

    static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOf(DomainException.class)
                .extracting(e -> ((DomainException) e).code()).isEqualTo(code);
    }
}
