package io.chatplatform.domain.room;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.common.ErrorCode;
import io.chatplatform.domain.message.MessageService;
import io.chatplatform.domain.message.MessageView;
import io.chatplatform.domain.message.ReactionService;
import io.chatplatform.domain.posting.Posting;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Changes to a room that race, each committing on its own as behind the endpoints. Each decides under the room's
 * row lock what it checked (the caller's role, the target's role, who is left, whether the caller is still a
 * member), so the two are decided one after the other: a room never loses its last OWNER to two removals at once,
 * the last two leaving a DIRECT room delete it, a removed member changes nothing in the room afterwards, and deleting
 * a room while a post is being stored is no deadlock. Each race runs many rounds, released together by a barrier.
 */
@SpringBootTest
class RoomLockRaceTest {

    static final int ROUNDS = 40;

    @Autowired
    RoomService rooms;

    @Autowired
    MembershipService memberships;

    @Autowired
    MessageService messages;

    @Autowired
    ReactionService reactions;

    @Autowired
    Posting posting;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactionManager;

    TransactionTemplate transactions;

    ExecutorService pool;
    String run;

    @BeforeEach
    void pool() {
        transactions = new TransactionTemplate(transactionManager);
        pool = Executors.newFixedThreadPool(2);
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void twoOwnersRemovingEachOtherLeaveExactlyOneOwner() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Actor hank = user("hank", round);
            Actor ivy = user("ivy", round);
            Long roomId = group(hank, List.of());
            memberships.addMember(hank, roomId, ivy.userId(), MemberRole.OWNER);

            List<Outcome> outcomes = together(
                    () -> memberships.removeMember(hank, roomId, ivy.userId()),
                    () -> memberships.removeMember(ivy, roomId, hank.userId()));

            assertThat(outcomes).filteredOn(Outcome::succeeded).as("round %d", round).hasSize(1);
            assertThat(outcomes).filteredOn(outcome -> !outcome.succeeded()).extracting(Outcome::code)
                    .as("the loser was removed first: to it the room no longer exists")
                    .containsExactly(ErrorCode.NOT_FOUND);
            assertThat(roles(roomId)).as("round %d", round).containsExactly(MemberRole.OWNER);
            rooms.delete(new Actor(memberIds(roomId).get(0), Role.USER), roomId);
        }
    }

    @Test
    void theOwnerAndAnotherMemberLeavingTogetherHandOwnershipToWhoStays() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Actor hank = user("hank", round);
            Actor ivy = user("ivy", round);
            Actor carol = user("carol", round);
            Long roomId = group(hank, List.of(ivy.userId(), carol.userId()));

            List<Outcome> outcomes = together(
                    () -> memberships.removeMember(hank, roomId, hank.userId()),
                    () -> memberships.removeMember(ivy, roomId, ivy.userId()));

            assertThat(outcomes).allMatch(Outcome::succeeded);
            assertThat(memberIds(roomId)).containsExactly(carol.userId());
            assertThat(roles(roomId)).as("round %d", round).containsExactly(MemberRole.OWNER);
            rooms.delete(carol, roomId);
        }
    }

    @Test
    void theLastTwoLeavingADirectRoomTogetherDeleteIt() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Actor hank = user("hank", round);
            Actor ivy = user("ivy", round);
            Long roomId = rooms.direct(hank, ivy.userId()).room().id();

            List<Outcome> outcomes = together(
                    () -> memberships.removeMember(hank, roomId, hank.userId()),
                    () -> memberships.removeMember(ivy, roomId, ivy.userId()));

            assertThat(outcomes).allMatch(Outcome::succeeded);
            assertThat(jdbc.queryForObject("select count(*) from rooms where id = ?", Long.class, roomId))
                    .as("round %d: the emptied room is gone", round).isZero();
            Long reopened = rooms.direct(hank, ivy.userId()).room().id();
            assertThat(reopened).as("the next open creates a new room").isNotEqualTo(roomId);
            assertThat(roles(reopened)).containsExactlyInAnyOrder(MemberRole.OWNER, MemberRole.MEMBER);
            rooms.delete(hank, reopened);
        }
    }

    @Test
    void aMemberRemovedWhileTheirChangesWaitChangesNothingAfterTheRemoval() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Actor hank = user("hank", round);
            Actor ivy = user("ivy", round);
            Long roomId = group(hank, List.of(ivy.userId()));
            MessageView own = posting.post(ivy, roomId, "own", "mine").message();
            MessageView other = posting.post(hank, roomId, "other", "hank's").message();

            List<Outcome> outcomes = together(
                    () -> memberships.removeMember(hank, roomId, ivy.userId()),
                    () -> {
                        messages.edit(ivy, roomId, own.messageId(), "edited");
                        reactions.react(ivy, roomId, other.messageId(), "\uD83D\uDC4D");
                        messages.delete(ivy, roomId, own.messageId());
                    });

            assertThat(outcomes.get(0).succeeded()).isTrue();
            Long leftAt = jdbc.queryForObject("select rev from room_changes where room_id = ? and kind = 'MEMBER_LEFT'",
                    Long.class, roomId);
            assertThat(jdbc.queryForList("select kind from room_changes where room_id = ? and rev > ?", String.class,
                    roomId, leftAt)).as("round %d: nothing after ivy left", round).isEmpty();
            if (!outcomes.get(1).succeeded()) {
                assertThat(outcomes.get(1).code()).isEqualTo(ErrorCode.NOT_FOUND);
            }
            rooms.delete(hank, roomId);
        }
    }

    @Test
    void deletingARoomWhileAPostIsStoredIsNoDeadlock() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Actor hank = user("hank", round);
            Actor ivy = user("ivy", round);
            Long roomId = group(hank, List.of(ivy.userId()));
            posting.post(ivy, roomId, "first", "moves ivy's read marker from now on");

            List<Outcome> outcomes = together(
                    () -> rooms.delete(hank, roomId),
                    () -> posting.post(ivy, roomId, "racing", "racing the delete"));

            assertThat(outcomes.get(0).succeeded()).as("round %d: the delete", round).isTrue();
            if (!outcomes.get(1).succeeded()) {
                assertThat(outcomes.get(1).code()).as("round %d: the post", round).isEqualTo(ErrorCode.NOT_FOUND);
            }
            assertThat(jdbc.queryForObject("select count(*) from rooms where id = ?", Long.class, roomId)).isZero();
        }
    }

    /**
     * An outsider's calls about a room are refused before they take its lock, so they cannot hold up its posts: while
     * another transaction holds the lock, each is answered NOT_FOUND at once instead of waiting for it.
     */
    @Test
    void anOutsiderIsRefusedWithoutWaitingForTheRoomsLock() throws Exception {
        Actor hank = user("hank", 0);
        Actor ivy = user("ivy", 0);
        Actor mallory = user("mallory", 0);
        Long roomId = group(hank, List.of(ivy.userId()));
        long messageId = posting.post(hank, roomId, "m", "hello").message().messageId();
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<?> holder = pool.submit(() -> transactions.executeWithoutResult(status -> {
            jdbc.queryForList("select id from rooms where id = ? for update", Long.class, roomId);
            locked.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try {
            assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();
            List<Runnable> outsiders = List.of(
                    () -> messages.edit(mallory, roomId, messageId, "not mine"),
                    () -> messages.delete(mallory, roomId, messageId),
                    () -> reactions.react(mallory, roomId, messageId, "\uD83D\uDC4D"),
                    () -> memberships.removeMember(mallory, roomId, ivy.userId()),
                    () -> memberships.addMember(mallory, roomId, mallory.userId(), null),
                    () -> rooms.rename(mallory, roomId, "mine now"),
                    () -> rooms.delete(mallory, roomId));
            for (Runnable outsider : outsiders) {
                Future<ErrorCode> answer = pool.submit(() -> {
                    try {
                        outsider.run();
                        return null;
                    } catch (DomainException refused) {
                        return refused.code();
                    }
                });
                assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo(ErrorCode.NOT_FOUND);
            }
        } finally {
            release.countDown();
            holder.get(30, TimeUnit.SECONDS);
        }
        rooms.delete(hank, roomId);
    }

    private Actor user(String name, int round) {
        return new Actor(name + "-" + run + "-" + round, Role.USER);
    }

    private Long group(Actor owner, List<String> members) {
        return rooms.create(owner, new CreateRoom("race", RoomType.GROUP, members)).id();
    }

    private List<MemberRole> roles(Long roomId) {
        return jdbc.queryForList("select role from memberships where room_id = ?", String.class, roomId).stream()
                .map(MemberRole::valueOf).toList();
    }

    private List<String> memberIds(Long roomId) {
        return jdbc.queryForList("select user_id from memberships where room_id = ?", String.class, roomId);
    }

    /** Runs both at once, released by a barrier; each outcome in the order given. */
    private List<Outcome> together(Runnable first, Runnable second) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<Outcome>> futures = new ArrayList<>();
        for (Runnable task : List.of(first, second)) {
            Callable<Outcome> call = () -> {
                start.await(10, TimeUnit.SECONDS);
                try {
                    task.run();
                    return new Outcome(true, null);
                } catch (DomainException refused) {
                    return new Outcome(false, refused.code());
                }
            };
            futures.add(pool.submit(call));
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> future : futures) {
            try {
                outcomes.add(future.get(60, TimeUnit.SECONDS));
            } catch (ExecutionException failed) {
                throw new AssertionError("a racer failed otherwise than by a refusal", failed.getCause());
            }
        }
        return outcomes;
    }

    private record Outcome(boolean succeeded, ErrorCode code) {
    }
}
