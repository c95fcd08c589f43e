package io.chatplatform.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatplatform.domain.posting.PostResult;
import io.chatplatform.domain.posting.Posting;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import io.chatplatform.testing.Actuator;
import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.RestApi;
import io.chatplatform.testing.WsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A room whose history is 200 of the longest bodies, each of 4,000 control characters that JSON writes as six
 * ({@code \u0001}): about 24,000 characters a message, 4.8 million in all, where a session's send queue holds
 * 512 K characters (1 MB). Asking for a page of them must not get the asking socket closed (1013), which would
 * make a client reconnect, SYNC and be closed again, forever: pages are cut to a size the queue takes, and say
 * {@code hasMore}, so the whole history can be read page by page.
 */
class HistoryPagingIT extends ChatServerTest {

    static final int MESSAGES = 200;
    static final String BODY = "\u0001".repeat(4_000);
    /** What one session's send queue holds under the default {@code chat.ws.send-buffer-limit} of 1 MB. */
    static final int SEND_QUEUE_CHARS = 512 * 1024;

    @Autowired
    Posting messages;

    @Test
    void syncPagesThroughHugeEscapedHistoryWithoutClosingTheSocket() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice, bob);
        storeHugeMessages(alice, roomId);
        WsClient socket = chat(bob);

        List<Long> seqs = new ArrayList<>();
        int pages = 0;
        boolean hasMore = true;
        while (hasMore) {
            long afterSeq = seqs.isEmpty() ? 0 : seqs.get(seqs.size() - 1);
            socket.send(Map.of("type", "SYNC", "roomId", roomId, "afterSeq", afterSeq, "limit", MESSAGES));
            await().atMost(WsClient.WAIT).until(() -> !socket.received("HISTORY").isEmpty() || socket.isClosed());
            assertThat(socket.isClosed()).as("the socket was closed with %s after page %d",
                    socket.isClosed() ? socket.awaitCloseCode() : null, pages).isFalse();
            JsonNode page = socket.expect("HISTORY");
            assertThat(page.path("messages").size()).as("page %d", pages).isPositive();
            assertThat(page.toString().length()).as("page %d fits the send queue", pages)
                    .isLessThan(SEND_QUEUE_CHARS);
            page.path("messages").forEach(message -> {
                assertThat(message.path("body").asString()).isEqualTo(BODY);
                seqs.add(message.path("seq").asLong());
            });
            hasMore = page.path("hasMore").asBoolean();
            pages++;
        }

        assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(1, MESSAGES).boxed().toList());
        assertThat(pages).isGreaterThan(1);
        socket.send(Map.of("type", "SYNC", "roomId", roomId, "afterSeq", MESSAGES));
        assertThat(socket.expect("HISTORY").path("messages").isEmpty()).isTrue();
        assertThat(socket.isClosed()).isFalse();
    }

    @Test
    void restHistoryPagesBackwardsThroughHugeEscapedHistoryInBoundedResponses() {
        String alice = uniqueUser("alice");
        long roomId = createRoom(alice);
        storeHugeMessages(alice, roomId);

        List<Long> seqs = new ArrayList<>();
        String query = "?limit=" + MESSAGES;
        boolean hasMore = true;
        while (hasMore) {
            RestApi.Response response = rest.get("/api/rooms/" + roomId + "/messages" + query, tokenFor(alice));
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body().length()).as("response size").isLessThan(SEND_QUEUE_CHARS);
            List<Long> page = response.json().path("messages").valueStream().map(m -> m.path("seq").asLong())
                    .toList();
            assertThat(page).isNotEmpty();
            seqs.addAll(0, page);
            hasMore = response.json().path("hasMore").asBoolean();
            query = "?limit=" + MESSAGES + "&beforeSeq=" + page.get(0);
        }

        assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(1, MESSAGES).boxed().toList());
    }

    /**
     * Stores the messages and waits until the node has also delivered them live (to nobody: no member is
     * connected yet), so that the socket opened next receives only what it asks for. A burst of such messages
     * delivered live fills a member's queue like the history page would.
     */
    private void storeHugeMessages(String sender, long roomId) {
        Actor actor = new Actor(sender, Role.USER);
        double deliveredBefore = Actuator.meter(rest, "chat.messages.delivery");
        List<CompletableFuture<PostResult>> stored = IntStream.range(0, MESSAGES)
                .mapToObj(i -> messages.postAsync(actor, roomId, "huge-" + i, BODY)).toList();
        CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new)).join();
        await().atMost(WsClient.WAIT)
                .until(() -> Actuator.meter(rest, "chat.messages.delivery") >= deliveredBefore + MESSAGES);
    }
}
