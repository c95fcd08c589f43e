package io.chatplatform.ws.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatplatform.ws.session.Endpoint;
import io.chatplatform.ws.session.SessionRegistry;
import io.chatplatform.ws.session.WsMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The writers with recording sockets in place of Tomcat's: order per session under concurrent givers, frames that
 * waited leaving together, a stalled socket failing its own session only, and a stop that writes what was given.
 * (Against a real server and real clients: DeliveryEngineIT in chat-api.)
 */
class WriterShardTest {

    /** Records each write (a list of frames, or a ping) and whether two ever overlapped. */
    static class RecordingSocket implements BlockingSocket {
        final List<List<String>> writes = new CopyOnWriteArrayList<>();
        final List<String> frames = new CopyOnWriteArrayList<>();
        volatile boolean overlapped;
        private volatile boolean writing;

        /**
         * Writes as the container's socket does: frames in order until one ends the turn. Each takes no time, so
         * only a turn of zero ends, after the first frame, as a slow reader's does after its first waiting write.
         */
        @Override
        public int sendTexts(List<String> texts, Turn turn) throws IOException {
            enter();
            int sent = 0;
            while (sent < texts.size()) {
                frames.add(texts.get(sent++));
                if (turn.took(0)) {
                    break;
                }
            }
            writes.add(List.copyOf(texts.subList(0, sent)));
            writing = false;
            return sent;
        }

        @Override
        public void sendPing(Turn turn) {
            enter();
            frames.add("<ping>");
            writing = false;
        }

        void enter() {
            overlapped |= writing;
            writing = true;
        }
    }

    /** A recording socket whose writes wait until released: it holds its writer while a test queues more. */
    static class GatedSocket extends RecordingSocket {
        final CountDownLatch writing = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public int sendTexts(List<String> texts, Turn turn) throws IOException {
            writing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            return super.sendTexts(texts, turn);
        }
    }

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final WsMetrics metrics = new WsMetrics(meters, new SessionRegistry());
    final List<WriterShard> shards = new ArrayList<>();
    final List<Throwable> failures = new CopyOnWriteArrayList<>();

    WriterShard shard() {
        return shard(Duration.ofSeconds(10));
    }

    WriterShard shard(Duration turn) {
        WriterShard shard = new WriterShard(shards.size(), "test-writer-" + shards.size(), turn);
        shards.add(shard);
        return shard;
    }

    /** An outbox open from the start, as after READY: these tests are about the writers. */
    ShardOutbox outbox(WriterShard shard, BlockingSocket socket) {
        return new ShardOutbox(shard, socket, Endpoint.CHAT, metrics, 64L << 20, failures::add, false);
    }

    @AfterEach
    void stop() throws InterruptedException {
        shards.forEach(WriterShard::stop);
        for (WriterShard shard : shards) {
            shard.awaitStopped(5_000);
        }
    }

    @Test
    void eachSessionGetsEveryGiversFramesInTheGiversOrderWithoutOverlap() throws Exception {
        givenConcurrently(shard());
    }

    @Test
    void theOrderHoldsWhenEveryTurnEndsAfterOneFrame() throws Exception {
        givenConcurrently(shard(Duration.ZERO)); // every session carried from drain to drain, pings included
    }

