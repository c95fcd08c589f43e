package io.chatplatform.domain.posting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.chatplatform.domain.contact.BlockService;
import io.chatplatform.domain.posting.RoomPosting.LockedRoom;
import io.chatplatform.domain.posting.RoomPosting.ReadMarker;
import io.chatplatform.domain.room.CreateRoom;
import io.chatplatform.domain.room.MemberRole;
import io.chatplatform.domain.room.MemberView;
import io.chatplatform.domain.room.MembershipService;
import io.chatplatform.domain.room.RoomService;
import io.chatplatform.domain.room.RoomType;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Each step runs in a transaction of its own, as the message writer's batches do, so remembered memberships
 * outlive a transaction and must still follow every change of the members.
 */
@SpringBootTest
class RoomPostingTest {

    static final Actor ALICE = new Actor("posting-alice", Role.USER);
    static final Actor BOB = new Actor("posting-bob", Role.USER);

    @Autowired
    RoomPosting posting;

    @Autowired
    RoomService rooms;

    @Autowired
    MembershipService memberships;

    @Autowired
    BlockService blocks;

    @Autowired
    PlatformTransactionManager transactionManager;

    Long roomId;

    <T> T inTransaction(Supplier<T> work) {
        return new TransactionTemplate(transactionManager).execute(status -> work.get());
    }

    Long groupOfAliceAndBob() {
        roomId = rooms.create(ALICE, new CreateRoom("posting", RoomType.GROUP, List.of(BOB.userId()))).id();
        return roomId;
    }

    boolean isMemberNow(Long id, Actor actor) {
        return inTransaction(() -> posting.isMember(posting.lock(List.of(id)).get(id), actor.userId(), false));
    }

    boolean isClosedNow(Long id) {
        return inTransaction(() -> posting.isClosed(posting.lock(List.of(id)).get(id), false));
    }

    @AfterEach
    void deleteRoom() {
        if (roomId != null && !memberships.memberIds(roomId).isEmpty()) {
            rooms.delete(ALICE, roomId);
        }
    }

    @Test
    void lockReturnsTheRoomsThatExist() {
        Long id = groupOfAliceAndBob();

        Map<Long, LockedRoom> locked = inTransaction(() -> posting.lock(List.of(id, Long.MAX_VALUE)));

        assertThat(locked).containsOnlyKeys(id);
    }

    @Test
    void lockedRoomsNumberOnFromTheirStoredCounter() {
        Long id = groupOfAliceAndBob();
        inTransaction(() -> {
            LockedRoom room = posting.lock(List.of(id)).get(id);
            assertThat(room.type()).isEqualTo(RoomType.GROUP);
            assertThat(List.of(room.nextSeq(), room.nextSeq())).containsExactly(1L, 2L);
            posting.saveLastSeqs(List.of(room));
            return null;
        });

        long next = inTransaction(() -> posting.lock(List.of(id)).get(id).nextSeq());

        assertThat(next).isEqualTo(3);
        assertThat(rooms.get(ALICE, id).lastSeq()).isEqualTo(2);
    }

    @Test
    void aRememberedMemberWhoIsRemovedIsNoLongerAMember() {
        Long id = groupOfAliceAndBob();
        assertThat(isMemberNow(id, BOB)).isTrue();
        assertThat(isMemberNow(id, BOB)).as("answered from memory this time").isTrue();

        memberships.removeMember(ALICE, id, BOB.userId());

        assertThat(isMemberNow(id, BOB)).isFalse();
        assertThat(isMemberNow(id, ALICE)).isTrue();
    }

    @Test
    void anOutsiderWhoIsAddedBecomesAMember() {
        Long id = groupOfAliceAndBob();
        Actor carol = new Actor("posting-carol", Role.USER);
        assertThat(isMemberNow(id, carol)).isFalse();

        memberships.addMember(ALICE, id, carol.userId(), MemberRole.MEMBER);

        assertThat(isMemberNow(id, carol)).isTrue();
    }

    /** The block bumps the room's version, so the answer remembered from before is not trusted on any node. */
    @Test
    void aDirectRoomRememberedOpenIsClosedOnceEitherBlocksTheOther() {
        roomId = rooms.direct(ALICE, BOB.userId()).room().id();
        assertThat(isClosedNow(roomId)).isFalse();
        assertThat(isClosedNow(roomId)).as("answered from memory this time").isFalse();

        blocks.block(BOB, ALICE.userId());

        try {
            assertThat(isClosedNow(roomId)).isTrue();
            assertThat(isMemberNow(roomId, ALICE)).as("still members, who may read").isTrue();
        } finally {
            blocks.unblock(BOB, ALICE.userId());
        }
        assertThat(isClosedNow(roomId)).as("open again once the block is lifted").isFalse();
    }

    @Test
    void aBlockLeavesGroupRoomsOpen() {
        Long id = groupOfAliceAndBob();
        blocks.block(ALICE, BOB.userId());

        try {
            assertThat(isClosedNow(id)).isFalse();
            assertThat(isMemberNow(id, BOB)).isTrue();
        } finally {
            blocks.unblock(ALICE, BOB.userId());
        }
    }

    @Test
    void readMarkersOnlyMoveForward() {
        Long id = groupOfAliceAndBob();

        inTransaction(() -> {
            posting.advanceReadMarkers(List.of(new ReadMarker(id, BOB.userId(), 5),
                    new ReadMarker(id, ALICE.userId(), 2)));
            return null;
        });
        inTransaction(() -> {
            posting.advanceReadMarkers(List.of(new ReadMarker(id, BOB.userId(), 3)));
            return null;
        });

        assertThat(memberships.members(ALICE, id)).extracting(MemberView::userId, MemberView::lastReadSeq)
                .containsExactlyInAnyOrder(tuple(ALICE.userId(), 2L),
                        tuple(BOB.userId(), 5L));
    }
}
