package io.chatplatform.client;

import static io.chatplatform.client.ChatClientRefusalTest.connect;
import static io.chatplatform.client.ChatClientRefusalTest.framesUpToMarker;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The outbox's identity of a message: its room and its clientMsgId (docs/protocol.md §8). */
class ChatClientOutboxTest {

    private static final Duration WITHIN = Duration.ofSeconds(10);

    @Test
    void sameClientMsgIdInTwoRoomsIsTwoMessagesSentOneAfterTheOther() throws Exception {
        try (ScriptedServer server = new ScriptedServer();
                ChatClient client = ChatClient.builder(server.uri()).token("t.e.k").build()) {
            connect(client, server);

            CompletableFuture<Ack> inRoom1 = client.send(1, "one", SendOptions.none().withClientMsgId("same"));
            CompletableFuture<Ack> inRoom2 = client.send(2, "two", SendOptions.none().withClientMsgId("same"));
            Frame first = server.expect("SEND", WITHIN);
            assertThat(first.longValue("roomId")).isEqualTo(1);
            // An ERROR would name only ref "same": the second waits until the first is settled.
            assertThat(framesUpToMarker(client, server)).extracting(Frame::type).doesNotContain("SEND");

            server.send("{\"type\":\"ACK\",\"roomId\":1,\"clientMsgId\":\"same\",\"messageId\":7,\"seq\":1}");
            assertThat(inRoom1.get(10, TimeUnit.SECONDS).messageId()).isEqualTo(7);
            Frame second = server.expect("SEND", WITHIN);
            assertThat(second.longValue("roomId")).isEqualTo(2);
            assertThat(second.string("body")).isEqualTo("two");
            assertThat(inRoom2).isNotDone();

            server.send("{\"type\":\"ACK\",\"roomId\":2,\"clientMsgId\":\"same\",\"messageId\":8,\"seq\":1}");
            assertThat(inRoom2.get(10, TimeUnit.SECONDS).messageId()).isEqualTo(8);
            assertThat(client.pending()).isZero();
        }
    }
}
