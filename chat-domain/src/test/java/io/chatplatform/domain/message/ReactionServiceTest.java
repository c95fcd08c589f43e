package io.chatplatform.domain.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.chatplatform.domain.change.ChangeKind;
import io.chatplatform.domain.change.RoomChange;
import io.chatplatform.domain.change.RoomChangeLog;
import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.common.ErrorCode;
import io.chatplatform.domain.contact.BlockService;
import io.chatplatform.domain.message.MessageView.ReactionCount;
import io.chatplatform.domain.posting.Posting;
import io.chatplatform.domain.room.CreateRoom;
import io.chatplatform.domain.room.RoomService;
import io.chatplatform.domain.room.RoomType;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reactions as the sockets and REST make them: each call commits on its own. Every reaction that changes something
 * takes the room's next rev and is logged as a REACTION change; one that changes nothing logs nothing.
 */
@SpringBootTest(properties = "chat.reactions.max-per-message=3")
class ReactionServiceTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String THUMBS_UP = "\uD83D\uDC4D";
    static final String HEART = "\u2764\uFE0F";
    static final String FAMILY = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67\u200D\uD83D\uDC66";
    static final String FLAG = "\uD83C\uDDE9\uD83C\uDDEA";
    static final String KEYCAP = "#\uFE0F\u20E3";

    @Autowired
    ReactionService reactions;

    @Autowired
    MessageService messages;

    @Autowired
    ChangeFeed feed;

    @Autowired
    Posting posting;

    @Autowired
    RoomService rooms;

    @Autowired
    RoomChangeLog log;

    @Autowired
    BlockService blocks;

    @Autowired
    JdbcTemplate jdbc;

    Actor alice;
    Actor bob;
    Actor carol;
    Long roomId;
    long messageId;

    @BeforeEach
    void roomWithAMessage() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        alice = new Actor("alice-" + run, Role.USER);
        bob = new Actor("bob-" + run, Role.USER);
        carol = new Actor("carol-" + run, Role.USER);
        roomId = rooms.create(alice, new CreateRoom("reactions", RoomType.GROUP, List.of(bob.userId()))).id();
        messageId = posting.post(alice, roomId, "m-1", "react to me").message().messageId();
    }

    @Test
    void aReactionTakesTheNextRevAndIsLoggedWithItsCount() {
        long before = log.lastRev(roomId);

        assertThat(reactions.react(bob, roomId, messageId, THUMBS_UP)).isTrue();
        assertThat(reactions.react(alice, roomId, messageId, THUMBS_UP)).isTrue();

        List<RoomChange> logged = log.read(roomId, before, Long.MAX_VALUE, 10);
        assertThat(logged).extracting(RoomChange::rev).containsExactly(before + 1, before + 2);
        assertThat(logged).extracting(RoomChange::kind).containsOnly(ChangeKind.REACTION);
        assertThat(logged).extracting(RoomChange::messageId).containsOnly(messageId);
        JsonNode second = JSON.readTree(logged.get(1).fields());
        assertThat(second.toString()).isEqualTo("{\"messageId\":" + messageId + ",\"emoji\":\"" + THUMBS_UP
                + "\",\"userId\":\"" + alice.userId() + "\",\"added\":true,\"count\":2}");
    }

    @Test
    void reactingAgainAndTakingBackWhatIsNotThereChangeNothing() {
        assertThat(reactions.unreact(bob, roomId, messageId, HEART)).isFalse();
        reactions.react(bob, roomId, messageId, HEART);
        long after = log.lastRev(roomId);

        assertThat(reactions.react(bob, roomId, messageId, HEART)).isFalse();
        assertThat(reactions.react(bob, roomId, messageId, HEART)).isFalse();

        assertThat(log.lastRev(roomId)).isEqualTo(after);
        assertThat(reactionsSeenBy(bob)).containsExactly(new ReactionCount(HEART, 1, true));

        assertThat(reactions.unreact(bob, roomId, messageId, HEART)).isTrue();
        assertThat(reactions.unreact(bob, roomId, messageId, HEART)).isFalse();
        assertThat(log.lastRev(roomId)).isEqualTo(after + 1);
        JsonNode removed = JSON.readTree(log.read(roomId, after, after + 1, 1).get(0).fields());
        assertThat(removed.path("added").asBoolean(true)).isFalse();
        assertThat(removed.path("count").asInt(-1)).isZero();
        assertThat(reactionsSeenBy(bob)).isEmpty();
    }

    @Test
    void historyAndChangesCarryTheReactionsAsEachReaderSeesThem() {
        reactions.react(bob, roomId, messageId, HEART);
        reactions.react(alice, roomId, messageId, THUMBS_UP);
        reactions.react(bob, roomId, messageId, THUMBS_UP);
        long untouched = posting.post(bob, roomId, "m-2", "nobody reacts").message().messageId();

        List<MessageView> seenByAlice = messages.history(alice, roomId, null, null, 10).messages();
        assertThat(seenByAlice.get(0).reactions()).containsExactly(new ReactionCount(HEART, 1, false),
                new ReactionCount(THUMBS_UP, 2, true));
        assertThat(seenByAlice.get(1).messageId()).isEqualTo(untouched);
        assertThat(seenByAlice.get(1).reactions()).isEmpty();
        assertThat(reactionsSeenBy(bob)).containsExactly(new ReactionCount(HEART, 1, true),
                new ReactionCount(THUMBS_UP, 2, true));

        ChangePage changes = feed.since(alice, roomId, 0, 100);
        // The message is carried as it is now, so the reactions the page covers are left out.
        assertThat(changes.changes()).extracting(entry -> entry.message() == null ? "change" : "message")
                .containsOnly("message");
        assertThat(changes.changes().get(0).message().reactions()).containsExactly(
                new ReactionCount(HEART, 1, false), new ReactionCount(THUMBS_UP, 2, true));
        ChangePage later = feed.since(bob, roomId, changes.changes().get(0).rev(), 100);
        assertThat(later.changes()).extracting(entry -> entry.change() == null ? null : entry.change().kind())
                .containsExactly(ChangeKind.REACTION, ChangeKind.REACTION, ChangeKind.REACTION, null);
    }

    @Test
    void aMessageHoldsABoundedNumberOfDistinctEmoji() {
        reactions.react(alice, roomId, messageId, THUMBS_UP);
        reactions.react(alice, roomId, messageId, HEART);
        reactions.react(alice, roomId, messageId, FLAG);

        refused(ErrorCode.CONFLICT, () -> reactions.react(alice, roomId, messageId, KEYCAP));
        refused(ErrorCode.CONFLICT, () -> reactions.react(bob, roomId, messageId, FAMILY));
        assertThat(reactions.react(bob, roomId, messageId, FLAG)).as("an emoji the message holds").isTrue();
        reactions.unreact(alice, roomId, messageId, HEART);
        assertThat(reactions.react(bob, roomId, messageId, FAMILY)).as("a place freed").isTrue();
        assertThat(reactionsSeenBy(bob)).extracting(ReactionCount::emoji).containsExactly(THUMBS_UP, FLAG, FAMILY);
    }

    @Test
    void aDeletedMessageLosesItsReactionsAndTakesNoMore() {
        reactions.react(bob, roomId, messageId, HEART);
        reactions.react(alice, roomId, messageId, HEART);

        messages.delete(alice, roomId, messageId);

        assertThat(jdbc.queryForObject("select count(*) from message_reactions where message_id = ?", Integer.class,
                messageId)).isZero();
        MessageView tombstone = messages.history(bob, roomId, null, null, 10).messages().get(0);
        assertThat(tombstone.deleted()).isTrue();
        assertThat(tombstone.reactions()).isEmpty();
        long rev = log.lastRev(roomId);
        refused(ErrorCode.CONFLICT, () -> reactions.react(bob, roomId, messageId, THUMBS_UP));
        refused(ErrorCode.CONFLICT, () -> reactions.unreact(bob, roomId, messageId, HEART));
        assertThat(log.lastRev(roomId)).isEqualTo(rev);
    }

    @Test
    void onlyMembersReactToMessagesOfTheirRoom() {
        Long otherRoom = rooms.create(carol, new CreateRoom("elsewhere", RoomType.GROUP, List.of(bob.userId()))).id();
        long elsewhere = posting.post(carol, otherRoom, "e-1", "not in your room").message().messageId();

        DomainException outsider = refused(ErrorCode.NOT_FOUND,
                () -> reactions.react(carol, roomId, messageId, HEART));
        DomainException noRoom = refused(ErrorCode.NOT_FOUND,
                () -> reactions.react(carol, Long.MAX_VALUE, messageId, HEART));
        assertThat(outsider.getMessage()).isEqualTo("room " + roomId + " does not exist");
        assertThat(noRoom.getMessage()).isEqualTo("room " + Long.MAX_VALUE + " does not exist");
        refused(ErrorCode.NOT_FOUND, () -> reactions.react(bob, roomId, elsewhere, HEART));
        refused(ErrorCode.NOT_FOUND, () -> reactions.react(bob, roomId, Long.MAX_VALUE, HEART));
        refused(ErrorCode.FORBIDDEN, () -> reactions.react(new Actor("root", Role.ADMIN), roomId, messageId, HEART));
        refused(ErrorCode.BAD_REQUEST, () -> reactions.react(bob, roomId, messageId, "ok"));
        refused(ErrorCode.BAD_REQUEST, () -> reactions.react(bob, roomId, messageId, THUMBS_UP + THUMBS_UP));
        refused(ErrorCode.BAD_REQUEST, () -> reactions.unreact(bob, roomId, messageId, ""));
        assertThat(reactionsSeenBy(bob)).isEmpty();
    }

    @Test
    void aBlockClosesADirectRoomToNewReactionsButNotToTakingOneBack() {
        Long direct = rooms.direct(alice, bob.userId()).room().id();
        long message = posting.post(bob, direct, "d-1", "hi").message().messageId();
        reactions.react(alice, direct, message, HEART);

        blocks.block(alice, bob.userId());

        refused(ErrorCode.FORBIDDEN, () -> reactions.react(alice, direct, message, THUMBS_UP));
        assertThat(reactions.unreact(alice, direct, message, HEART)).isTrue();
    }

    @Test
    void concurrentReactionsCountEveryUserOnceUnderConsecutiveRevs() throws Exception {
        int users = 24;
        List<Actor> members = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            members.add(new Actor("fan-" + i + "-" + roomId, Role.USER));
        }
        Long room = rooms.create(alice, new CreateRoom("crowd", RoomType.GROUP,
                members.stream().map(Actor::userId).toList())).id();
        long message = posting.post(alice, room, "popular", "react, everyone").message().messageId();
        long before = log.lastRev(room);

        List<Callable<Object>> reacts = new ArrayList<>();
        for (Actor member : members) {
            reacts.add(() -> reactions.react(member, room, message, THUMBS_UP));
            reacts.add(() -> reactions.react(member, room, message, THUMBS_UP)); // the same again, at the same time
        }
        List<Object> outcomes = runTogether(reacts);

        assertThat(outcomes).filteredOn(Boolean.TRUE::equals).hasSize(users);
        assertThat(outcomes).filteredOn(Boolean.FALSE::equals).hasSize(users);
        List<RoomChange> logged = log.read(room, before, Long.MAX_VALUE, 1000);
        assertThat(logged).extracting(RoomChange::rev)
                .containsExactlyElementsOf(LongStream.rangeClosed(before + 1, before + users).boxed().toList());
        assertThat(logged).extracting(change -> JSON.readTree(change.fields()).path("count").asInt())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, users).mapToObj(i -> (int) i).toList());
        assertThat(messages.history(alice, room, null, null, 1).messages().get(0).reactions())
                .containsExactly(new ReactionCount(THUMBS_UP, users, false));

        List<Callable<Object>> unreacts = new ArrayList<>();
        for (Actor member : members) {
            unreacts.add(() -> reactions.unreact(member, room, message, THUMBS_UP));
        }
        assertThat(runTogether(unreacts)).containsOnly(Boolean.TRUE);
        List<RoomChange> taken = log.read(room, before + users, Long.MAX_VALUE, 1000);
        assertThat(taken).extracting(RoomChange::rev).containsExactlyElementsOf(
                LongStream.rangeClosed(before + users + 1, before + 2L * users).boxed().toList());
        assertThat(JSON.readTree(taken.get(users - 1).fields()).path("count").asInt(-1)).isZero();
        rooms.delete(alice, room);
    }

    private List<ReactionCount> reactionsSeenBy(Actor reader) {
        return messages.history(reader, roomId, null, null, 10).messages().stream()
                .filter(message -> message.messageId() == messageId).findFirst().orElseThrow().reactions();
    }

    private static DomainException refused(ErrorCode code, ThrowingCallable call) {
        DomainException refused = catchThrowableOfType(DomainException.class, call);
        assertThat(refused).as("refused with %s", code).isNotNull();
        assertThat(refused.code()).as(refused.getMessage()).isEqualTo(code);
        return refused;
    }

    /** Runs the calls on threads of their own, released at once; each outcome is a result or what it threw. */
    private static List<Object> runTogether(List<Callable<Object>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
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
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @AfterEach
    void deleteRoom() {
        rooms.delete(alice, roomId);
    }
}