    private void givenConcurrently(WriterShard shard) throws Exception {
        List<RecordingSocket> sockets = new ArrayList<>();
        List<ShardOutbox> outboxes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            RecordingSocket socket = new RecordingSocket();
            sockets.add(socket);
            outboxes.add(outbox(shard, socket));
        }
        int givers = 4;
        int frames = 2_000;
        List<Thread> threads = new ArrayList<>();
        for (int g = 0; g < givers; g++) {
            String giver = "g" + g;
            Thread thread = new Thread(() -> {
                for (int n = 0; n < frames; n++) {
                    if (n % 10 == 0) { // a reply to one session between fan-outs
                        outboxes.get(n % outboxes.size()).offer(giver + ":reply:" + n);
                    }
                    for (ShardOutbox outbox : outboxes) {
                        outbox.reserve(giver + ":" + n);
                    }
                    shard.submit(new Write(giver + ":" + n, outboxes));
                    if (n % 500 == 0) {
                        outboxes.get(0).offerPing();
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }

        for (int s = 0; s < sockets.size(); s++) {
            RecordingSocket socket = sockets.get(s);
            int index = s;
            long expectedReplies = IntStream.range(0, frames).filter(n -> n % 10 == 0 && n % sockets.size() == index)
                    .count();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> socket.frames.stream().filter(f -> !f.equals("<ping>")).count()
                            == (long) givers * (frames + expectedReplies));
            for (int g = 0; g < givers; g++) {
                String giver = "g" + g + ":";
                List<Integer> seen = socket.frames.stream().filter(f -> f.startsWith(giver))
                        .map(f -> Integer.parseInt(f.substring(f.lastIndexOf(':') + 1))).toList();
                assertThat(seen).as("socket %d, giver %d", s, g).isSorted();
            }
            assertThat(socket.overlapped).isFalse();
        }
        assertThat(sockets.get(0).frames).contains("<ping>");
        assertThat(failures).isEmpty();
    }

    @Test
    void framesThatWaitedForABusySocketLeaveTogether() throws Exception {
        WriterShard shard = shard();
        GatedSocket socket = new GatedSocket();
        ShardOutbox outbox = outbox(shard, socket);

        outbox.offer("first");
        assertThat(socket.writing.await(10, TimeUnit.SECONDS)).isTrue();
        for (int n = 0; n < 100; n++) {
            outbox.offer("m" + n);
        }
        socket.release.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> socket.frames.size() == 101);
        assertThat(socket.frames.subList(1, 101)).isEqualTo(IntStream.range(0, 100)
                .mapToObj(n -> "m" + n).toList());
        assertThat(socket.writes).as("the first frame alone, the hundred that waited in one go").hasSize(2);
        assertThat(meters.get("chat.ws.writes").counter().count()).isEqualTo(2);
        assertThat(meters.get("chat.ws.frames.out").tag("endpoint", Endpoint.CHAT.path()).counter().count())
                .isEqualTo(101);
    }

    /** A recording socket that also notes each frame it wrote, with its name, in a log the test's sockets share. */
    static RecordingSocket logging(String name, List<String> log) {
        return new RecordingSocket() {
            @Override
            public int sendTexts(List<String> texts, Turn turn) throws IOException {
                int sent = super.sendTexts(texts, turn);
                texts.subList(0, sent).forEach(text -> log.add(name + ":" + text));
                return sent;
            }
        };
    }

    @Test
    void aSessionWhoseWritesUseUpItsTurnLetsTheOthersOfItsWriterGoBeforeItsRest() throws Exception {
        // A turn of zero: every session's turn ends after its first frame, as a slow reader's does once it has kept
        // the writer waiting.
        WriterShard shard = shard(Duration.ZERO);
        GatedSocket gateSocket = new GatedSocket();
        ShardOutbox gate = outbox(shard, gateSocket);
        List<String> log = new CopyOnWriteArrayList<>();
        RecordingSocket slowSocket = logging("slow", log);
        RecordingSocket quickSocket = logging("quick", log);
        // A limit of 500 chars, above the 400 or so the test gives it: frames are freed as they are written.
        ShardOutbox slow = new ShardOutbox(shard, slowSocket, Endpoint.CHAT, metrics, 1_000, failures::add, false);
        ShardOutbox quick = outbox(shard, quickSocket);

        gate.offer("hold the writer");
        assertThat(gateSocket.writing.await(10, TimeUnit.SECONDS)).isTrue();
        // All of this waits for one drain: the slow session's hundred frames first, then one for the quick one.
        for (int n = 0; n < 100; n++) {
            slow.offer("m" + n);
            if (n == 50) {
                slow.offerPing();
            }
        }
        quick.offer("q");
        gateSocket.release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> log.contains("quick:q"));
        for (int n = 100; n < 110; n++) { // collected behind what the slow session still holds
            slow.offer("m" + n);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> slowSocket.frames.size() == 111);
        assertThat(log.indexOf("quick:q")).as("the quick session waited for one turn of the slow one, not 100 frames")
                .isEqualTo(1);
        assertThat(log.get(0)).isEqualTo("slow:m0");
        List<String> expected = new ArrayList<>(IntStream.range(0, 110).mapToObj(n -> "m" + n).toList());
        expected.add(51, "<ping>");
        assertThat(slowSocket.frames).as("the slow session's frames, in the order given, over many turns")
                .isEqualTo(expected);
        assertThat(slowSocket.overlapped).isFalse();
        assertThat(failures).isEmpty();
        assertThat(shard.turnsCut()).as("the hundred that waited took a turn each").isGreaterThanOrEqualTo(99);
        assertThat(slow.reserve("x".repeat(500))).as("every frame freed its room once written").isTrue();
    }

    @Test
    void aStalledSocketFailsItsOwnSessionWhileTheOthersOfItsWriterGoOn() {
        WriterShard shard = shard();
        RecordingSocket healthy = new RecordingSocket();
        ShardOutbox stalledOutbox = outbox(shard, new RecordingSocket() {
            @Override
            public int sendTexts(List<String> texts, Turn turn) throws IOException {
                throw new SocketTimeoutException("stalled past the limit");
            }
        });
        ShardOutbox healthyOutbox = outbox(shard, healthy);

        for (int n = 0; n < 10; n++) {
            for (ShardOutbox outbox : List.of(stalledOutbox, healthyOutbox)) {
                outbox.reserve("m" + n);
            }
            shard.submit(new Write("m" + n, List.of(stalledOutbox, healthyOutbox)));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> healthy.frames.size() == 10);
        assertThat(failures).hasSize(1).first().isInstanceOf(SocketTimeoutException.class);
        assertThat(stalledOutbox.stopped()).isTrue();
    }

