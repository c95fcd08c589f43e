package io.chatplatform.api.room;

import static io.chatplatform.testing.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.domain.posting.Posting;
import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.RestApi.Response;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/rooms/{id}/messages}: pages of history in ascending seq, for members and platform ADMINs. */
class RoomHistoryRestIT extends ChatServerTest {

    @Autowired
    Posting messages;

    @Test
    void memberReadsTheWholeShortHistoryInOrder() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice, bob);
        RoomFixtures.post(messages, alice, roomId, "one", "two", "three");

        Response response = rest.get(history(roomId, ""), tokenFor(bob));

        assertThat(response.status()).isEqualTo(200);
        assertThat(seqs(response)).containsExactly(1L, 2L, 3L);
        assertThat(response.json().path("hasMore").asBoolean()).isFalse();
        JsonNode first = response.json().path("messages").get(0);
        assertThat(first.path("roomId").asLong()).isEqualTo(roomId);
        assertThat(first.path("messageId").asLong()).isPositive();
        assertThat(first.path("senderId").asString()).isEqualTo(alice);
        assertThat(first.path("body").asString()).isEqualTo("one");
        assertThat(first.path("clientMsgId").asString()).isNotBlank();
        assertThat(Instant.parse(first.path("sentAt").asString())).isBeforeOrEqualTo(Instant.now());
    }

    @Test
    void emptyRoomHasAnEmptyHistory() {
        String alice = uniqueUser("alice");
        long roomId = createRoom(alice);

        Response response = rest.get(history(roomId, ""), tokenFor(alice));

        assertThat(response.status()).isEqualTo(200);
        assertThat(seqs(response)).isEmpty();
        assertThat(response.json().path("hasMore").asBoolean()).isFalse();
    }

    @Test
    void limitReturnsTheNewestPageAndBeforeSeqPagesBackwards() {
        String alice = uniqueUser("alice");
        long roomId = createRoom(alice);
        RoomFixtures.post(messages, alice, roomId, "1", "2", "3", "4", "5");

        Response newest = rest.get(history(roomId, "?limit=2"), tokenFor(alice));
        Response older = rest.get(history(roomId, "?beforeSeq=4&limit=2"), tokenFor(alice));
        Response oldest = rest.get(history(roomId, "?beforeSeq=2&limit=2"), tokenFor(alice));

        assertThat(seqs(newest)).containsExactly(4L, 5L);
        assertThat(newest.json().path("hasMore").asBoolean()).isTrue();
        assertThat(seqs(older)).containsExactly(2L, 3L);
        assertThat(older.json().path("hasMore").asBoolean()).isTrue();
        assertThat(seqs(oldest)).containsExactly(1L);
        assertThat(oldest.json().path("hasMore").asBoolean()).isFalse();
    }

    @Test
    void afterSeqPagesForwards() {
        String alice = uniqueUser("alice");
        long roomId = createRoom(alice);
        RoomFixtures.post(messages, alice, roomId, "1", "2", "3", "4");

        Response next = rest.get(history(roomId, "?afterSeq=1&limit=2"), tokenFor(alice));
        Response last = rest.get(history(roomId, "?afterSeq=3&limit=2"), tokenFor(alice));
        Response between = rest.get(history(roomId, "?afterSeq=1&beforeSeq=4"), tokenFor(alice));

        assertThat(seqs(next)).containsExactly(2L, 3L);
        assertThat(next.json().path("hasMore").asBoolean()).isTrue();
        assertThat(seqs(last)).containsExactly(4L);
        assertThat(last.json().path("hasMore").asBoolean()).isFalse();
        assertThat(seqs(between)).containsExactly(2L, 3L);
    }

    @Test
    void nonMemberCannotReadTheHistory() {
        String alice = uniqueUser("alice");
        long roomId = createRoom(alice);
        RoomFixtures.post(messages, alice, roomId, "secret");

        assertProblem(rest.get(history(roomId, ""), tokenFor(uniqueUser("mallory"))), 404, "NOT_FOUND");
    }

    @Test
    void formerMemberCannotReadTheHistory() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice, bob);
        rest.delete("/api/rooms/" + roomId + "/members/" + bob, tokenFor(bob));

        assertProblem(rest.get(history(roomId, ""), tokenFor(bob)), 404, "NOT_FOUND");
    }

    @Test
    void platformAdminReadsTheHistoryOfAnyRoom() {
        String alice = uniqueUser("alice");
        long roomId = createRoom(alice);
        RoomFixtures.post(messages, alice, roomId, "moderate me");

        Response response = rest.get(history(roomId, ""), adminTokenFor(uniqueUser("admin")));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("messages").get(0).path("body").asString()).isEqualTo("moderate me");
    }

    @Test
    void historyOfAnUnknownRoomIsNotFound() {
        assertProblem(rest.get(history(Long.MAX_VALUE, ""), tokenFor(uniqueUser("alice"))), 404, "NOT_FOUND");
    }

    @Test
    void outOfRangeOrNonNumericPagingParametersAreBadRequests() {
        String alice = uniqueUser("alice");
        long roomId = createRoom(alice);
        String token = tokenFor(alice);

        for (String query : List.of("?limit=0", "?limit=-5", "?afterSeq=-1", "?beforeSeq=0", "?afterSeq=abc",
                "?limit=many")) {
            assertProblem(rest.get(history(roomId, query), token), 400, "BAD_REQUEST");
        }
        assertProblem(rest.get("/api/rooms/abc/messages", token), 400, "BAD_REQUEST");
    }

    private static String history(long roomId, String query) {
        return "/api/rooms/" + roomId + "/messages" + query;
    }

    private static List<Long> seqs(Response response) {
        return response.json().path("messages").valueStream().map(message -> message.path("seq").asLong()).toList();
    }
}
