package io.chatplatform.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatplatform.testing.Actuator;
import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * One room's fan-out on several writer threads, against real clients: the room's sessions are shared among four
 * writers (in turn, as they open), every writer carries its share of the room's messages, and every session still
 * gets every message once, in seq order, while four members post at once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "chat.ws.writer-threads=" + ShardedFanoutIT.WRITERS, "chat.ws.rate-limit=100000",
        "chat.ws.rate-burst=100000"})
class ShardedFanoutIT extends ChatServerTest {

    static final int WRITERS = 4;
    static final int MEMBERS = 16;
    static final int SENDERS = 4;
    static final int PER_SENDER = 50;

    @Test
    void oneRoomsMessagesLeaveThroughEveryWriterAndReachEverySessionInSeqOrder() throws Exception {
        List<String> users = IntStream.range(0, MEMBERS).mapToObj(n -> uniqueUser("m" + n)).toList();
        long roomId = createRoom(users.get(0), users.subList(1, MEMBERS).toArray(String[]::new));
        double[] before = writerFrames();
        List<WsClient> clients = users.stream().map(this::chat).toList();

        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        try {
            List<Future<?>> sending = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                WsClient sender = clients.get(s);
                String prefix = "s" + s + "-";
                sending.add(senders.submit(() -> {
                    for (int n = 0; n < PER_SENDER; n++) {
                        sender.send(sendFrame(roomId, prefix + n, "hello " + n));
                    }
                }));
            }
            for (Future<?> future : sending) {
                future.get();
            }
        } finally {
            senders.shutdown();
        }

        int total = SENDERS * PER_SENDER;
        for (WsClient client : clients) {
            await().atMost(Duration.ofSeconds(60)).until(() -> client.received("MESSAGE").size() >= total);
            assertThat(client.received("MESSAGE").stream().map(message -> message.path("seq").asLong()).toList())
                    .as("every message once, in seq order").containsExactlyElementsOf(
                            LongStream.rangeClosed(1, total).boxed().toList());
        }
        double[] after = writerFrames();
        for (int writer = 0; writer < WRITERS; writer++) {
            assertThat(after[writer] - before[writer])
                    .as("frames writer %d was given: at least one session's share of the room", writer)
                    .isGreaterThanOrEqualTo(total);
        }
    }

    private double[] writerFrames() {
        double[] frames = new double[WRITERS];
        for (int writer = 0; writer < WRITERS; writer++) {
            frames[writer] = Actuator.meter(rest, "chat.ws.writer.frames", "writer", Integer.toString(writer));
        }
        return frames;
    }
}