    @Test
    void aSocketThatThrowsAnErrorFailsItsOwnSessionAndTheWriterGoesOn() {
        WriterShard shard = shard();
        RecordingSocket healthy = new RecordingSocket();
        ShardOutbox brokenOutbox = outbox(shard, new RecordingSocket() {
            @Override
            public int sendTexts(List<String> texts, Turn turn) {
                throw new StackOverflowError("deep inside the container");
            }
        });
        ShardOutbox healthyOutbox = outbox(shard, healthy);

        brokenOutbox.reserve("m0");
        healthyOutbox.reserve("m0");
        shard.submit(new Write("m0", List.of(brokenOutbox, healthyOutbox)));
        await().atMost(Duration.ofSeconds(10)).until(() -> !failures.isEmpty());
        for (int n = 1; n < 10; n++) {
            healthyOutbox.offer("m" + n);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> healthy.frames.size() == 10);
        assertThat(healthy.frames).isEqualTo(IntStream.range(0, 10).mapToObj(n -> "m" + n).toList());
        assertThat(failures).hasSize(1).first().isInstanceOf(StackOverflowError.class);
        assertThat(brokenOutbox.stopped()).isTrue();
    }

    @Test
    void framesGivenBeforeReadyLeaveRightAfterItInTheOrderGiven() {
        WriterShard shard = shard();
        RecordingSocket socket = new RecordingSocket();
        RecordingSocket other = new RecordingSocket();
        ShardOutbox waiting = new ShardOutbox(shard, socket, Endpoint.CHAT, metrics, 64L << 20, failures::add);
        ShardOutbox open = outbox(shard, other);

        waiting.offer("a");
        for (ShardOutbox outbox : List.of(waiting, open)) { // a fan-out reaching a session not yet READY
            outbox.reserve("room-frame");
        }
        shard.submit(new Write("room-frame", List.of(waiting, open)));
        waiting.offerPing();
        await().atMost(Duration.ofSeconds(10)).until(() -> other.frames.size() == 1);
        assertThat(socket.frames).as("nothing before READY").isEmpty();

        waiting.offerFirst("READY");
        waiting.offer("b");

        await().atMost(Duration.ofSeconds(10)).until(() -> socket.frames.size() == 5);
        assertThat(socket.frames).containsExactly("READY", "a", "room-frame", "<ping>", "b");
        assertThat(failures).isEmpty();
    }

    @Test
    void refusesWhatWouldPassTheLimitAndFreesWhatWasWritten() {
        WriterShard shard = shard();
        RecordingSocket socket = new RecordingSocket();
        ShardOutbox outbox = new ShardOutbox(shard, socket, Endpoint.CHAT, metrics, 20, failures::add, false);

        assertThat(outbox.reserve("x".repeat(10))).isTrue();
        assertThat(outbox.reserve("y")).as("10 chars, 20 bytes, are the limit").isFalse();
        shard.submit(new Write("x".repeat(10), List.of(outbox)));

        await().atMost(Duration.ofSeconds(10)).until(() -> socket.frames.size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.offer("z".repeat(10)));
    }

    @Test
    void stoppingWritesWhatWasGivenBeforeAndWritesLaterFramesOnTheGiversThread() throws InterruptedException {
        WriterShard shard = shard();
        RecordingSocket socket = new RecordingSocket();
        ShardOutbox outbox = outbox(shard, socket);
        for (int n = 0; n < 10_000; n++) {
            outbox.offer("m" + n);
        }

        shard.stop();
        shard.awaitStopped(10_000);
        assertThat(socket.frames).hasSize(10_000).endsWith("m9999");

        outbox.offer("late");
        assertThat(socket.frames).hasSize(10_001).endsWith("late");
    }

    @Test
    void aStoppedWriterFinishesTheTurnsItCarries() throws Exception {
        WriterShard shard = shard(Duration.ZERO);
        RecordingSocket socket = new RecordingSocket();
        ShardOutbox outbox = outbox(shard, socket);
        for (int n = 0; n < 1_000; n++) {
            outbox.offer("m" + n);
        }

        shard.stop();
        shard.awaitStopped(10_000);
        outbox.offer("late"); // behind what the writer carried, if it still carries any

        await().atMost(Duration.ofSeconds(10)).until(() -> socket.frames.size() == 1_001);
        List<String> expected = new ArrayList<>(IntStream.range(0, 1_000).mapToObj(n -> "m" + n).toList());
        expected.add("late");
        assertThat(socket.frames).isEqualTo(expected);
    }
}
