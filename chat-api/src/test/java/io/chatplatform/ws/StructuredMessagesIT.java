package io.chatplatform.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.WsClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** SEND's {@code attributes}: an application's JSON object, stored and returned with the message. */
class StructuredMessagesIT extends ChatServerTest {

    @Test
    void attributesTravelWithTheMessageLiveAndInHistory() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice, bob);
        WsClient aliceSocket = chat(alice);
        WsClient bobSocket = chat(bob);
        Map<String, Object> card = Map.of("kind", "card", "card", Map.of("title", "Lunch", "seats", 6));

        aliceSocket.send(frame("type", "SEND", "roomId", roomId, "clientMsgId", "with-card", "body", "lunch?",
                "attributes", card));
        aliceSocket.expect("ACK");

        JsonNode live = bobSocket.expect("MESSAGE");
        assertThat(live.path("attributes").path("card").path("title").asString()).isEqualTo("Lunch");
        assertThat(live.path("attributes").path("card").path("seats").asInt()).isEqualTo(6);
        JsonNode history = rest.get("/api/rooms/" + roomId + "/messages", tokenFor(bob)).json();
        assertThat(history.path("messages").get(0).path("attributes")).isEqualTo(live.path("attributes"));
        bobSocket.send(frame("type", "SYNC", "roomId", roomId, "afterRev", 0));
        JsonNode replayed = bobSocket.expect("CHANGES").path("changes").get(0);
        assertThat(replayed.path("attributes")).isEqualTo(live.path("attributes"));
    }

    @Test
    void attributesThatAreNotAnObjectAreRefusedAndNothingIsStored() {
        String alice = uniqueUser("alice");
        long roomId = createRoom(alice);
        WsClient socket = chat(alice);

        socket.send(frame("type", "SEND", "roomId", roomId, "clientMsgId", "bad-attributes", "body", "x",
                "attributes", java.util.List.of(1, 2)));

        JsonNode error = socket.expect("ERROR");
        assertThat(error.path("code").asString()).isEqualTo("BAD_REQUEST");
        assertThat(error.path("ref").asString()).isEqualTo("bad-attributes");
        assertThat(rest.get("/api/rooms/" + roomId + "/messages", tokenFor(alice)).json().path("messages").size())
                .isZero();
        socket.send(frame("type", "PING"));
        socket.expect("PONG");
    }
}
