package io.chatplatform.client;

import static io.chatplatform.client.ChatClientRefusalTest.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What sync(roomId) catches up. */
class ChatClientSyncTest {

    private static final Duration WITHIN = Duration.ofSeconds(10);

    @Test
    void syncJustAfterConnectingCatchesUpFromTheFirstChangeThoughALiveFrameOvertookIt() throws Exception {
        try (ScriptedServer server = new ScriptedServer();
                ChatClient client = ChatClient.builder(server.uri()).token("t.e.k").build()) {
            List<Frame> messages = new CopyOnWriteArrayList<>();
            client.on("message", messages::add);
            connect(client, server);
            // an active room: someone's message reaches the client before the application's sync(1)
            server.send("{\"type\":\"MESSAGE\",\"roomId\":1,\"rev\":3,\"seq\":3,\"messageId\":13,\"senderId\":\"bob\","
                    + "\"body\":\"three\"}");
            await().atMost(WITHIN).until(() -> messages.size() == 1);

            CompletableFuture<Long> caughtUp = client.sync(1);
            Frame sync = server.expect("SYNC", WITHIN);
            assertThat(sync.longValue("afterRev")).isZero();
            server.send("{\"type\":\"CHANGES\",\"roomId\":1,\"rev\":3,\"hasMore\":false,\"changes\":["
                    + "{\"type\":\"MESSAGE\",\"rev\":1,\"seq\":1,\"messageId\":11,\"senderId\":\"bob\","
                    + "\"body\":\"one\"},"
                    + "{\"type\":\"MESSAGE\",\"rev\":2,\"seq\":2,\"messageId\":12,\"senderId\":\"bob\","
                    + "\"body\":\"two\"},"
                    + "{\"type\":\"MESSAGE\",\"rev\":3,\"seq\":3,\"messageId\":13,\"senderId\":\"bob\","
                    + "\"body\":\"three\"}]}");

            assertThat(caughtUp.get(10, TimeUnit.SECONDS)).isEqualTo(3);
            await().atMost(WITHIN).until(() -> messages.size() >= 3);
            // each once: the one delivered live is not delivered again
            assertThat(messages).extracting(m -> m.string("body")).containsExactly("three", "one", "two");
        }
    }
}
