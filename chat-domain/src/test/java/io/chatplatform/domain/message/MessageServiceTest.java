package io.chatplatform.domain.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.chatplatform.domain.change.RoomChangeLog;
import io.chatplatform.domain.DomainConfiguration;
import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.common.ErrorCode;
import io.chatplatform.domain.contact.BlockService;
import io.chatplatform.domain.posting.MessagePosted;
import io.chatplatform.domain.posting.Post;
import io.chatplatform.domain.posting.PostResult;
import io.chatplatform.domain.posting.Posting;
import io.chatplatform.domain.posting.PostingBeans;
import io.chatplatform.domain.room.CreateRoom;
import io.chatplatform.domain.room.RoomAccess;
import io.chatplatform.domain.room.RoomProperties;
import io.chatplatform.domain.room.RoomService;
import io.chatplatform.domain.room.RoomType;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.LongStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

@DataJpaTest(properties = {"chat.messages.max-body-length=100", "chat.messages.history-page-limit=5"})
@Import({DomainConfiguration.class, BlockService.class, RoomAccess.class, RoomService.class, MessageService.class,
        ClientReads.class, PostingBeans.class, RoomChangeLog.class, ReactionService.class})
@EnableConfigurationProperties({MessageProperties.class, RoomProperties.class, ReactionProperties.class}) // slice tests filter @ConfigurationPropertiesScan
@RecordApplicationEvents
class MessageServiceTest {

    static final Actor ALICE = new Actor("alice", Role.USER);
    static final Actor BOB = new Actor("bob", Role.USER);
    static final Actor CAROL = new Actor("carol", Role.USER);
    static final Actor ROOT = new Actor("root", Role.ADMIN);

    @Autowired
    RoomService rooms;

    @Autowired
    MessageService messages;

    @Autowired
    Posting posting;

    @Autowired
    MessageRepository repository;

    @Autowired
    ApplicationEvents events;

    @Autowired
    JdbcTemplate jdbc;

    Long roomOfAliceAndBob() {
        return rooms.create(ALICE, new CreateRoom("general", RoomType.GROUP, List.of("bob"))).id();
    }

    /** Posts {@code count} messages as alice, seq 1..count, body "m<seq>". */
    Long roomWithMessages(int count) {
        Long roomId = roomOfAliceAndBob();
        for (int i = 1; i <= count; i++) {
            posting.post(ALICE, roomId, "c" + i, "m" + i);
        }
        return roomId;
    }

    static List<Long> seqs(MessagePage page) {
        return page.messages().stream().map(MessageView::seq).toList();
    }

    static List<Long> range(long fromInclusive, long toInclusive) {
        return LongStream.rangeClosed(fromInclusive, toInclusive).boxed().toList();
    }

