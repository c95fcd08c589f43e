package io.chatplatform.domain.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.common.ErrorCode;
import io.chatplatform.domain.posting.Posting;
import io.chatplatform.domain.room.CreateRoom;
import io.chatplatform.domain.room.RoomService;
import io.chatplatform.domain.room.RoomType;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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

/**
 * The author edits a message from several devices while it is being deleted (by the author or a moderator), each
 * call committing on its own as behind the endpoints. A delete is final: an edit that loses the race is refused
 * with CONFLICT, and none may write its body into the tombstone or clear {@code deleted_at}.
 */
@SpringBootTest
class EditDeleteRaceTest {

    static final int EDITORS = 6;
    static final int ROUNDS = 100;
    static final Actor AUTHOR = new Actor("race-author", Role.USER);
    static final Actor MODERATOR = new Actor("race-moderator", Role.USER);

    @Autowired
    MessageService messages;

    @Autowired
    Posting posting;

    @Autowired
    RoomService rooms;

    @Autowired
    JdbcTemplate jdbc;

    ExecutorService pool;
    Long roomId;

    @BeforeEach
    void openRoom() {
        roomId = rooms.create(MODERATOR, new CreateRoom("edit race", RoomType.GROUP, List.of(AUTHOR.userId()))).id();
        pool = Executors.newFixedThreadPool(EDITORS + 1);
    }

    @AfterEach
    void deleteRoom() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        rooms.delete(MODERATOR, roomId);
    }

    @Test
    void anEditRacingADeleteNeverBringsTheMessageBack() throws Exception {
        int editsThatLost = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long messageId = posting.post(AUTHOR, roomId, "race-" + round, "original " + round).message().messageId();
            Actor deleter = round % 2 == 0 ? AUTHOR : MODERATOR;
            int r = round;
            List<Callable<Object>> calls = new ArrayList<>();
            for (int editor = 0; editor < EDITORS; editor++) {
                int e = editor;
                calls.add(() -> messages.edit(AUTHOR, roomId, messageId, "edit " + e + " of round " + r));
            }
            calls.add(() -> messages.delete(deleter, roomId, messageId));

            for (Object outcome : runTogether(calls)) {
                if (outcome instanceof DomainException refused) {
                    assertThat(refused.code()).as("a losing edit in round %d: %s", round, refused.getMessage())
                            .isEqualTo(ErrorCode.CONFLICT);
                    editsThatLost++;
                } else if (outcome instanceof Throwable failure) {
                    throw new AssertionError("round " + round + " failed", failure);
                }
            }
            var row = jdbc.queryForMap("select body, deleted_at from messages where id = ?", messageId);
            assertThat(row.get("deleted_at")).as("round %d: deleted_at of message %d", round, messageId).isNotNull();
            assertThat(row.get("body")).as("round %d: body of deleted message %d", round, messageId).isEqualTo("");
            MessageView seen = messages.history(AUTHOR, roomId, null, null, 1).messages().get(0);
            assertThat(seen.deletedAt()).as("round %d: history shows a tombstone", round).isNotNull();
        }
        System.out.printf("%d rounds: %d edits lost to the delete and were refused%n", ROUNDS, editsThatLost);
    }

    @Test
    void editingADeletedMessageIsAConflictAndDeletingAgainChangesNothing() {
        long messageId = posting.post(AUTHOR, roomId, "gone", "soon gone").message().messageId();
        MessageView deleted = messages.delete(AUTHOR, roomId, messageId);

        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(DomainException.class,
                () -> messages.edit(AUTHOR, roomId, messageId, "back from the dead")).code())
                .isEqualTo(ErrorCode.CONFLICT);
        assertThat(messages.delete(MODERATOR, roomId, messageId)).isEqualTo(deleted);
        assertThat(jdbc.queryForObject("select body from messages where id = ?", String.class, messageId)).isEmpty();
    }

    /** Runs the calls on threads of their own, released at once; each outcome is a result or what it threw. */
    private List<Object> runTogether(List<Callable<Object>> calls) throws Exception {
        CountDownLatch ready = new CountDownLatch(calls.size());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Object>> futures = new ArrayList<>();
        for (Callable<Object> call : calls) {
            futures.add(pool.submit(() -> {
                ready.countDown();
                start.await();
                try {
                    return call.call();
                } catch (RuntimeException e) {
                    return e;
                }
            }));
        }
        assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
        start.countDown();
        List<Object> outcomes = new ArrayList<>();
        for (Future<Object> future : futures) {
            outcomes.add(future.get(60, TimeUnit.SECONDS));
        }
        return outcomes;
    }
}