    @Test
    void seqStartsAtOneAndGrowsByOne() {
        Long roomId = roomOfAliceAndBob();

        PostResult first = posting.post(ALICE, roomId, "a-1", "hello");
        PostResult second = posting.post(BOB, roomId, "b-1", "hi");
        PostResult third = posting.post(ALICE, roomId, "a-2", "how are you?");

        assertThat(List.of(first, second, third)).extracting(r -> r.message().seq()).containsExactly(1L, 2L, 3L);
        assertThat(List.of(first, second, third)).extracting(PostResult::duplicate).containsOnly(false);
        assertThat(List.of(first, second, third)).extracting(r -> r.message().messageId()).doesNotHaveDuplicates();
        assertThat(second.message()).extracting(MessageView::roomId, MessageView::senderId, MessageView::clientMsgId,
                MessageView::body).containsExactly(roomId, "bob", "b-1", "hi");
        assertThat(second.message().sentAt()).isNotNull();
        assertThat(rooms.get(ALICE, roomId).lastSeq()).isEqualTo(3);
        assertThat(events.stream(MessagePosted.class)).extracting(e -> e.message().seq()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void seqIsCountedPerRoom() {
        Long general = roomOfAliceAndBob();
        Long other = rooms.create(BOB, new CreateRoom("other", RoomType.GROUP, List.of())).id();

        posting.post(ALICE, general, "a-1", "one");
        posting.post(ALICE, general, "a-2", "two");

        assertThat(posting.post(BOB, other, "b-1", "first here").message().seq()).isEqualTo(1);
    }

    @Test
    void retriedClientMsgIdReturnsTheStoredMessageAndStoresNothing() {
        Long roomId = roomOfAliceAndBob();
        PostResult original = posting.post(ALICE, roomId, "retry-me", "hello");

        PostResult retry = posting.post(ALICE, roomId, "retry-me", "hello, edited");

        assertThat(original.duplicate()).isFalse();
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.message()).isEqualTo(original.message());
        assertThat(retry.message().body()).isEqualTo("hello");
        assertThat(repository.count()).isEqualTo(1);
        assertThat(rooms.get(ALICE, roomId).lastSeq()).isEqualTo(1);
        assertThat(events.stream(MessagePosted.class)).hasSize(1);
        assertThat(posting.post(ALICE, roomId, "next", "after the retry").message().seq()).isEqualTo(2);
    }

    @Test
    void sameClientMsgIdFromAnotherSenderIsANewMessage() {
        Long roomId = roomOfAliceAndBob();

        PostResult fromAlice = posting.post(ALICE, roomId, "same-id", "from alice");
        PostResult fromBob = posting.post(BOB, roomId, "same-id", "from bob");

        assertThat(fromBob.duplicate()).isFalse();
        assertThat(fromBob.message().messageId()).isNotEqualTo(fromAlice.message().messageId());
        assertThat(fromBob.message().seq()).isEqualTo(2);
        assertThat(repository.count()).isEqualTo(2);
    }

    @Test
    void sameClientMsgIdInAnotherRoomIsANewMessage() {
        Long general = roomOfAliceAndBob();
        Long other = rooms.create(ALICE, new CreateRoom("other", RoomType.GROUP, List.of())).id();
        posting.post(ALICE, general, "same-id", "in general");

        PostResult inOther = posting.post(ALICE, other, "same-id", "in other");

        assertThat(inOther.duplicate()).isFalse();
        assertThat(inOther.message().roomId()).isEqualTo(other);
        assertThat(repository.count()).isEqualTo(2);
    }

    @Test
    void nonMemberCannotPost() {
        Long roomId = roomOfAliceAndBob();

        assertCode(() -> posting.post(CAROL, roomId, "c-1", "let me in"), ErrorCode.NOT_FOUND);
        assertThat(repository.count()).isZero();
        assertThat(rooms.get(ALICE, roomId).lastSeq()).isZero();
    }

    /** Outsiders probing room ids learn nothing: a room they are not in answers as one that does not exist. */
    @Test
    void toANonMemberMessagesOfARoomAnswerAsForARoomThatDoesNotExist() {
        Long existing = roomWithMessages(1);
        Long missing = existing + 999_999L;
        Long messageId = messages.history(ALICE, existing, null, null, null).messages().get(0).messageId();
        java.util.Map<String, java.util.function.Consumer<Long>> probes = new java.util.LinkedHashMap<>();
        probes.put("post", id -> posting.post(CAROL, id, "probe", "hello?"));
        probes.put("history", id -> messages.history(CAROL, id, null, null, null));
        probes.put("sync", id -> messages.history(CAROL, id, 0L, null, null));
        probes.put("edit", id -> messages.edit(CAROL, id, messageId, "mine now"));
        probes.put("delete", id -> messages.delete(CAROL, id, messageId));

        probes.forEach((probe, call) -> {
            DomainException aboutExisting = catchThrowableOfType(DomainException.class, () -> call.accept(existing));
            DomainException aboutMissing = catchThrowableOfType(DomainException.class, () -> call.accept(missing));
            assertThat(aboutExisting.code()).as(probe).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(aboutExisting.getMessage().replace(existing.toString(), "{id}")).as(probe)
                    .isEqualTo(aboutMissing.getMessage().replace(missing.toString(), "{id}"));
        });
    }

    @Test
    void postingIntoUnknownRoomIsNotFound() {
        assertCode(() -> posting.post(ALICE, 999_999L, "c-1", "anyone?"), ErrorCode.NOT_FOUND);
    }

    @Test
    void emptyBodyIsBadRequest() {
        Long roomId = roomOfAliceAndBob();

        assertCode(() -> posting.post(ALICE, roomId, "c-1", ""), ErrorCode.BAD_REQUEST);
        assertCode(() -> posting.post(ALICE, roomId, "c-2", null), ErrorCode.BAD_REQUEST);
        assertThat(repository.count()).isZero();
    }

    @Test
    void missingOrOverlongClientMsgIdOrMissingRoomIsBadRequest() {
        Long roomId = roomOfAliceAndBob();

        assertCode(() -> posting.post(ALICE, roomId, null, "body"), ErrorCode.BAD_REQUEST);
        assertCode(() -> posting.post(ALICE, roomId, " ", "body"), ErrorCode.BAD_REQUEST);
        assertCode(() -> posting.post(ALICE, roomId, "x".repeat(129), "body"), ErrorCode.BAD_REQUEST);
        assertCode(() -> posting.post(ALICE, null, "c-1", "body"), ErrorCode.BAD_REQUEST);
        assertThat(posting.post(ALICE, roomId, "x".repeat(128), "body").duplicate()).isFalse();
    }

    @Test
    void bodyLongerThanTheConfiguredMaximumIsTooLarge() {
        Long roomId = roomOfAliceAndBob();

        assertCode(() -> posting.post(ALICE, roomId, "c-1", "x".repeat(101)), ErrorCode.TOO_LARGE);
        assertThat(posting.post(ALICE, roomId, "c-2", "x".repeat(100)).message().body()).hasSize(100);
        assertThat(repository.count()).isEqualTo(1);
    }

    @Test
    void historyReadsForwardFromAfterSeq() {
        Long roomId = roomWithMessages(12);

        MessagePage first = messages.history(BOB, roomId, 0L, null, 4);
        MessagePage middle = messages.history(BOB, roomId, 4L, null, 4);
        MessagePage last = messages.history(BOB, roomId, 8L, null, 4);
        MessagePage beyond = messages.history(BOB, roomId, 12L, null, 4);

        assertThat(seqs(first)).isEqualTo(range(1, 4));
        assertThat(first.hasMore()).isTrue();
        assertThat(seqs(middle)).isEqualTo(range(5, 8));
        assertThat(middle.hasMore()).isTrue();
        assertThat(seqs(last)).isEqualTo(range(9, 12));
        assertThat(last.hasMore()).isFalse();
        assertThat(beyond.messages()).isEmpty();
        assertThat(beyond.hasMore()).isFalse();
        assertThat(first.messages().get(0).body()).isEqualTo("m1");
    }

    @Test
    void historyReadsBackwardFromBeforeSeqInAscendingOrder() {
        Long roomId = roomWithMessages(12);

        MessagePage page = messages.history(BOB, roomId, null, 8L, 3);
        MessagePage oldest = messages.history(BOB, roomId, null, 3L, 5);

        assertThat(seqs(page)).isEqualTo(range(5, 7));
        assertThat(page.hasMore()).isTrue();
        assertThat(seqs(oldest)).isEqualTo(range(1, 2));
        assertThat(oldest.hasMore()).isFalse();
    }

    @Test
    void historyWithoutCursorReturnsTheNewestPage() {
        Long roomId = roomWithMessages(12);

        MessagePage newest = messages.history(BOB, roomId, null, null, 3);

        assertThat(seqs(newest)).isEqualTo(range(10, 12));
        assertThat(newest.hasMore()).isTrue();
        assertThat(seqs(messages.history(BOB, roomId, null, null, 5))).isEqualTo(range(8, 12));
    }

    @Test
    void historyBetweenBothCursorsStaysInsideThem() {
        Long roomId = roomWithMessages(12);

        MessagePage window = messages.history(BOB, roomId, 3L, 7L, 5);
        MessagePage narrow = messages.history(BOB, roomId, 3L, 7L, 2);

        assertThat(seqs(window)).isEqualTo(range(4, 6));
        assertThat(window.hasMore()).isFalse();
        assertThat(seqs(narrow)).isEqualTo(range(4, 5));
        assertThat(narrow.hasMore()).isTrue();
    }

    @Test
    void historyOfAnEmptyRoomIsEmpty() {
        Long roomId = roomOfAliceAndBob();

        MessagePage page = messages.history(BOB, roomId, null, null, null);

        assertThat(page.messages()).isEmpty();
        assertThat(page.hasMore()).isFalse();
    }

    @Test
    void historyLimitIsCappedByTheConfiguredPageLimit() {
        Long roomId = roomWithMessages(12);

        MessagePage huge = messages.history(BOB, roomId, 0L, null, 1000);
        MessagePage defaulted = messages.history(BOB, roomId, null, null, null);

        assertThat(seqs(huge)).isEqualTo(range(1, 5));
        assertThat(huge.hasMore()).isTrue();
        assertThat(seqs(defaulted)).isEqualTo(range(8, 12));
        assertThat(defaulted.hasMore()).isTrue();
    }

    @Test
    void invalidHistoryArgumentsAreBadRequest() {
        Long roomId = roomWithMessages(2);

        assertCode(() -> messages.history(BOB, roomId, null, null, 0), ErrorCode.BAD_REQUEST);
        assertCode(() -> messages.history(BOB, roomId, -1L, null, 5), ErrorCode.BAD_REQUEST);
        assertCode(() -> messages.history(BOB, roomId, null, 0L, 5), ErrorCode.BAD_REQUEST);
        // Each names only the field at fault: SYNC has no beforeSeq, and its error must not name one.
        assertThatThrownBy(() -> messages.history(BOB, roomId, -1L, null, 5)).hasMessage("afterSeq must be >= 0");
        assertThatThrownBy(() -> messages.history(BOB, roomId, null, 0L, 5)).hasMessage("beforeSeq must be >= 1");
    }

    @Test
    void nonMemberCannotReadHistoryButPlatformAdminCan() {
        Long roomId = roomWithMessages(3);

        assertCode(() -> messages.history(CAROL, roomId, null, null, null), ErrorCode.NOT_FOUND);
        assertCode(() -> messages.history(CAROL, roomId, 0L, null, null), ErrorCode.NOT_FOUND);
        assertThat(seqs(messages.history(ROOT, roomId, null, null, null))).isEqualTo(range(1, 3));
        assertCode(() -> messages.history(ALICE, 999_999L, null, null, null), ErrorCode.NOT_FOUND);
        assertCode(() -> messages.history(ROOT, 999_999L, null, null, null), ErrorCode.NOT_FOUND);
        assertCode(() -> messages.history(ALICE, null, null, null, null), ErrorCode.BAD_REQUEST);
    }

    /** History reads plain rows; {@link MessageService#range} reads the entities: both give the same views. */
    /**
     * The seq a node's delivery starts a room after: the newest message sent before a time, whatever order the
     * times fall in (a seq is taken at commit, its time a little earlier, so two writers can store them crossed).
     */
    @Test
    void lastSeqSentBeforeIsTheNewestSeqOfTheMessagesSentBeforeTheTime() {
        Long roomId = roomWithMessages(4);
        Long otherRoomId = roomWithMessages(1);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        // seq 1..4 sent at t0+10s, t0+20s, t0+40s, t0+30s: the last two crossed
        long[] secondsAfterT0 = {10, 20, 40, 30};
        for (int i = 0; i < secondsAfterT0.length; i++) {
            jdbc.update("update messages set sent_at = ? where room_id = ? and seq = ?",
                    OffsetDateTime.ofInstant(t0.plusSeconds(secondsAfterT0[i]), ZoneOffset.UTC), roomId, i + 1);
        }
        jdbc.update("update messages set sent_at = ? where room_id = ?", OffsetDateTime.ofInstant(t0, ZoneOffset.UTC),
                otherRoomId);

        assertThat(messages.lastSeqSentBefore(roomId, t0.plusSeconds(10))).isZero();
        assertThat(messages.lastSeqSentBefore(roomId, t0.plusSeconds(11))).isEqualTo(1);
        assertThat(messages.lastSeqSentBefore(roomId, t0.plusSeconds(25))).isEqualTo(2);
        assertThat(messages.lastSeqSentBefore(roomId, t0.plusSeconds(35))).isEqualTo(4);
        assertThat(messages.lastSeqSentBefore(roomId, t0.plusSeconds(45))).isEqualTo(4);
        assertThat(messages.lastSeqSentBefore(otherRoomId, t0.plusSeconds(45))).isEqualTo(1);
        assertThat(messages.lastSeqSentBefore(roomOfAliceAndBob(), t0.plusSeconds(45))).isZero();
    }

    @Test
    void historyCarriesEveryFieldOfTheStoredMessages() {
        Long roomId = roomOfAliceAndBob();
        Long rootId = posting.post(ALICE, new Post(roomId, "root", "root", null, "{\"kind\":\"poll\"}"))
                .message().messageId();
        posting.post(BOB, new Post(roomId, "reply-1", "first reply", rootId, null));
        posting.post(ALICE, new Post(roomId, "reply-2", "second reply", rootId, null));
        Long editedId = posting.post(ALICE, roomId, "edited", "before").message().messageId();
        Long deletedId = posting.post(BOB, roomId, "deleted", "gone soon").message().messageId();
        messages.edit(ALICE, roomId, editedId, "after");
        messages.delete(BOB, roomId, deletedId);

        List<MessageView> stored = messages.range(roomId, 0, Long.MAX_VALUE);
        assertThat(stored).extracting(MessageView::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(stored.get(0).attributes()).isEqualTo("{\"kind\":\"poll\"}");
        assertThat(stored.get(0).thread()).isEqualTo(new MessageView.ThreadSummary(2, stored.get(2).sentAt(),
                List.of("alice", "bob")));
        assertThat(stored.get(1).threadId()).isEqualTo(rootId);
        assertThat(stored.get(3).editedAt()).isNotNull();
        assertThat(stored.get(4).deletedAt()).isNotNull();
        assertThat(stored).extracting(MessageView::rev).doesNotContain(0L);
        assertThat(messages.history(BOB, roomId, 0L, null, 5).messages()).isEqualTo(stored);
        assertThat(messages.history(BOB, roomId, null, null, 5).messages()).isEqualTo(stored);
        assertThat(messages.history(BOB, roomId, 0L, null, 5, false).messages())
                .isEqualTo(List.of(stored.get(0), stored.get(3), stored.get(4)));
    }

    @Test
    void aTombstoneForgetsWhatTheMessageSaidItsAttributesToo() {
        Long roomId = roomOfAliceAndBob();
        Long cardId = posting.post(ALICE, new Post(roomId, "card", "see the card", null, "{\"card\":\"secret link\"}"))
                .message().messageId();

        messages.delete(ALICE, roomId, cardId);

        MessageView tombstone = messages.history(BOB, roomId, 0L, null, 5).messages().get(0);
        assertThat(tombstone.deleted()).isTrue();
        assertThat(tombstone.body()).isEmpty();
        assertThat(tombstone.attributes()).isNull();
        assertThat(jdbc.queryForObject("select attributes from messages where id = ?", String.class, cardId)).isNull();
    }

    /**
     * Runs without the test transaction, so every call commits on its own as it does behind the WebSocket and REST
     * endpoints; the room is deleted at the end.
     */
    @Test
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    void ownPostsKeepTheSendersUnreadCountAtZeroWhileOthersGrow() {
        Actor dora = new Actor("unread-dora", Role.USER);
        Actor emil = new Actor("unread-emil", Role.USER);
        Actor finn = new Actor("unread-finn", Role.USER);
        Long roomId = rooms.create(dora, new CreateRoom("unread", RoomType.GROUP,
                List.of(emil.userId(), finn.userId()))).id();
        try {
            posting.post(dora, roomId, "d-1", "one");
            posting.post(dora, roomId, "d-2", "two");

            assertThat(rooms.get(dora, roomId).unreadCount()).isZero();
            assertThat(rooms.get(emil, roomId).unreadCount()).isEqualTo(2);
            assertThat(rooms.get(finn, roomId).unreadCount()).isEqualTo(2);

            posting.post(emil, roomId, "e-1", "three");

            assertThat(rooms.get(emil, roomId).unreadCount()).isZero();
            assertThat(rooms.get(dora, roomId).unreadCount()).isEqualTo(1);
            assertThat(rooms.get(finn, roomId).unreadCount()).isEqualTo(3);

            posting.post(dora, roomId, "d-2", "two, retried");

            assertThat(rooms.get(finn, roomId).unreadCount()).isEqualTo(3);
            assertThat(rooms.get(dora, roomId).unreadCount()).isEqualTo(1);
        } finally {
            rooms.delete(dora, roomId);
        }
    }

    static void assertCode(ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOf(DomainException.class)
                .extracting(e -> ((DomainException) e).code()).isEqualTo(code);
    }
}
